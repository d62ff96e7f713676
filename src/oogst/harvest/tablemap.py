"""A file's own names for tables, mapped to the programme's tables as its columns are mapped.

Field exports name a table in their own words ("Tafel 3 – Samenleven", "Online tafel 21",
"Tafel Oost", just 15) while the programme's tables have codes (T01 …). A value is matched by
code, by name, by number where that points at one table and nothing else in the value points
elsewhere, or by its municipality; for the rest the person importing chooses, per value, an
existing table, no table, or a new table (the web preview), or gives a map file and a rule for
what is still unknown (`oogst import contributions --table-map FILE --unknown-tables ...`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.text import slugify
from django.utils.translation import gettext as _

from oogst.programme.models import Table

# What is left of a value for a table without a match: refuse its rows (as before), store
# them without a table (and say so), or make a table named after the value.
ERROR, NONE, CREATE = "error", "none", "create"
UNKNOWN_RULES = (ERROR, NONE, CREATE)
# Words that say "a table" but not which one.
GENERIC_WORDS = frozenset(
    """tafel tafels dialoogtafel dialoogtafels gesprekstafel online fysiek digitaal sessie
    gesprek groep nr nummer no de het een en in van over op te met voor bij table""".split()
)
# How far the preview goes: a "table" column that is really free text must not make a page of
# a hundred thousand choices; values after these follow the rule for unknown ones.
MAX_LISTED_VALUES = 200


def normal(value: str) -> str:
    """How values are compared: case, dashes and spacing do not count."""
    return " ".join(re.findall(r"\w+", value.casefold()))


def _words(text: str) -> set[str]:
    """The words that can tell tables apart: no generic ones, no single letters (the T of
    T03)."""
    return {
        w
        for w in re.findall(r"[^\W\d_]+", text.casefold())
        if len(w) > 1 and w not in GENERIC_WORDS
    }


def _numbers(text: str) -> set[int]:
    return {int(n) for n in re.findall(r"\d+", text)}


@dataclass
class TableValue:
    """One value of the file's table column: how many rows have it and where they go."""

    value: str  # as the file first writes it
    rows: int = 0
    table: Table | None = None
    how: str = ""  # code, name, number, place, chosen, new, none, unknown, ambiguous
    candidates: list[Table] = field(default_factory=list)  # when ambiguous

    @property
    def outcome(self) -> str:
        """Where the rows go, in words: `T03 · … (nummer)`, `zonder tafel`, `geweigerd …`."""
        if self.how == "new" and self.table is not None:
            return _("nieuwe tafel %(code)s") % {"code": self.table.code}
        if self.table is not None:
            return f"{self.table} ({self.found_by})"
        if self.how == "none":
            return _("zonder tafel")
        if self.candidates:
            return _("geweigerd: past bij %(codes)s") % {
                "codes": ", ".join(t.code for t in self.candidates)
            }
        return _("geweigerd: onbekende tafel")

    @property
    def found_by(self) -> str:
        """How a value found its table: `nummer`, `gekozen` …"""
        return {
            "code": _("code"),
            "name": _("naam"),
            "number": _("nummer"),
            "place": _("gemeente"),
        }.get(self.how, _("gekozen"))

    @property
    def choice(self) -> str:
        """The value's choice as the preview's form writes it."""
        if self.how in ("none", "new"):
            return {"none": NONE, "new": CREATE}[self.how]
        return f"t:{self.table.pk}" if self.table is not None else ERROR


