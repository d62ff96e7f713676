"""The command line: a synthetic pool with its skews, importing it (twice adds nothing, a bad
row is named and nothing is written), `oogst select` writing selection.csv and audit.json, and
`oogst select --replay` running that audit again."""

from __future__ import annotations

import csv
import json
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from oogst.cli import main
from oogst.selection.models import Applicant
from oogst.selection.population import load_population_shares


def test_generate_applicants_writes_a_marked_synthetic_pool_with_realistic_skews(tmp_path):
    out = tmp_path / "pool.csv"
    assert main(["generate", "--applicants", "3000", "--out", str(out), "--seed", "1"]) == 0
    rows = list(csv.DictReader(open(out, encoding="utf-8")))
    assert len(rows) == 3000 and all(r["synthetic"] == "ja" for r in rows)
    assert all(r["email"].endswith("@example.org") for r in rows)
    education = Counter(r["education"] for r in rows)
    population = load_population_shares()["education"]
    assert education["high"] / 3000 > population["high"] / 100 + 0.1  # higher-educated apply more
    assert education["low"] / 3000 < population["low"] / 100 - 0.1
    ages = Counter(r["age_band"] for r in rows)
    assert ages["65-74"] > 2 * ages["16-24"]
    again = tmp_path / "again.csv"
    main(["generate", "--applicants", "3000", "--out", str(again), "--seed", "1"])
    assert out.read_bytes() == again.read_bytes()


def test_import_applicants_is_idempotent_and_names_bad_rows(tmp_path, world):
    programme = world["programme"]
    good = tmp_path / "aanmeldingen.csv"
    good.write_text(
        "nummer;E-mail;Leeftijd;Geslacht;Provincie;Opleidingsniveau;Migratieachtergrond;Tafels\n"
        "ext-1;a@voorbeeld.nl;34;V;Friesland;middelbaar;geen;A\n"
        "ext-2;b@voorbeeld.nl;65-74;man;Utrecht;hoog;;A|B\n"
        "ext-3;;;;;;;\n",
        encoding="utf-8",
    )
    out = StringIO()
    call_command("import_applicants", str(good), programme=programme.slug, stdout=out)
    assert "3 aanmelders toegevoegd" in out.getvalue()
    first = Applicant.objects.get(programme=programme, import_key="ext-1")
    assert (first.age_band, first.gender, first.province.name, first.education) == (
        "25-34",
        "woman",
        "Fryslân",
        "middle",
    )
    assert first.consents.get(purpose="participation").text_version == "import:aanmeldingen.csv"
    assert first.contact.email == "a@voorbeeld.nl"
    assert Applicant.objects.get(import_key="ext-3").gender == "unknown"
    call_command("import_applicants", str(good), programme=programme.slug, stdout=out)
    assert Applicant.objects.filter(programme=programme).count() == 3

    bad = tmp_path / "fout.csv"
    bad.write_text(
        "id,email,gender,province\nn-1,c@voorbeeld.nl,vrouw,Utrecht\n"
        "n-2,geen-adres,man,Utrecht\nn-3,d@voorbeeld.nl,vrouw,Atlantis\n",
        encoding="utf-8",
    )
    errors = StringIO()
    with pytest.raises(CommandError, match="niets geïmporteerd"):
        call_command("import_applicants", str(bad), programme=programme.slug, stderr=errors)
    assert "rij 3: ‘geen-adres’ is geen e-mailadres" in errors.getvalue()
    assert "rij 4: onbekende provincie ‘Atlantis’" in errors.getvalue()
    assert not Applicant.objects.filter(import_key="n-1").exists()  # nothing half-written


def test_select_writes_selection_and_audit_and_replay_checks_them(tmp_path, selection):
    programme = selection["programme"]
    quotas = tmp_path / "quota.csv"
    quotas.write_text(
        "feature,value,min,max\n"
        "gender,vrouw,3,5\ngender,man,3,5\ngender,anders,0,8\ngender,onbekend,0,8\n",
        encoding="utf-8",
    )
    out = StringIO()
    call_command(
        "select",
        programme=programme.slug,
        seats=8,
        quotas=str(quotas),
        seed=31,
        algorithm="legacy",
        out=str(tmp_path / "run"),
        stdout=out,
    )
    assert "8 van 60 geloot met legacy (seed 31)" in out.getvalue()
    rows = list(csv.DictReader(open(tmp_path / "run" / "selection.csv", encoding="utf-8")))
    chosen = [r for r in rows if r["selected"] == "ja"]
    assert len(rows) == 60 and len(chosen) == 8
    assert 3 <= sum(r["gender"] == "woman" for r in chosen) <= 5
    text = (tmp_path / "run" / "selection.csv").read_text() + (
        tmp_path / "run" / "audit.json"
    ).read_text()
    assert "@example.org" not in text and "Aanmelder SYN" not in text  # no contact details
    assert "AANM-" not in text  # nor the codes that open an applicant's own page
    assert not Applicant.objects.filter(status="geloot").exists()  # a file, not a decision
    replayed = StringIO()
    call_command("select", replay=str(tmp_path / "run" / "audit.json"), stdout=replayed)
    assert "Zelfde uitkomst: 8 geloot met legacy en seed 31" in replayed.getvalue()
    audit = json.loads((tmp_path / "run" / "audit.json").read_text())
    audit["seed"] = 32
    (tmp_path / "other.json").write_text(json.dumps(audit))
    with pytest.raises(CommandError, match="niet te reproduceren"):
        call_command("select", replay=str(tmp_path / "other.json"))


def test_select_with_shares_uses_the_programme_targets_and_says_what_is_impossible(
    tmp_path, selection
):
    programme = selection["programme"]
    out = StringIO()
    call_command(
        "select",
        programme=programme.slug,
        seats=6,
        seed=3,
        algorithm="maximin",
        out=str(tmp_path / "m"),
        stdout=out,
    )
    assert "6 van 60 geloot met maximin" in out.getvalue()
    with pytest.raises(CommandError, match="plaatsen"):
        call_command("select", programme=programme.slug, seats=500, out=str(tmp_path / "x"))
