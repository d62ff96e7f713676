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

    @classmethod
    def from_dict(cls, data: dict[str, Any] | list[Any]) -> Codebook:
        items = data.get("themes", []) if isinstance(data, dict) else data
        themes = []
        seen: set[str] = set()
        for i, item in enumerate(items):
            if not isinstance(item, dict) or not item.get("name") and not item.get("id"):
                raise ValueError(f"codebook theme {i} needs at least an id and a name")
            theme_id = str(item.get("id") or item["name"])
            if theme_id in seen:
                raise ValueError(f"codebook theme id {theme_id!r} appears twice")
            seen.add(theme_id)
            themes.append(
                Theme(
                    id=theme_id,
                    name=str(item.get("name") or theme_id),
                    description=str(item.get("description") or ""),
                    keywords=tuple(str(k) for k in item.get("keywords") or ()),
                    examples=tuple(str(e) for e in item.get("examples") or ()),
                    parent=str(item["parent"]) if item.get("parent") else None,
                )
            )
        if not themes:
            raise ValueError("the codebook has no themes")
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


def load_codebook(path: Path | str) -> Codebook:
    """Read a codebook from a YAML or JSON file."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".json":
        return Codebook.from_dict(json.loads(text))
    import yaml

    return Codebook.from_dict(yaml.safe_load(text))
