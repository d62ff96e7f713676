"""Summaries: extractive by default, optionally written by a self-hosted LLM.

The extractive summary strings together the most central, mutually different sentences of
a group (no model needed). The LLM summary is off unless the user configures an
OpenAI-compatible endpoint (`OOGST_LLM_URL`, e.g. http://localhost:8000/v1, plus
`OOGST_LLM_MODEL` and optionally `OOGST_LLM_API_KEY`) and asks for it; nothing is ever sent
anywhere by default.
"""

from __future__ import annotations

import json
import os
import urllib.request
from collections.abc import Sequence

import numpy as np


def summary_rows(rows: Sequence[int], dense: np.ndarray, n_sentences: int = 3) -> list[int]:
    """The most central, mutually different contributions of a group (rows of `dense`), in
    the order their first sentences make up the extractive summary."""
    rows = list(rows)
    if not rows:
        return []
    vectors = dense[rows]
    centre = vectors.mean(axis=0)
    centrality = vectors @ centre
    order = list(np.lexsort((np.array(rows), -centrality)))
    chosen: list[int] = []
    for i in order:
        if all(float(vectors[i] @ vectors[j]) < 0.8 for j in chosen):
            chosen.append(int(i))
        if len(chosen) >= n_sentences:
            break
    return [rows[i] for i in chosen]


def llm_configured() -> bool:
    return bool(os.environ.get("OOGST_LLM_URL") and os.environ.get("OOGST_LLM_MODEL"))


def llm_summary(texts: Sequence[str], instruction: str, timeout: float = 60.0) -> str:
    """Ask the configured OpenAI-compatible endpoint for a summary of `texts`.

    Raises RuntimeError when no endpoint is configured.
    """
    url = os.environ.get("OOGST_LLM_URL", "").rstrip("/")
    model = os.environ.get("OOGST_LLM_MODEL", "")
    if not url or not model:
        raise RuntimeError("set OOGST_LLM_URL and OOGST_LLM_MODEL to use an LLM summary")
    body = {
        "model": model,
        "temperature": 0,
        "messages": [
            {"role": "system", "content": instruction},
            {"role": "user", "content": "\n".join(f"- {t}" for t in texts)},
        ],
    }
    request = urllib.request.Request(
        f"{url}/chat/completions",
        data=json.dumps(body).encode("utf-8"),
        headers={"Content-Type": "application/json"},
    )
    key = os.environ.get("OOGST_LLM_API_KEY")
    if key:
        request.add_header("Authorization", f"Bearer {key}")
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        payload = json.loads(response.read().decode("utf-8"))
    return str(payload["choices"][0]["message"]["content"]).strip()
