"""Job functions for the runner tests: each leaves a trace the test can read."""

import threading

from oogst.tasks import JobCancelled

DONE: list[tuple[str, str]] = []


def record(word: str) -> None:
    DONE.append((word, threading.current_thread().name))


def explode(word: str) -> None:
    raise ValueError(f"kapot: {word}")


def give_up() -> None:
    raise JobCancelled()