class TableMap:
    """Resolves a file's table values for one import. `chosen` maps a value (as written) to a
    Table, NONE, CREATE or ERROR; `unknown` is the rule for the rest; `match` False (the API)
    accepts a table's code only."""

    def __init__(
        self,
        programme,
        tables: Iterable[Table],
        *,
        chosen: dict[str, Table | str] | None = None,
        unknown: str = ERROR,
        match: bool = True,
    ):
        self.programme = programme
        self.tables = list(tables)
        self.chosen = {normal(v): c for v, c in (chosen or {}).items()}
        self.unknown = unknown
        self.match = match
        self.by_code = {t.code.casefold(): t for t in self.tables}
        self.by_name = {normal(t.name): t for t in self.tables}
        self.seen: dict[str, TableValue] = {}
        self._as_written: dict[str, TableValue] = {}  # a value exactly as a row writes it
        self._words_of: dict[int, set[str]] = {}

    def resolve(self, value: str) -> tuple[Table | None, str]:
        """The table for a row's value, and "" (a table, or none that was asked for), or the
        problem with the row ("error", "none": stored without a table and reported)."""
        seen = self._as_written.get(value)
        if seen is None:
            key = normal(value)
            seen = self.seen.get(key)
            if seen is None:
                seen = self._decide(value, key)
                if len(self.seen) < MAX_LISTED_VALUES:
                    self.seen[key] = seen
            if len(self._as_written) < 10 * MAX_LISTED_VALUES:
                self._as_written[value] = seen
        seen.rows += 1
        if seen.table is not None:
            return seen.table, ""
        return None, NONE if seen.how == "none" else ERROR

    def values(self) -> list[TableValue]:
        """The file's table values in the order they first came, with their rows and table."""
        return list(self.seen.values())

    def problem(self, value: str) -> str:
        """Why a row with this value is refused."""
        seen = self.seen.get(normal(value))
        if seen is not None and len(seen.candidates) > 1:
            return _("tafel ‘%(value)s’ past bij meer dan één tafel (%(codes)s); kies er een") % {
                "value": value,
                "codes": ", ".join(t.code for t in seen.candidates),
            }
        if seen is not None and seen.candidates:
            return _("tafel ‘%(value)s’ lijkt op %(code)s, maar niet zeker; kies een tafel") % {
                "value": value,
                "code": seen.candidates[0].code,
            }
        return _("onbekende tafel ‘%(code)s’ in dit programma") % {"code": value}

    # --- deciding ------------------------------------------------------------------------

    def _decide(self, value: str, key: str) -> TableValue:
        decided = TableValue(value)
        chosen = self.chosen.get(key)
        if isinstance(chosen, Table):
            decided.table, decided.how = chosen, "chosen"
            return decided
        if chosen is None:
            decided.table, decided.how = self._match(value)
            if decided.table is not None:
                return decided
            if decided.how == "ambiguous":
                decided.candidates = self._candidates(value)
        rule = chosen or self.unknown
        if rule == NONE:
            decided.how = "none"
        elif rule == CREATE:
            decided.table, decided.how = self._new_table(value), "new"
        else:
            decided.how = decided.how or "unknown"
        return decided

    def _match(self, value: str) -> tuple[Table | None, str]:
        """By code; by name; by number when the value's other words fit that table; by the
        words of a table's name or its municipality. Anything less than one table for sure
        is no match ("ambiguous" when some tables came close)."""
        table = self.by_code.get(value.strip().casefold())
        if table is not None:
            return table, "code"
        if not self.match:
            return None, ""
        table = self.by_name.get(normal(value))
        if table is not None:
            return table, "name"
        words = _words(value)
        by_number = self._by_number(value)
        if by_number:
            agreeing = [t for t in by_number if words <= self._table_words(t)]
            return (agreeing[0], "number") if len(agreeing) == 1 else (None, "ambiguous")
        if words:
            same_name = [t for t in self.tables if words == _words(t.name)]
            if len(same_name) == 1:
                return same_name[0], "name"
            in_place = [t for t in self.tables if words == self._place_words(t)]
            if len(in_place) == 1:
                return in_place[0], "place"
            if self._by_words(value):
                return None, "ambiguous"
        return None, ""

    def _candidates(self, value: str) -> list[Table]:
        return sorted({*self._by_number(value), *self._by_words(value)}, key=lambda t: t.code)

    def _by_number(self, value: str) -> list[Table]:
        numbers = _numbers(value)
        if len(numbers) != 1:
            return []
        return [t for t in self.tables if numbers <= _numbers(t.code) | _numbers(t.name)]

    def _by_words(self, value: str) -> list[Table]:
        """Tables whose code, name and municipality hold every word of the value."""
        words = _words(value)
        if not words:
            return []
        return [t for t in self.tables if words <= self._table_words(t)]

    def _place_words(self, table: Table) -> set[str]:
        return _words(table.municipality.name) if table.municipality_id else set()

    def _table_words(self, table: Table) -> set[str]:
        """The words of a table's code, name and municipality."""
        if table.pk not in self._words_of:
            words = _words(f"{table.code} {table.name}")
            if table.municipality_id:
                words |= _words(table.municipality.name)
            self._words_of[table.pk] = words
        return self._words_of[table.pk]

    def _new_table(self, value: str) -> Table:
        """A table named after the value, in the programme's first track; it was held (its
        harvest is here) and is online when its name says so."""
        track = self.programme.tracks.order_by("order", "pk").first()
        if track is None:
            raise NoTrack(self.programme)
        taken = set(self.programme.tables.values_list("code", flat=True))
        base = (slugify(value).upper() or "TAFEL")[:16]
        code, n = base, 1
        while code in taken:
            n += 1
            code = f"{base}-{n}"
        table = Table.objects.create(
            programme=self.programme,
            code=code,
            name=value.strip()[:200],
            track=track,
            status=Table.Status.HELD,
            mode=Table.Mode.ONLINE if "online" in value.casefold() else Table.Mode.PHYSICAL,
        )
        self.tables.append(table)
        self.by_code[table.code.casefold()] = table
        return table


