"""The embedding cache of `oogst analyse`: where it lives, and a cache that cannot be written
or read is a warning, not an error."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from .common import reason, warn

if TYPE_CHECKING:
    from ..embed import EmbeddingCache


def cache_dir() -> Path:
    """Where `oogst analyse` keeps its embedding cache: `$OOGST_CACHE_DIR`, else the user's
    cache folder (`$XDG_CACHE_HOME/oogst`, else `~/.cache/oogst`; `%LOCALAPPDATA%\\oogst` on
    Windows). One cache wherever the command runs, and no `var/cache` left behind in the
    folder it ran in. (The web app has its own, under its VAR_DIR.)"""
    if os.environ.get("OOGST_CACHE_DIR"):
        return Path(os.environ["OOGST_CACHE_DIR"])
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "oogst"
    base = Path(os.environ.get("XDG_CACHE_HOME") or "")
    if not base.is_absolute():  # the XDG rule: a relative (or empty) path is ignored
        base = Path.home() / ".cache"
    return base / "oogst"


def embedding_cache() -> EmbeddingCache | None:
    """The embedding cache of this run. The cache only saves time, so one that cannot be
    written (a read-only mount, a full disk) or read is a warning, and the run goes on
    without it, or reading only what it already holds."""
    import numpy as np

    from ..embed import EmbeddingCache

    class CommandLineCache(EmbeddingCache):
        writable = True
        broken = False

        def get(self, embedder_name: str, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            if not self.broken:
                try:
                    return super().get(embedder_name, keys)
                except (OSError, ValueError, EOFError) as exc:  # unreadable or damaged
                    self.broken = True
                    warn(
                        f"embedding cache {self.directory} not readable ({reason(exc)}): "
                        "running without it"
                    )
            return np.zeros(len(keys), dtype=bool), np.zeros((0, 0), dtype=np.float32)

        def put(self, embedder_name: str, keys: np.ndarray, vectors: np.ndarray) -> None:
            if self.writable and not self.broken:
                try:
                    super().put(embedder_name, keys, vectors)
                except OSError as exc:
                    self.writable = False
                    warn(
                        f"embedding cache {self.directory} not writable ({reason(exc)}): "
                        "running without it"
                    )

    try:
        directory = cache_dir()
    except RuntimeError as exc:  # Path.home() on a system without a home folder
        warn(
            f"no folder for the embedding cache ({exc}): running without it; set "
            "OOGST_CACHE_DIR to keep embeddings between runs"
        )
        return None
    problem = _not_writable(directory)
    if not problem:
        return CommandLineCache(directory)
    try:
        holds = any(directory.glob("embeddings/*/*.keys.npy"))
    except OSError:
        holds = False
    if not holds:
        warn(f"embedding cache {directory} not writable ({problem}): running without it")
        return None
    warn(
        f"embedding cache {directory} not writable ({problem}): using the embeddings it "
        "holds, storing no new ones"
    )
    cache = CommandLineCache(directory)
    cache.writable = False
    return cache


def _not_writable(directory: Path) -> str:
    """Why no file can be written in `directory` (made if need be), or "" when one can."""
    if directory.exists() and not directory.is_dir():
        return "it is a file, not a folder"
    probe = directory / f".oogst-write-test.{os.getpid()}"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        probe.open("w").close()
        probe.unlink()
    except OSError as exc:
        return reason(exc)
    return ""
