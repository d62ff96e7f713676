"""Every product made from the demo: no personal data from the seeded contributions in any of
them, every quote word for word in its contribution's redacted text, and a final agenda of at
least eight pages."""

import html
import re
from pathlib import Path

import pytest

from oogst.harvest.models import Contribution
from oogst.products import services
from oogst.safeguards import services as safeguards
from oogst.safeguards.models import RedactedText

from .conftest import add_evidence, docx_text, new_insight, pdf_text, product_text

KINDS = ["memo", "final", "visuals", "keyfigures", "b1"]


def seeded_personal_data(programme) -> set[str]:
    """What the demo seeded as personal data: the words the redaction found in the
    contributions marked `contains_pii`, and every participant's contact details."""
    secrets = set()
    for contribution in programme.contributions.filter(metadata__contains_pii=True):
        for span in contribution.redaction.spans:
            secrets.add(contribution.text[span["start"] : span["end"]])
    for participant in programme.participants.exclude(contact=None).select_related("contact"):
        contact = participant.contact
        secrets.update(v for v in (contact.name, contact.email, contact.phone) if v)
    return {s.strip() for s in secrets if len(s.strip()) >= 4}


def quotes_in_memo(text: str) -> list[tuple[str, int]]:
    found = re.findall(r"“(.+?)”\n— .+?, bijdrage (\d+)", text, flags=re.S)
    return [(quote, int(number)) for quote, number in found]


def quotes_in_html(page: str) -> list[tuple[str, int]]:
    found = re.findall(
        r"<blockquote><p>“(.+?)”</p><footer>— .+?, bijdrage (\d+)</footer>", page, flags=re.S
    )
    return [(html.unescape(quote), int(number)) for quote, number in found]


def assert_word_for_word(quotes: list[tuple[str, int]]) -> None:
    assert quotes
    for quote, number in quotes:
        redacted = RedactedText.objects.get(contribution_id=number).text
        assert quote.removesuffix(" …") in redacted, (number, quote)


@pytest.mark.django_db
def test_products_of_the_demo(tmp_path: Path):
    from oogst.demo.loader import load_demo
    from oogst.products.render.final import agenda_html
    from oogst.products.selectors.content import gather

    report = load_demo()
    programme = report.programme
    analyst = next(u for u in report.users if u.username == "analist")
    # Every quote checked, also the ones with seeded personal data: what leaves is redacted.
    safeguards.bulk_accept(RedactedText.objects.filter(contribution__programme=programme), analyst)
    seeded = Contribution.objects.filter(programme=programme, metadata__contains_pii=True)
    insight = new_insight(programme, "Klachten die niemand hoorde", "challenge", analyst, 99)
    for contribution in seeded:
        add_evidence(insight, contribution, kind="quote", by=analyst)
    secrets = seeded_personal_data(programme)
    assert {"06-12345678", "r.vandongen@example.nl"} <= secrets

    for kind in KINDS:
        out = tmp_path / kind
        product = services.make_product(programme, kind, out_dir=out)
        for name in product.files:
            text = product_text(name, (out / name).read_bytes())
            for secret in secrets:
                assert secret not in text, (kind, name, secret)

    memo = docx_text((tmp_path / "memo" / "memo.docx").read_bytes())
    assert "Klachten die niemand hoorde" in memo and "[telefoon]" in memo
    assert_word_for_word(quotes_in_memo(memo))
    content = gather(programme, language="nl", made_at=product.made_at)
    assert_word_for_word(quotes_in_html(agenda_html(content)))
    for quote in content.quotes.printed.values():
        contribution = Contribution.objects.select_related("table").get(pk=quote.contribution_id)
        assert (contribution.role_label or "Deelnemer") == quote.role
        assert (contribution.table.code if contribution.table else "") == quote.table

    _text, pages = pdf_text((tmp_path / "final" / "final.pdf").read_bytes())
    assert pages >= 8
    assert len(list((tmp_path / "visuals").glob("thema-*.svg"))) == len(content.themes) >= 10
