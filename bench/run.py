"""`make bench`: every benchmark of Oogst in one run, each in its own process.

    .venv/bin/python bench/run.py                 # all of them
    .venv/bin/python bench/run.py import privacy  # only some

The figures and the command behind each are recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
OOGST = str(Path(PY).with_name("oogst"))

BENCHES: dict[str, list[str]] = {
    "privacy": [OOGST, "redact-eval", "--split", "each"],
    "import": [PY, "bench/import_bench.py"],
    "safeguards": [PY, "bench/safeguards_bench.py"],
    "analysis": [PY, "bench/analysis.py"],
    "api": [PY, "bench/api_pages.py"],
    "learning": [PY, "bench/analysis_learning.py", "--figures", "docs/figures"],
    "kinds": [PY, "bench/train_kinds.py", "--score"],
    "insights": [PY, "bench/insights_bench.py"],
    "selection": [PY, "bench/selection_bench.py"],
}


def main(argv: list[str]) -> int:
    chosen = argv or list(BENCHES)
    unknown = [name for name in chosen if name not in BENCHES]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHES)}")
        return 2
    failed = []
    for name in chosen:
        shown = " ".join(Path(a).name if i == 0 else a for i, a in enumerate(BENCHES[name]))
        print(f"\n=== {name}: {shown}", flush=True)
        start = time.perf_counter()
        code = subprocess.call(BENCHES[name], cwd=ROOT)
        outcome = "ok" if code == 0 else f"FAILED ({code})"
        print(f"=== {name}: {outcome} in {time.perf_counter() - start:.0f} s", flush=True)
        if code:
            failed.append(name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
