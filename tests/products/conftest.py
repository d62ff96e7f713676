"""A programme with what products are made of: participants who consented (or not), verbatim
quotes with personal data in them (redacted and reviewed), themes, a recovery task, and
insights made through the insights' own service."""

from __future__ import annotations

import io

import pytest

SECRETS = [
    "Jansen",
    "06-48213377",
    "48213377",
    "Sanne",
    "Verhoeven",
    "Ahmed",
    "Bouzid",
    "1234 9876",
]


def add_evidence(insight, contribution, kind="contribution", by=None):
    """Link a contribution (as evidence or as a quote) through the insights app's action."""
    from oogst.insights.services import add_evidence as link

    if kind == "quote":
        link(insight, by=by, quotes=[contribution])
    else:
        link(insight, by=by, contributions=[contribution])


def new_insight(programme, title, type="challenge", by=None, order=0, text=""):
    from oogst.insights.models import Insight
    from oogst.insights.services import save_insight

    return save_insight(
        Insight(programme=programme, title=title, type=type, order=order, text=text), by=by
    )


@pytest.fixture
def products_world(world):
    from oogst.codebook.models import RecoveryTask
    from oogst.directory.models import Ministry
    from oogst.harvest.actions import record_contribution
    from oogst.harvest.models import Channel, ThemeAssignment
    from oogst.insights.models import LinkState, MinistryLink, RecoveryTaskLink
    from oogst.participants.models import Consent, ContactDetails, Participant
    from oogst.safeguards import services as safeguards

    programme, table = world["programme"], world["tables"]["a"]
    analyst = world["analyst"]

    def person(code, name, phone, consent):
        participant = Participant.objects.create(programme=programme, code=code)
        participant.tables.add(table)
        ContactDetails.objects.create(participant=participant, name=name, phone=phone)
        Consent.objects.create(
            participant=participant, purpose="quote", given=consent, text_version="v1"
        )
        return participant

    sanne = person("P-5A11E001", "Sanne Verhoeven", "06-48213377", True)
    ahmed = person("P-A4ED0002", "Ahmed Bouzid", "+31 6 1234 9876", False)

    def said(text, who, kind="knel", role="Verpleegkundige", theme="care", table_key="a"):
        contribution = record_contribution(
            programme,
            channel=Channel.TABLE,
            table_id=world["tables"][table_key].pk,
            participant_id=who.pk,
            kind=kind,
            is_quote=True,
            role_label=role,
            text=text,
        )
        ThemeAssignment.objects.create(
            contribution=contribution, theme=world["themes"][theme], assigned_by=analyst
        )
        return contribution

    quotes = {
        "post": said(
            "Mijn buurvrouw mevrouw Jansen belde me om drie uur 's nachts op 06-48213377, "
            "want de huisartsenpost in Zwolle nam niet op.",
            sanne,
        ),
        "buren": said(
            "In onze straat zorgden de buren voor elkaar, dat wil ik houden.", sanne, kind="kiem"
        ),
        "idee": said("Zet een wijkverpleegkundige in elke huisartsenpraktijk.", sanne, kind="idee"),
        "school": said(
            "De klas was maanden leeg en niemand wist wat we moesten doen.",
            sanne,
            role="Docent",
            theme="school",
            table_key="b",
        ),
        "ahmed": said(
            "Bel Ahmed Bouzid maar op +31 6 1234 9876, ik heb de oplossing al.",
            ahmed,
            kind="kiem",
            role="Ondernemer",
        ),
    }
    for key in ("post", "buren", "idee", "school"):
        safeguards.accept_redaction(quotes[key].redaction, analyst)

    vws = Ministry.objects.get(code="VWS")
    task = RecoveryTask.objects.create(
        programme=programme, title="Inhaalzorg en wachtlijsten", ministry=vws
    )
    task.themes.add(world["themes"]["care"])
    care = new_insight(
        programme, "De zorg liep vast", "challenge", analyst, 0, "Wachtlijsten en een dichte post."
    )
    for key in ("post", "ahmed", "idee"):
        add_evidence(care, quotes[key], by=analyst)
    add_evidence(care, quotes["buren"], kind="quote", by=analyst)
    MinistryLink.objects.create(insight=care, ministry=vws, state=LinkState.ACCEPTED)
    MinistryLink.objects.create(
        insight=care, ministry=Ministry.objects.get(code="FIN"), state=LinkState.PROPOSED
    )
    RecoveryTaskLink.objects.create(insight=care, recovery_task=task, state=LinkState.ACCEPTED)
    dilemma = new_insight(programme, "Thuis of op school", "dilemma", analyst, 1)
    add_evidence(dilemma, quotes["school"], by=analyst)
    return {
        **world,
        "sanne": sanne,
        "ahmed": ahmed,
        "quotes": quotes,
        "care": care,
        "dilemma": dilemma,
        "task": task,
    }


def docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    parts += [p.text for s in document.sections for p in s.header.paragraphs + s.footer.paragraphs]
    return "\n".join(parts)


def pdf_text(data: bytes) -> tuple[str, int]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages), len(reader.pages)


def product_text(name: str, data: bytes) -> str:
    if name.endswith(".docx"):
        return docx_text(data)
    if name.endswith(".pdf"):
        return pdf_text(data)[0]
    if name.endswith(".png"):
        return ""
    return data.decode("utf-8")
