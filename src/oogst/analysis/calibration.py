"""Does a score mean what it says? Reliability bins, expected calibration error (ECE), and a
reliability diagram as a small self-contained SVG (no plotting library).

A theme score is calibrated when, of all contributions whose best theme scores about 0.8,
about 8 in 10 have that theme. ECE is the mean gap between score and accuracy over equal-width
bins, weighted by how many contributions fall in each.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import numpy as np


@dataclass
class Bin:
    low: float
    high: float
    count: int
    confidence: float  # mean score in the bin
    accuracy: float  # share right in the bin


def reliability(
    confidence: Sequence[float] | np.ndarray, correct: Sequence[bool] | np.ndarray, bins: int = 10
) -> list[Bin]:
    """The non-empty bins of (0, 1] by score: how sure, and how often right. A score of
    exactly 0 falls in the first bin."""
    conf = np.asarray(confidence, dtype=np.float64)
    right = np.asarray(correct, dtype=np.float64)
    if conf.shape != right.shape:
        raise ValueError("confidence and correct must have the same length")
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.searchsorted(edges, conf, side="left") - 1, 0, bins - 1)
    out = []
    for b in range(bins):
        members = which == b
        if members.any():
            out.append(
                Bin(
                    float(edges[b]),
                    float(edges[b + 1]),
                    int(members.sum()),
                    float(conf[members].mean()),
                    float(right[members].mean()),
                )
            )
    return out


def expected_calibration_error(
    confidence: Sequence[float] | np.ndarray, correct: Sequence[bool] | np.ndarray, bins: int = 10
) -> float:
    """Mean |score - accuracy| over the bins, weighted by their size (0 is perfect)."""
    found = reliability(confidence, correct, bins)
    total = sum(b.count for b in found)
    if not total:
        return 0.0
    return float(sum(b.count * abs(b.confidence - b.accuracy) for b in found) / total)


def reliability_svg(found: Sequence[Bin], title: str, size: int = 320) -> str:
    """A reliability diagram: a bar per bin at its accuracy, the diagonal where a calibrated
    score would be, and the bin's mean score as a dot."""
    pad, inner = 40, size - 60
    x = lambda v: pad + v * inner  # noqa: E731
    y = lambda v: pad - 20 + (1 - v) * inner  # noqa: E731
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 {size} {size}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<rect x="{x(0)}" y="{y(1)}" width="{inner}" height="{inner}" fill="#fff" stroke="#333"/>',
        f'<line x1="{x(0)}" y1="{y(0)}" x2="{x(1)}" y2="{y(1)}" stroke="#999" '
        'stroke-dasharray="4 3"/>',
    ]
    for b in found:
        parts.append(
            f'<rect x="{x(b.low) + 1:.1f}" y="{y(b.accuracy):.1f}" '
            f'width="{(b.high - b.low) * inner - 2:.1f}" height="{b.accuracy * inner:.1f}" '
            f'fill="#1f5fa8" fill-opacity="0.75"><title>{b.low:.1f}-{b.high:.1f}: {b.count} '
            f"contributions, score {b.confidence:.2f}, right {b.accuracy:.2f}</title></rect>"
        )
        parts.append(
            f'<circle cx="{x(b.confidence):.1f}" cy="{y(b.accuracy):.1f}" r="3" fill="#c0392b"/>'
        )
    for v in (0, 0.5, 1):
        parts.append(
            f'<text x="{x(v):.1f}" y="{y(0) + 16:.1f}" font-size="11" text-anchor="middle">'
            f"{v:g}</text>"
        )
        parts.append(
            f'<text x="{x(0) - 6:.1f}" y="{y(v) + 4:.1f}" font-size="11" text-anchor="end">'
            f"{v:g}</text>"
        )
    parts.append(
        f'<text x="{size / 2}" y="{size - 4}" font-size="12" text-anchor="middle">score of the '
        "best theme</text>"
    )
    parts.append(
        f'<text x="{pad / 2 - 8}" y="{size / 2}" font-size="12" text-anchor="middle" '
        f'transform="rotate(-90 {pad / 2 - 8} {size / 2})">share right</text>'
    )
    parts.append(
        f'<text x="{size / 2}" y="14" font-size="12" text-anchor="middle">{escape(title)}</text>'
    )
    parts.append("</svg>")
    return "\n".join(parts)
