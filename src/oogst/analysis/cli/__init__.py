"""The analysis from the command line, one module per command: `oogst analyse`
(`analyse.py`, with its embedding cache in `cache.py`) and `oogst evaluate`
(`evaluate.py`); what they share is in `common.py`."""

from .analyse import analyse_main
from .cache import cache_dir
from .evaluate import evaluate_main

__all__ = ["analyse_main", "cache_dir", "evaluate_main"]
