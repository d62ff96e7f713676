"""The `oogst` command line: our own commands, and Django's management commands behind them.

Library commands (analysis, privacy, data generation) run without Django; everything else
is handed to Django's management machinery, so `oogst migrate` and `oogst runserver` work too.
"""

from __future__ import annotations

import importlib
import os
import sys

# Commands that do not need Django: name -> "module:function". Each function takes the
# argument list after the command name and returns an exit code.
LIBRARY_COMMANDS: dict[str, str] = {
    "analyse": "oogst.analysis.cli:analyse_main",
    "evaluate": "oogst.analysis.cli:evaluate_main",
    "redact": "oogst.privacy.cli:redact_main",
    "redact-eval": "oogst.privacy.cli:evaluate_main",
    "generate": "oogst.demo.synthetic:generate_main",
}


def configure_threads() -> None:
    """Size every numeric thread pool to the machine before numpy loads: oversubscribing
    2 cores with 4 threads made embedding 18x slower."""
    cores = str(
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    )
    for var in (
        "OMP_NUM_THREADS",
        "OPENBLAS_NUM_THREADS",
        "MKL_NUM_THREADS",
        "NUMEXPR_NUM_THREADS",
    ):
        os.environ.setdefault(var, cores)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    configure_threads()
    if argv and argv[0] in LIBRARY_COMMANDS:
        module_name, func_name = LIBRARY_COMMANDS[argv[0]].split(":")
        try:
            func = getattr(importlib.import_module(module_name), func_name)
            return int(func(argv[1:]) or 0)
        except KeyboardInterrupt:
            # Ctrl-C while the libraries load or the command runs; a command that must undo
            # something (`analyse`) catches it itself first.
            print(f"oogst {argv[0]}: interrupted", file=sys.stderr)
            return 130
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oogst.settings")
    from django.core.management import execute_from_command_line

    if argv and argv[0] == "import" and len(argv) > 1:
        # `oogst import polis DIR` reads better than `oogst import_polis DIR`.
        argv = [f"import_{argv[1]}", *argv[2:]]
    if not argv:
        argv = ["help"]
    execute_from_command_line(["oogst", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
