"""A programme with about forty short Dutch contributions on care, school and housing."""

import pytest

TEXTS = {
    "zorg": [
        "De wachtlijst bij de GGZ is veel te lang voor jongeren.",
        "Mijn huisarts had geen tijd meer, alles ging via de telefoon.",
        "Ouderen in het verpleeghuis mochten maandenlang geen bezoek.",
        "Zorgmedewerkers zijn uitgeput en lopen op hun tenen.",
        "De thuiszorg kwam niet meer langs, mantelzorgers deden alles.",
        "Operaties werden uitgesteld en de wachtlijsten in het ziekenhuis groeiden.",
        "Wij willen de videobellen met de huisarts behouden.",
        "Het zorgpersoneel verdient een beter salaris.",
        "Mentale gezondheid van studenten moet meer aandacht krijgen.",
        "De verpleegkundigen in het ziekenhuis werkten dubbele diensten.",
        "Ik stel voor om in elke wijk een gezondheidscentrum te openen.",
        "Eenzaamheid onder ouderen leidt tot gezondheidsklachten.",
        "Psychische hulp voor jongeren moet sneller beschikbaar zijn.",
        "De zorg moet dichter bij huis georganiseerd worden.",
    ],
    "onderwijs": [
        "Leerlingen liepen een grote achterstand op door de gesloten scholen.",
        "Leraren gaven online les maar veel kinderen hadden geen laptop.",
        "De school moet extra bijles bieden aan leerlingen met een achterstand.",
        "Studenten misten het contact met medestudenten op de universiteit.",
        "Ik stel voor om kleinere klassen te maken op de basisschool.",
        "Docenten zijn overbelast door het afstandsonderwijs.",
        "Het onderwijs op afstand werkte slecht voor kinderen met weinig steun thuis.",
        "Ouders moesten thuis de juf spelen naast hun werk.",
        "Examens werden geschrapt en leerlingen wisten niet waar ze stonden.",
        "Wij willen het hybride lesgeven op de hogeschool behouden.",
        "Meer leraren opleiden zodat de klassen kleiner worden.",
        "Stages voor mbo-studenten vielen weg.",
        "Laptops voor alle leerlingen zouden de kansengelijkheid vergroten.",
        "De school is ook een plek waar kinderen veilig zijn.",
    ],
    "wonen": [
        "Jongeren vinden geen betaalbare woning in de stad.",
        "De huren zijn veel te hoog voor starters.",
        "Er moeten meer sociale huurwoningen gebouwd worden.",
        "Thuiswerken in een kleine woning zonder werkplek is zwaar.",
        "Ik stel voor om leegstaande kantoren om te bouwen tot woningen.",
        "De wachtlijst voor een huurwoning is tien jaar.",
        "Starters op de woningmarkt worden overboden door beleggers.",
        "Ouderen willen kleiner wonen maar er is geen passende woning.",
        "Meer woningen bouwen in dorpen zodat jongeren kunnen blijven.",
        "Hypotheekrente en huizenprijzen maken kopen onmogelijk.",
        "Flexwonen en tiny houses voor studenten toestaan.",
        "Woningcorporaties moeten meer betaalbare huizen bouwen.",
    ],
}
KINDS = ["knel", "kiem", "idee", "overig"]


@pytest.fixture
def analysis_world(world, settings, tmp_path):
    """The shared `world` plus a third theme and 40 contributions; jobs run inline."""
    from oogst.codebook.models import Theme
    from oogst.harvest.models import Contribution
    from oogst.safeguards.models import ProgrammePrivacyPolicy

    settings.OOGST_BROKER_URL = ""
    settings.OOGST_TASKS_SYNC = True
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"
    programme = world["programme"]
    care, school = world["themes"]["care"], world["themes"]["school"]
    care.description = "Gezondheid, zorgverleners, huisarts, ziekenhuis en GGZ."
    care.keywords = ["zorg", "huisarts", "ziekenhuis", "ggz", "gezondheid", "verpleeghuis"]
    care.save()
    school.description = "School, leraren, leerlingen, studenten en lessen."
    school.keywords = ["school", "leraren", "leerlingen", "studenten", "onderwijs", "klas"]
    school.save()
    housing = Theme.objects.create(
        programme=programme,
        slug="wonen",
        name="Wonen",
        description="Woningmarkt, huren, bouwen en betaalbare woningen.",
        keywords=["woning", "huur", "bouwen", "woningmarkt", "huizen"],
    )
    tables = {"zorg": world["tables"]["a"], "onderwijs": world["tables"]["b"], "wonen": None}
    # The tables agreed together to be quoted anonymously: the contributions below (no
    # participant of their own) may be quoted, as most tests of a run expect.
    ProgrammePrivacyPolicy.objects.create(programme=programme, table_quote_consent=True)
    made = []
    for theme, texts in TEXTS.items():
        for i, text in enumerate(texts):
            made.append(
                Contribution.objects.create(
                    programme=programme,
                    table=tables[theme],
                    kind=KINDS[i % 4],
                    text=text,
                    role_label=["Student", "Wethouder", "Ondernemer", "Zorgmedewerker"][i % 4],
                    is_quote=True,
                )
            )
    return {
        **world,
        "housing": housing,
        "made": made,
        "truth": {
            c.pk: t for c, t in zip(made, [t for t, xs in TEXTS.items() for _ in xs], strict=True)
        },
    }


def start_settings(**extra):
    return {
        "embedder": "lexical",
        "seed": 0,
        "n_clusters": "auto",
        "n_quotes": 3,
        "n_suggestions": 20,
        **extra,
    }


# A start form with two mistakes: one cluster, and an end date before the start date.
WRONG_START = start_settings(n_clusters="1", date_from="2026-05-01", date_to="2026-04-01")


def planted_polis(world, made):
    """A Polis conversation on the first nine contributions: two camps of twenty voters who
    disagree on eight statements (with some noise) and all agree on the ninth; Polis put them
    in groups 0 and 1."""
    import numpy as np

    from oogst.harvest.models import PolisComment, PolisConversation, PolisParticipant, Vote

    conversation = PolisConversation.objects.create(
        programme=world["programme"], conversation_id="abc123", topic="Zorg in de wijk"
    )
    comments = [
        PolisComment.objects.create(conversation=conversation, comment_id=i, contribution=c)
        for i, c in enumerate(made[:9])
    ]
    # A comment Polis moderated out: its votes must not shape the groups.
    hidden = PolisComment.objects.create(conversation=conversation, comment_id=99, moderated=-1)
    votes = []
    rng = np.random.default_rng(0)
    for p in range(40):
        camp = p % 2
        participant = PolisParticipant.objects.create(
            conversation=conversation, polis_id=p, group_id=camp
        )
        for j, comment in enumerate(comments):
            value = 1 if j == 8 else (1 if (j < 4) == (camp == 0) else -1)
            chance = rng.random()
            if j != 8 and chance < 0.12:
                value = -value
            elif j != 8 and chance < 0.2:
                value = 0
            votes.append(
                Vote(
                    conversation=conversation, comment=comment, participant=participant, value=value
                )
            )
        votes.append(
            Vote(
                conversation=conversation,
                comment=hidden,
                participant=participant,
                value=1 if p < 3 else -1,
            )
        )
    Vote.objects.bulk_create(votes)
    return comments
