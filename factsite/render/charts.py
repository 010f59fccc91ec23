"""Horizontal bar charts as plain geometry, drawn by a template macro as inline SVG (no JavaScript).

The SVG inherits the page's direction, so text-anchor "end" puts a label against its bar and
"start" puts a value after its bar in both directions; only the x coordinates are mirrored here.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

WIDTH = 400
ROW = 30
BAR = 18
LABEL_WIDTH = 100
VALUE_ROOM = 150
PLOT = WIDTH - LABEL_WIDTH - VALUE_ROOM


@dataclass(frozen=True)
class Bar:
    """One bar: its label, the figure written beside it, and where it is drawn."""

    label: str
    value_text: str
    x: float
    y: float
    width: float
    label_x: float
    value_x: float
    marks: tuple[str, ...] = ()  # "computed", "note": what the chart says beside the figure


@dataclass(frozen=True)
class Chart:
    """An accessible chart: an id for its title and description, a size, and its bars."""

    id: str
    title: str
    width: int
    height: int
    bars: tuple[Bar, ...]
    track: tuple[float, float] | None


def bar_chart(chart_id: str, title: str, rows: list[tuple], lang: str,
              scale_max: Decimal | int | None = None) -> Chart:
    """Bars whose lengths are proportional to the values; mirrored for right-to-left pages.

    rows: (label, value, value text) or (label, value, value text, marks)."""
    top = Decimal(scale_max) if scale_max is not None else max((row[1] for row in rows), default=Decimal(1))
    top = top or Decimal(1)
    rtl = lang == "fa"
    bars = tuple(_bar(*row[:3], i, top, rtl, *row[3:]) for i, row in enumerate(rows))
    track = None
    if scale_max is not None:
        track = (_x(LABEL_WIDTH, PLOT, rtl), float(PLOT))
    return Chart(chart_id, title, WIDTH, max(ROW * len(rows), ROW) + 4, bars, track)


def _x(start: float, width: float, rtl: bool) -> float:
    """The left edge of a box that starts `start` from the reading edge."""
    return WIDTH - start - width if rtl else start


def _bar(label: str, value: Decimal, text: str, row: int, top: Decimal, rtl: bool,
         marks: tuple[str, ...] = ()) -> Bar:
    width = round(float(value / top) * PLOT, 2)
    y = row * ROW + (ROW - BAR) / 2 + 2
    label_edge = LABEL_WIDTH - 8
    value_edge = LABEL_WIDTH + width + 6
    return Bar(label=label, value_text=text, x=round(_x(LABEL_WIDTH, width, rtl), 2), y=y, width=width,
               label_x=WIDTH - label_edge if rtl else label_edge,
               value_x=round(WIDTH - value_edge if rtl else value_edge, 2), marks=marks)
