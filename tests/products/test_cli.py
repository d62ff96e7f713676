"""`oogst report`: the files, what is missing said in words, and clear errors."""

import json

import pytest
from django.core.management import CommandError, call_command


@pytest.mark.django_db
def test_every_product_from_the_command_line(products_world, tmp_path, capsys):
    for kind in ("memo", "final", "visuals", "keyfigures", "b1"):
        call_command("report", kind, "--programme", "test", "--out", str(tmp_path))
    names = {p.name for p in tmp_path.iterdir()}
    assert {
        "memo.docx",
        "final.pdf",
        "keyfigures.svg",
        "keyfigures.png",
        "b1.txt",
        "b1-readability.json",
        "thema-zorg.svg",
        "thema-zorg.png",
        "provenance.json",
    } <= names
    out = capsys.readouterr().out
    assert "Let op: Het afwegingskader is nog niet ingevuld" in out
    provenance = json.loads((tmp_path / "provenance.json").read_text())
    assert provenance["product"] == "b1"


@pytest.mark.django_db
def test_since_a_date_and_english(products_world, tmp_path):
    call_command(
        "report",
        "memo",
        "--programme",
        "test",
        "--out",
        str(tmp_path),
        "--since",
        "2026-01-01",
        "--language",
        "en",
    )
    from .conftest import docx_text

    text = docx_text((tmp_path / "memo.docx").read_bytes())
    assert "What is new" in text and "New insight: De zorg liep vast" in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--programme", "onbekend"], "Onbekend programma"),
        (["--programme", "test", "--since", "gisteren"], "geen datum"),
        (["--programme", "test", "--since-run", "999"], "geen analyserun 999"),
    ],
)
def test_bad_input_is_named(products_world, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("report", "memo", "--out", str(tmp_path), *args)
    assert not list(tmp_path.iterdir())
