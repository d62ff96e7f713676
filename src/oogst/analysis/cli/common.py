"""What the commands of `oogst analyse` and `oogst evaluate` share: errors the analyst can act
on, reading a file with its problems named, and a few lines on stderr."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


class Failure(Exception):
    """An error the analyst can act on; its message starts with the file or option at fault."""


def reason(exc: BaseException) -> str:
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc)


def warn(message: str) -> None:
    """A warning on stderr, said even with --quiet, above any progress bar (not through it)."""
    from tqdm import tqdm

    tqdm.write(f"oogst analyse: warning: {message}", file=sys.stderr)


class Say:
    """One line on stderr per phase that shows no progress bar (unless --quiet)."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet

    def __call__(self, message: str) -> None:
        if not self.quiet:
            print(message, file=sys.stderr, flush=True)


def read_or_fail(path: str, reader: Callable[[str], T]) -> T:
    """`reader(path)`, with anything that goes wrong told as a problem of that file."""
    try:
        return reader(path)
    except OSError as exc:
        raise Failure(os_error(exc, path)) from None
    except ValueError as exc:
        raise Failure(about(path, exc)) from None
    except Exception as exc:  # a reader's bug must still read as a problem with this file
        raise Failure(f"{path}: cannot read this file ({type(exc).__name__}: {exc})") from None


def about(path: str, exc: BaseException) -> str:
    """The error's message, starting with the file's name (once)."""
    message = str(exc)
    return message if message.startswith((str(path), str(Path(path)))) else f"{path}: {message}"


def os_error(exc: OSError, path: str | Path | None = None) -> str:
    """'FILE: No such file or directory' instead of '[Errno 2] ...'."""
    where = exc.filename if exc.filename is not None else path
    reason = exc.strerror or str(exc)
    return f"{where}: {reason}" if where is not None else reason


def output_closed() -> int:
    """The reader of our standard output stopped early (`| head`), which is no error of
    ours. Python would still flush stdout on exit and print a traceback: point it at
    /dev/null first."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):  # no real file behind sys.stdout
        pass
    return 141  # as a shell reports a command that SIGPIPE ended


def some(values: Any, n: int = 3) -> str:
    """A few values, quoted, to show what a file holds."""
    shown: list[str] = []
    for value in values:
        if len(shown) == n:
            shown.append("…")
            break
        shown.append(repr(value))
    return ", ".join(shown) or "none"
