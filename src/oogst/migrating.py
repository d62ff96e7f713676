"""Helpers that data migrations share (with historical models: no model is imported here)."""

from __future__ import annotations

from typing import Any

# model -> field -> {old value: new value}
Renames = dict[str, dict[str, dict[str, str]]]


def rename_values(apps: Any, app_label: str, renames: Renames, backwards: bool = False) -> None:
    """Store each new value where the old one is (or, backwards, the old one back)."""
    for model, fields in renames.items():
        manager = apps.get_model(app_label, model).objects
        for field, values in fields.items():
            for old, new in values.items():
                if backwards:
                    old, new = new, old
                manager.filter(**{field: old}).update(**{field: new})
