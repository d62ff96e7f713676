"""The B1 summary as plain text, with its readability report as JSON beside it."""

from __future__ import annotations

import json

from django.utils.translation import gettext as _

from oogst.reporting.readability import assess

from ..selectors.content import ProductContent
from . import words


def b1_files(content: ProductContent) -> dict[str, bytes]:
    summary = content.plain_summary
    if summary is None or not summary.text.strip():
        text = _(
            "Er is nog geen samenvatting in eenvoudige taal geschreven voor %(programme)s. "
            "Schrijf die op de productenpagina van het programma."
        ) % {"programme": content.programme.name}
        report = {"written": False, "message": text}
        return {
            "b1.txt": (text + "\n").encode("utf-8"),
            "b1-readability.json": _json(report),
        }
    assessed = assess(summary.text)
    body = f"{summary.title}\n\n{summary.text.strip()}\n"
    report = {
        "written": True,
        "title": summary.title,
        "programme": content.programme.slug,
        "made_at": content.made_at.isoformat(),
        "made": words.moment(content.made_at),
        **assessed.to_dict(),
    }
    return {"b1.txt": body.encode("utf-8"), "b1-readability.json": _json(report)}


def _json(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