class NoTrack(ValueError):
    def __init__(self, programme):
        super().__init__(
            _(
                "Programma ‘%(programme)s’ heeft geen traject om nieuwe tafels onder te zetten; "
                "maak er eerst een aan."
            )
            % {"programme": programme}
        )


def parse_choice(choice: str, tables: dict[str, Table]) -> Table | str | None:
    """A choice as the web form or a map file writes it: `t:<id>` or a table's code (or name),
    none/geen/- (no table), new/nieuw (a new table), error/weigeren; None when unknown."""
    word = choice.strip()
    lowered = word.casefold()
    if lowered in ("", "-", "none", "geen", "zonder tafel"):
        return NONE
    if lowered in ("new", "nieuw", "nieuwe tafel", "create"):
        return CREATE
    if lowered in ("error", "weigeren", "refuse"):
        return ERROR
    if lowered.startswith("t:") and lowered[2:].isdigit():
        return next((t for t in tables.values() if t.pk == int(lowered[2:])), None)
    return tables.get(lowered) or next(
        (t for t in tables.values() if normal(t.name) == normal(word)), None
    )


def read_table_map(path, programme) -> dict[str, Table | str]:
    """A map file: a header, then per row a table value as the file writes it and the table
    it becomes (a code or name, `geen` for no table, `nieuw` for a new one, `weigeren`).
    ValueError naming the row when a table is not in the programme."""
    from oogst.analysis.readers import ReadError, open_source

    tables = {t.code.casefold(): t for t in programme.tables.all()}
    try:
        source = open_source(path)
        rows = list(source.rows())
    except ReadError as exc:
        raise ValueError(
            _("De tafelkaart ‘%(name)s’ is niet te lezen (%(code)s).")
            % {"name": path, "code": exc.code}
        ) from exc
    chosen: dict[str, Table | str] = {}
    for row in rows:
        cells = list(row.cells.values()) if isinstance(row.cells, dict) else list(row.cells)
        value = str(cells[0] if cells and cells[0] is not None else "").strip()
        target = str(cells[1] if len(cells) > 1 and cells[1] is not None else "").strip()
        if not value:
            continue
        choice = parse_choice(target, tables)
        if choice is None:
            raise ValueError(
                _("Tafelkaart rij %(row)d: tafel ‘%(table)s’ bestaat niet in dit programma.")
                % {"row": row.number, "table": target}
            )
        chosen[value] = choice
    return chosen


def table_choices_posted(post) -> dict[str, str]:
    """The preview's choices: `tafelwaarde-<n>` holds a value, `tafel-<n>` its choice."""
    return {
        post[key]: post.get(f"tafel-{key.removeprefix('tafelwaarde-')}", "")
        for key in post
        if key.startswith("tafelwaarde-")
    }


def chosen_tables(saved: dict[str, str], programme) -> dict[str, Table | str]:
    """Choices kept in the session, as TableMap takes them; one that names no table of the
    programme (any more) is left out, so its value is matched again."""
    tables = {t.code.casefold(): t for t in programme.tables.all()}
    chosen = {value: parse_choice(choice, tables) for value, choice in saved.items()}
    return {value: choice for value, choice in chosen.items() if choice is not None}
