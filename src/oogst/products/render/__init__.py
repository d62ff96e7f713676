"""Turning gathered content into files: the memo (DOCX), the final agenda (PDF), the theme
visuals and key figures (PNG, SVG) and the B1 summary (text and JSON). Each takes a
`ProductContent` and returns bytes per file name; none reads the database."""
