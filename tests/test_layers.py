"""Arrows point down: an app imports only the apps below it, and its migrations depend only
on the migrations of the apps below it (ARCHITECTURE.md). Read from the code itself."""

from __future__ import annotations

import ast
from pathlib import Path

from django.db.migrations.loader import MigrationLoader

SRC = Path(__file__).resolve().parents[1] / "src" / "oogst"

# Lowest first. An app may import (and its migrations depend on) an app of a lower floor;
# two apps on one floor know nothing of each other, except the two libraries (their command
# lines share a file reader).
FLOORS = [
    {"analysis", "privacy"},
    {"ratelimit", "migrating", "tasks", "directory"},
    {"accounts"},
    {"programme"},
    {"codebook", "participants"},
    {"harvest"},
    {"safeguards"},
    {"analyses"},
    {"dashboard", "api", "public"},
    {"demo"},
    {"cli", "urls", "settings", "wsgi", "middleware"},
]
FLOOR = {name: i for i, floor in enumerate(FLOORS) for name in floor}
LIBRARIES = {"analysis", "privacy"}


def room(module: str) -> str | None:
    """The app (or top-level module) of `oogst.<room>...`, or None outside the project."""
    parts = module.split(".")
    return parts[1] if parts[0] == "oogst" and len(parts) > 1 else None


def imports_of(path: Path) -> set[str]:
    package = ".".join(("oogst", *path.relative_to(SRC).with_suffix("").parts))
    if path.name != "__init__.py":
        package = package.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                found.add(".".join([*base, node.module] if node.module else base))
            elif node.module:
                found.add(node.module)
    return found


def upward_imports() -> list[str]:
    wrong = []
    for path in sorted(SRC.rglob("*.py")):
        here = room(".".join(("oogst", *path.relative_to(SRC).parts)))
        if here is None:
            continue
        here = here.removesuffix(".py")
        for module in imports_of(path):
            there = room(module)
            if there is None or there == here:
                continue
            if FLOOR[there] < FLOOR[here] or {here, there} <= LIBRARIES:
                continue
            wrong.append(f"{path.relative_to(SRC)} imports {module}")
    return wrong


def test_every_room_has_a_floor():
    rooms = {p.stem for p in SRC.iterdir() if p.suffix == ".py" or (p / "__init__.py").exists()}
    assert rooms - {"__init__"} <= FLOOR.keys()


def test_no_app_imports_an_app_above_it():
    assert upward_imports() == []


def test_migrations_depend_only_on_apps_below():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    wrong = []
    for (app, name), migration in loader.disk_migrations.items():
        if app not in FLOOR:
            continue
        for parent_app, parent in migration.dependencies:
            if parent_app in FLOOR and parent_app != app and FLOOR[parent_app] >= FLOOR[app]:
                wrong.append(f"{app}.{name} depends on {parent_app}.{parent}")
    assert wrong == []
