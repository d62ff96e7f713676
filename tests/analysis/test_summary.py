"""Summaries: extractive without any model; the LLM only when configured, never by default."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest

from oogst.analysis import summary
from oogst.analysis.summary import llm_configured, llm_summary, summary_rows


def test_the_summary_takes_central_contributions_that_differ():
    # Rows 0 and 1 say the same; row 2 something else: one of the pair, then row 2.
    dense = np.array([[1.0, 0.0], [1.0, 0.0], [0.6, 0.8]], dtype=np.float32)
    assert summary_rows([0, 1, 2], dense, n_sentences=2) == [0, 2]


def test_llm_is_off_unless_configured(monkeypatch):
    monkeypatch.delenv("OOGST_LLM_URL", raising=False)
    monkeypatch.delenv("OOGST_LLM_MODEL", raising=False)
    assert not llm_configured()
    with pytest.raises(RuntimeError):
        llm_summary(["a"], "vat samen")


def test_llm_summary_speaks_the_openai_chat_protocol(monkeypatch):
    monkeypatch.setenv("OOGST_LLM_URL", "http://llm.internal:8000/v1/")
    monkeypatch.setenv("OOGST_LLM_MODEL", "eigen-model")
    monkeypatch.setenv("OOGST_LLM_API_KEY", "geheim")
    sent = {}

    def fake_urlopen(request, timeout):
        sent["url"] = request.full_url
        sent["body"] = json.loads(request.data)
        sent["auth"] = request.get_header("Authorization")
        reply = {"choices": [{"message": {"content": " Samenvatting. "}}]}
        return io.BytesIO(json.dumps(reply).encode())

    monkeypatch.setattr(summary.urllib.request, "urlopen", fake_urlopen)
    assert llm_summary(["huur te hoog"], "Vat samen.") == "Samenvatting."
    assert sent["url"] == "http://llm.internal:8000/v1/chat/completions"
    assert sent["body"]["model"] == "eigen-model" and sent["body"]["temperature"] == 0
    assert "huur te hoog" in sent["body"]["messages"][1]["content"]
    assert sent["auth"] == "Bearer geheim"
