"""Making products and changing what they stand on: the one way in for every write.

* `rate` records a rater's afwegingskader score for a change;
* `save_scenario` / `delete_scenario` keep a dilemma's two to four scenarios;
* `save_plain_summary` keeps the B1 summary;
* `make_product` makes a product (the command line, the web job and the demo all call it):
  it gathers the content (every quote through the privacy layer), renders the files,
  writes them, and records the product with its provenance and an audit line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from oogst import tasks
from oogst.analyses.models import AnalysisRun
from oogst.harvest.models import Contribution
from oogst.insights.models import Insight
from oogst.programme.models import Programme
from oogst.safeguards.models import AuditEntry
from oogst.safeguards.services import record

from .models import PlainSummary, Product, Rating, Scenario
from .selectors.changes import changes_since
from .selectors.content import ProductContent, gather
from .selectors.frame import FrameItem

MAX_SCENARIOS = 4
LANGUAGES = ("nl", "en")


# -- the afwegingskader ----------------------------------------------------------------------


@transaction.atomic
def rate(
    programme: Programme,
    item: FrameItem,
    rater,
    *,
    desirability: int,
    permanence: int,
    reason: str,
) -> Rating:
    """Record (or change) this rater's score for one change."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Geef een korte motivering.")})
    for name, value in (("desirability", desirability), ("permanence", permanence)):
        if value not in range(1, 6):
            raise ValidationError({name: _("Kies een score van 1 tot en met 5.")})
    target = (
        {"insight": item.insight}
        if item.insight is not None
        else {"run": item.run, "cluster": item.cluster}
    )
    rating, _created = Rating.objects.update_or_create(
        programme=programme,
        rater=rater,
        **target,
        defaults={"desirability": desirability, "permanence": permanence, "reason": reason},
    )
    return rating


# -- scenarios -------------------------------------------------------------------------------


def _check_dilemma(insight: Insight) -> None:
    if insight.type != Insight.Type.DILEMMA:
        raise ValidationError(_("Scenario's horen bij een inzicht van de soort dilemma."))


@transaction.atomic
def save_scenario(
    insight: Insight,
    *,
    title: str,
    text: str,
    evidence: list[int],
    by=None,
    scenario: Scenario | None = None,
) -> Scenario:
    """Write a scenario for a dilemma: at most four per dilemma, each resting on at least one
    contribution of the same programme."""
    _check_dilemma(insight)
    title, text = (title or "").strip(), (text or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Geef het scenario een titel: waarvoor kiezen we?")
    if not text:
        errors["text"] = _("Beschrijf wat er gebeurt als we hiervoor kiezen.")
    contributions = list(
        Contribution.objects.filter(programme_id=insight.programme_id, pk__in=evidence)
    )
    unknown = sorted(set(evidence) - {c.pk for c in contributions})
    if unknown:
        errors["evidence"] = _("Onbekende bijdragen in dit programma: %(ids)s") % {
            "ids": ", ".join(map(str, unknown))
        }
    elif not contributions:
        errors["evidence"] = _("Koppel het scenario aan ten minste één bijdrage.")
    if scenario is None and insight.scenarios.count() >= MAX_SCENARIOS:
        errors["__all__"] = _("Een dilemma heeft hoogstens vier scenario's.")
    if errors:
        raise ValidationError(errors)
    if scenario is None:
        scenario = Scenario(insight=insight, order=insight.scenarios.count(), created_by=by)
    scenario.title, scenario.text = title, text
    scenario.save()
    scenario.evidence.set(contributions)
    return scenario


def delete_scenario(scenario: Scenario) -> None:
    scenario.delete()


# -- the B1 summary --------------------------------------------------------------------------


def save_plain_summary(programme: Programme, *, title: str, text: str, by=None) -> PlainSummary:
    title, text = (title or "").strip(), (text or "").strip()
    if not title or not text:
        raise ValidationError(_("Een samenvatting heeft een titel en tekst nodig."))
    summary, _created = PlainSummary.objects.update_or_create(
        programme=programme,
        defaults={"title": title, "text": text, "updated_by": by},
    )
    return summary


# -- making products -------------------------------------------------------------------------


def render(content: ProductContent, kind: str) -> dict[str, bytes]:
    """The files of one product, by name."""
    from .render.b1 import b1_files
    from .render.final import final_pdf
    from .render.memo import memo_docx
    from .render.visuals import key_figure_files, visual_files

    if kind == Product.Kind.MEMO:
        return {"memo.docx": memo_docx(content)}
    if kind == Product.Kind.FINAL:
        return {"final.pdf": final_pdf(content)}
    if kind == Product.Kind.VISUALS:
        return visual_files(content)
    if kind == Product.Kind.KEYFIGURES:
        return key_figure_files(content)
    if kind == Product.Kind.B1:
        return b1_files(content)
    raise ValueError(f"unknown product {kind!r}")


def since_label(since_date: dt.date | None, since_run: AnalysisRun | None) -> str:
    if since_run is not None:
        return str(since_run)
    return since_date.isoformat() if since_date else ""


def build(
    programme: Programme,
    kind: str,
    *,
    language: str = "nl",
    since_date: dt.date | None = None,
    since_run: AnalysisRun | None = None,
    made_at: dt.datetime | None = None,
) -> tuple[dict[str, bytes], dict]:
    """Gather and render one product: its files and its provenance (nothing is written)."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {language!r}")
    if since_run is not None and since_run.programme_id != programme.pk:
        raise ValueError(f"analysis run {since_run.pk} belongs to another programme")
    made_at = (made_at or timezone.now()).replace(microsecond=0)
    with translation.override(language):
        changes = None
        if since_date is not None or since_run is not None:
            changes = changes_since(
                programme,
                since_date=since_date,
                since_run=since_run,
                label=since_label(since_date, since_run),
            )
        content = gather(programme, language=language, made_at=made_at, changes=changes)
        files = render(content, kind)
        provenance = content.provenance(kind)
    provenance["files"] = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    return files, provenance


def product_dir(product: Product) -> Path:
    return Path(settings.MEDIA_ROOT) / "products" / str(product.pk)


def write_files(directory: Path, files: dict[str, bytes]) -> None:
    """Each file appears whole or not at all: written beside it, then renamed."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{name}.")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, directory / name)


