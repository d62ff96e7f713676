"""oogst.analysis — text in, themes, findings, quotes and blind spots out. No Django here.

Public API (what the web app and the command line use)
------------------------------------------------------

Run an analysis::

    from oogst.analysis import analyse, Pipeline, Settings

    result = analyse(
        records,            # list of dicts: id, text, optional kind, role, table, language,
                            # quote_consent, demographic columns (age_group, region, ...)
        codebook,           # {"themes": [{"id", "name", "description", "keywords",
                            #              "examples", "parent"}]} or a Codebook
        examples=None,      # labelled examples: [{"text": ..., "theme": <theme id>}]
        labels=None,        # accepted labels for contributions: {contribution id: theme id}
        progress=None,      # progress(step: str, done: int, total: int); raise to cancel
        embedder="use",     # "use" | "lexical" | "st:NAME"; other Settings fields too:
        seed=0,             # n_clusters="auto", n_quotes=5, demographics=None, ...
    )
    result.to_dict()        # == analysis.json: run, contributions, clusters, themes,
                            #    emerging, blind_spots, label_next

`Pipeline(settings, embedder=..., coder=..., kind_classifier=..., clusterer=...,
labeller=..., quote_picker=..., cache=...)` swaps any component (`CodebookCoder`,
`KindClassifier`, `Clusterer`, `ClusterLabeller`, `QuotePicker`, an embedder; each has a
`typing.Protocol` in `oogst.analysis.components`);
`Pipeline(...).run(records, codebook, examples, labels, progress)` returns the same
`AnalysisResult`, whose typed shape (`AnalysisDict` and its parts) is in
`oogst.analysis.result`. `Pipeline._run` is one method per step (read, embed, words, code,
kinds, cluster, label, quotes, gaps, summarise, assemble), each replaceable in a subclass.
Steps reported to `progress`: embed, code, kind, cluster, quotes, gaps, summaries.

Active learning: `result.label_next` lists the contribution ids whose label would teach
the coder most; `suggest_labels(scores, clusters, n)` does the same on raw scores. Feed the
analyst's accepted labels back through `labels=`, or as examples that name the contribution
(`{"id", "text", "theme", "kind"}`, as `oogst analyse --label-next` writes them), on the
next run; the examples are recorded by their hash.

A finding (`result.clusters`) is named by a 2-5 word phrase from its own texts
(`PhraseLabeller`), with the sentence that holds it and the share of its top theme. Theme
scores are calibrated; `oogst.analysis.calibration` measures that (ECE, reliability).

Opinion groups from a vote matrix (participants x statements; 1, -1, 0, NaN unseen)::

    from oogst.analysis import opinion_groups
    groups = opinion_groups(votes, k=None, statements=statement_ids, seed=0)
    groups.labels, groups.consensus, groups.divisive, groups.to_dict(participant_ids)

Evaluation against gold labels: `evaluate(analysis_dict, gold)` (see `oogst.analysis.evaluate`).
Reports: `render_report(result_dict, records)` returns a self-contained HTML page;
`withhold_unquotable(result_dict, records)` the analysis without the words of records that
may not be quoted (for what leaves the system after consent changed).

Embeddings are cached by sha256(text) and embedder under `$OOGST_CACHE_DIR` (default
`var/cache`), so a re-run embeds only new texts. Thread pools are held to the cores this
process may use. The same input, codebook and seed give byte-identical `contributions` and
`clusters`.
"""

from __future__ import annotations

__version__ = "0.1.0"

from importlib import import_module
from typing import TYPE_CHECKING, Any

# The public names and the module each lives in. They are imported on first use (PEP 562):
# a web process that only needs `oogst.analysis.text` (the language of a public idea) does
# not load numpy, scipy and scikit-learn for it.
_WHERE = {
    "Codebook": "codebook",
    "Theme": "codebook",
    "load_codebook": "codebook",
    "CodebookCoder": "coder",
    "suggest_labels": "coder",
    "ClusterLabeller": "cluster",
    "PhraseLabeller": "labels",
    "Clusterer": "cluster",
    "KindClassifier": "kinds",
    "QuotePicker": "quotes",
    "EmbeddingCache": "embed",
    "LexicalEmbedder": "embed",
    "SentenceTransformerEmbedder": "embed",
    "UseEmbedder": "embed",
    "make_embedder": "embed",
    "evaluate": "evaluate",
    "OpinionGroups": "opinion",
    "agreement_with_polis": "opinion",
    "opinion_groups": "opinion",
    "STEPS": "pipeline",
    "AnalysisResult": "result",
    "Pipeline": "pipeline",
    "Settings": "pipeline",
    "analyse": "pipeline",
    "render_report": "report",
    "withhold_unquotable": "report",
}

if TYPE_CHECKING:
    from .cluster import Clusterer, ClusterLabeller
    from .codebook import Codebook, Theme, load_codebook
    from .coder import CodebookCoder, suggest_labels
    from .embed import (
        EmbeddingCache,
        LexicalEmbedder,
        SentenceTransformerEmbedder,
        UseEmbedder,
        make_embedder,
    )
    from .evaluate import evaluate
    from .kinds import KindClassifier
    from .labels import PhraseLabeller
    from .opinion import OpinionGroups, agreement_with_polis, opinion_groups
    from .pipeline import STEPS, Pipeline, Settings, analyse
    from .quotes import QuotePicker
    from .report import render_report, withhold_unquotable
    from .result import AnalysisResult


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    """The public names too, though they are imported on first use (tab completion)."""
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "STEPS",
    "AnalysisResult",
    "ClusterLabeller",
    "Clusterer",
    "Codebook",
    "CodebookCoder",
    "EmbeddingCache",
    "KindClassifier",
    "LexicalEmbedder",
    "OpinionGroups",
    "PhraseLabeller",
    "Pipeline",
    "QuotePicker",
    "SentenceTransformerEmbedder",
    "Settings",
    "Theme",
    "UseEmbedder",
    "agreement_with_polis",
    "analyse",
    "evaluate",
    "load_codebook",
    "make_embedder",
    "opinion_groups",
    "render_report",
    "suggest_labels",
    "withhold_unquotable",
]
