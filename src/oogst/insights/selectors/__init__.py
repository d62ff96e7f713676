"""Reading insights, one module per job: `evidence` (what stands behind an insight, its
counts and spread), `board` (the findings board), `policy` (the ministry matrix and a
liaison's column), `similarity` (the analysis library's embedder), `transfer` (export)."""
