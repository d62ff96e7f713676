"""The codebook: the programme's themes, as the analysis reads them from YAML, JSON or a dict."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Theme:
    """One theme of the codebook; only `id` and `name` are required."""

    id: str
    name: str
    description: str = ""
    keywords: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    parent: str | None = None

    def prompt(self) -> str:
        """The text that stands for this theme when nothing else is known about it."""
        parts = [self.name.strip().rstrip(".") + "."]
        if self.description:
            parts.append(self.description.strip())
        if self.keywords:
            parts.append(", ".join(self.keywords) + ".")
        return " ".join(parts)


@dataclass(frozen=True)
class Codebook:
    themes: tuple[Theme, ...] = field(default_factory=tuple)

    @property
    def ids(self) -> list[str]:
        return [t.id for t in self.themes]

    def index(self, theme_id: str) -> int:
        return self.ids.index(theme_id)

    def theme_id(self, label: object) -> str | None:
        """The id of the theme `label` names: its id, or its name or id in any case and
        spacing (`"zorg  en Gezondheid"` -> `zorg`). None when it names no theme, or when it
        could name more than one (two themes with that name): a guess would mislabel."""
        text = str(label if label is not None else "")
        if text in self.ids:
            return text
        key = _label_key(text)
        matches = {
            t.id for t in self.themes if key and key in (_label_key(t.name), _label_key(t.id))
        }
        return matches.pop() if len(matches) == 1 else None

    @classmethod
    def from_dict(cls, data: dict[str, Any] | list[Any] | None) -> Codebook:
        """A codebook from its parsed form: a mapping with `themes`, or a list of themes.

        Raises ValueError naming the theme for anything the analysis cannot use: a missing
        id or name, a repeated id, or a parent that is not another theme of the codebook.
        """
        if data is None:
            raise ValueError("the codebook is empty")
        items = data.get("themes") if isinstance(data, dict) else data
        if not isinstance(items, list):
            raise ValueError(
                "the codebook needs a list 'themes', each theme with an id and a name "
                f"(found {_shorten(items)})"
            )
        themes = []
        seen: set[str] = set()
        for i, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                raise ValueError(
                    f"theme {i} needs at least an id and a name (found {_shorten(item)})"
                )
            theme_id, name = _text(item.get("id")), _text(item.get("name"))
            if not theme_id.strip() or not name.strip():
                raise ValueError(f"theme {i} {_missing(theme_id, name)}")
            if theme_id in seen:
                raise ValueError(f"theme id {theme_id!r} appears twice")
            seen.add(theme_id)
            themes.append(
                Theme(
                    id=theme_id,
                    name=name,
                    description=str(item.get("description") or ""),
                    keywords=_keywords(item.get("keywords")),
                    examples=_examples(item.get("examples")),
                    parent=str(item["parent"]) if item.get("parent") else None,
                )
            )
        if not themes:
            raise ValueError("the codebook has no themes")
        _check_parents(themes)
        return cls(tuple(themes))

    def to_dict(self) -> dict[str, Any]:
        return {
            "themes": [
                {
                    "id": t.id,
                    "name": t.name,
                    "description": t.description,
                    "keywords": list(t.keywords),
                    "examples": list(t.examples),
                    "parent": t.parent,
                }
                for t in self.themes
            ]
        }

    def sha256(self) -> str:
        blob = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _label_key(text: str) -> str:
    """How a label written by hand is compared with a theme's name or id."""
    return " ".join(text.split()).casefold()


def _missing(theme_id: str, name: str) -> str:
    """What an incomplete theme lacks, naming what it has."""
    if theme_id.strip():
        return f"(id {theme_id!r}) has no name; every theme needs an id and a name"
    if name.strip():
        return f"(name {name!r}) has no id; every theme needs an id and a name"
    return "has neither an id nor a name; every theme needs both"


def _shorten(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _keywords(value: Any) -> tuple[str, ...]:
    """A list of keywords, or one string of comma-separated keywords (`keywords: huur, woning`)."""
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(k.strip() for k in value.split(",") if k.strip())
    items = value if isinstance(value, list | tuple) else [value]
    return tuple(str(k) for k in items)


def _examples(value: Any) -> tuple[str, ...]:
    """A list of example sentences, or one sentence (commas belong to the sentence)."""
    if value is None:
        return ()
    items = value if isinstance(value, list | tuple) else [value]
    return tuple(str(e) for e in items)


def _check_parents(themes: list[Theme]) -> None:
    """Every parent is another theme of the codebook, and no theme is its own ancestor."""
    parent_of = {t.id: t.parent for t in themes}
    for theme in themes:
        if theme.parent is None:
            continue
        if theme.parent == theme.id:
            raise ValueError(f"theme {theme.id!r} is its own parent")
        if theme.parent not in parent_of:
            raise ValueError(
                f"theme {theme.id!r} has parent {theme.parent!r}, which is not a theme id "
                "of the codebook"
            )
    for theme in themes:
        chain = [theme.id]
        node = parent_of[theme.id]
        while node is not None:
            if node == theme.id:
                raise ValueError(
                    "the parents of themes "
                    + " -> ".join(repr(t) for t in [*chain, node])
                    + " form a cycle"
                )
            if node in chain:
                break  # a cycle further up, reported when its own themes are checked
            chain.append(node)
            node = parent_of[node]


def load_codebook(path: Path | str) -> Codebook:
    """Read a codebook from a YAML or JSON file.

    Raises OSError when the file cannot be read, and ValueError, starting with the file's
    name, when it is not UTF-8, not valid YAML/JSON, or not a usable codebook.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"{path}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at position "
            f"{exc.start}); save the codebook as UTF-8"
        ) from None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(
                f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
            ) from None
    else:
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise ValueError(f"{path}: not valid YAML ({_yaml_problem(exc)})") from None
    try:
        return Codebook.from_dict(data)
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from None


def _yaml_problem(exc: Any) -> str:
    """'line 4, column 4: expected <block end>, ...' from a PyYAML error, where it says so."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if mark is None:
        return str(problem)
    return f"line {mark.line + 1}, column {mark.column + 1}: {problem}"