def make_product(
    programme: Programme,
    kind: str,
    *,
    language: str = "nl",
    since_date: dt.date | None = None,
    since_run: AnalysisRun | None = None,
    by=None,
    out_dir: Path | None = None,
    product: Product | None = None,
) -> Product:
    """Make one product and record it. Files go to `out_dir` (the command line) or to the
    product's own folder under MEDIA_ROOT (the web)."""
    if product is None:
        product = Product.objects.create(
            programme=programme,
            kind=kind,
            language=language,
            since_date=since_date,
            since_run=since_run,
            made_by=by if by is not None and by.is_authenticated else None,
            status=Product.Status.RUNNING,
        )
    else:
        Product.objects.filter(pk=product.pk).update(status=Product.Status.RUNNING)
    try:
        files, provenance = build(
            programme, kind, language=language, since_date=since_date, since_run=since_run
        )
        files["provenance.json"] = (
            json.dumps(provenance, ensure_ascii=False, indent=2) + "\n"
        ).encode("utf-8")
        write_files(out_dir or product_dir(product), files)
    except Exception as exc:
        product.status = Product.Status.FAILED
        product.error = f"{type(exc).__name__}: {exc}"
        product.save(update_fields=["status", "error"])
        raise
    product.status = Product.Status.DONE
    product.made_at = dt.datetime.fromisoformat(provenance["made_at"])
    if out_dir is not None:
        provenance["written_to_folder"] = True  # on the command line, not kept by the web app
    product.provenance = provenance
    product.files = sorted(files)
    product.error = ""
    product.save()
    record(
        AuditEntry.Action.EXPORT_QUOTES,
        actor=product.made_by,
        actor_label="" if product.made_by else _("opdrachtregel"),
        programme=programme,
        obj=product,
        format=kind,
        quotes=len(provenance["quotes"]),
        withheld=provenance["withheld_total"],
    )
    return product


def request_product(
    programme: Programme,
    kind: str,
    *,
    by,
    language: str = "nl",
    since_date: dt.date | None = None,
    since_run: AnalysisRun | None = None,
) -> Product:
    """Queue a product to be made in the background (`oogst.tasks`)."""
    if kind not in Product.Kind.values:
        raise ValidationError(_("Onbekend product."))
    if language not in LANGUAGES:
        raise ValidationError(_("Onbekende taal."))
    product = Product.objects.create(
        programme=programme,
        kind=kind,
        language=language,
        since_date=since_date,
        since_run=since_run,
        made_by=by,
    )
    product.job_id = tasks.enqueue("oogst.products.services.run_product_job", product.pk)
    Product.objects.filter(pk=product.pk).update(job_id=product.job_id)
    return product


def run_product_job(product_id: int) -> None:
    product = Product.objects.select_related("programme", "since_run", "made_by").get(pk=product_id)
    make_product(
        product.programme,
        product.kind,
        language=product.language,
        since_date=product.since_date,
        since_run=product.since_run,
        by=product.made_by,
        product=product,
    )
