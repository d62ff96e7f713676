"""Background tasks: `enqueue("pkg.module.function", *args)` runs a function outside the
request, in a thread of the web process by default or on RQ/Redis when a broker is set
(`settings.OOGST_BROKER_URL`; start workers with `oogst worker`).

Job functions take JSON arguments, write their progress where the pages can read it, and
raise `JobCancelled` when they stop because they were asked to.
"""

from __future__ import annotations


class JobCancelled(Exception):  # noqa: N818 — it is a request to stop, not an error
    """Raised by a job function that stopped because someone asked it to."""


def enqueue(func_path: str, *args) -> int:
    """Run `func_path(*args)` in the background; returns the id of its `Job` row."""
    from .runner import enqueue as _enqueue

    return _enqueue(func_path, *args)


__all__ = ["JobCancelled", "enqueue"]
