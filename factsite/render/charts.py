"""Horizontal bar charts as plain geometry, drawn by a template macro as inline SVG (no JavaScript).

The SVG inherits the page's direction, so text-anchor "start" begins a label at the reading edge in
both directions; only the x coordinates are mirrored here.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Bar:
    """One bar: its label, the figure written beside it, and where it is drawn."""

    label: str
    value_text: str
    x: float
    y: float
    width: float
    label_x: float
    marks: tuple[str, ...] = ()  # "computed", "note": what the chart says beside the figure


@dataclass(frozen=True)
class Chart:
    """An accessible chart: an id for its title and description, a size, and its bars."""

    id: str
    title: str
    width: int
    height: int
    bars: tuple[Bar, ...]


RANK_ROW = 42        # a label line, then its bar (14 px high, as macros.ranked_svg draws it)
CHAR_WIDTH = 7.6     # generous average advance of a character at 13 px (style.css), Latin or Persian
MARK_CHARS = {"computed": 16, "note": 20}  # room for " (computed)", " (see the note)" in either language
MIN_WIDTH = 320


def ranked_chart(chart_id: str, title: str, rows: list[tuple], lang: str) -> Chart:
    """Provinces' figures as bars sorted from the largest, each under a line that names the province
    and says the figure; the viewBox is as wide as the longest line, so no label is ever cut, and the
    SVG scales down with the page. rows: (label, value, value text, marks)."""
    ordered = sorted(rows, key=lambda row: (-row[1], row[0]))
    longest = max((len(f"{label}: {text}") + sum(MARK_CHARS[m] for m in marks)
                   for label, _, text, marks in ordered), default=0)
    width = max(MIN_WIDTH, int(longest * CHAR_WIDTH) + 16)
    top = max((row[1] for row in ordered), default=Decimal(1)) or Decimal(1)
    rtl = lang == "fa"
    plot = width - 8
    bars = []
    for i, (label, value, text, marks) in enumerate(ordered):
        length = max(round(float(value / top) * plot, 2), 1.0)
        edge = width - 4 if rtl else 4
        bars.append(Bar(label=label, value_text=text, x=round(width - 4 - length if rtl else 4, 2),
                        y=i * RANK_ROW + 26, width=length, label_x=edge, marks=tuple(marks)))
    return Chart(chart_id, title, width, max(RANK_ROW * len(bars), RANK_ROW) + 4, tuple(bars))
