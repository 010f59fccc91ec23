"""Horizontal bar charts as plain geometry, drawn by a template macro as inline SVG (no JavaScript).

The SVG inherits the page's direction, so text-anchor "start" begins a label at the reading edge in
both directions; only the x coordinates are mirrored here.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from html import escape


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
WIDE_WIDTH = 660     # a desktop's column (style.css --measure, less its padding): the wide chart fills it at 1:1


def ranked_chart(chart_id: str, title: str, rows: list[tuple], lang: str, least: int = MIN_WIDTH) -> Chart:
    """Provinces' figures as bars sorted from the largest, each under a line that names the province
    and says the figure; the viewBox is as wide as the longest line, so no label is ever cut, and the
    SVG scales down with the page. rows: (label, value, value text, marks); least: the narrowest
    viewBox (WIDE_WIDTH for the chart a desktop shows across its column)."""
    ordered = sorted(rows, key=lambda row: (-row[1], row[0]))
    longest = max((len(f"{label}: {text}") + sum(MARK_CHARS[m] for m in marks)
                   for label, _, text, marks in ordered), default=0)
    width = max(least, int(longest * CHAR_WIDTH) + 16)
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


SVG_WIDTH, SVG_ROW, SVG_MARGIN = 1200, 44, 60
SVG_TOP = 150  # the site's name and the measure above the bars
SVG_FONTS = "Vazirmatn, 'Noto Sans Arabic', 'DejaVu Sans', sans-serif"


def chart_svg(card, fonts_href: str) -> bytes:
    """A measure's chart (cards.chart_card) as a standalone SVG: the site's name and the measure, every
    province's bar under its line, the source line and the page's address inside the image.
    fonts_href: the site's fonts folder, relative to the SVG file."""
    rtl = card.lang == "fa"
    brand, title, source, address = (escape(line.text) for line in card.lines)
    x = SVG_WIDTH - SVG_MARGIN if rtl else SVG_MARGIN
    height = SVG_TOP + len(card.bars) * SVG_ROW + 110
    plot = SVG_WIDTH - 2 * SVG_MARGIN
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SVG_WIDTH} {height}" width="{SVG_WIDTH}" '
             f'height="{height}" direction="{"rtl" if rtl else "ltr"}" font-family="{SVG_FONTS}" '
             f'role="img" aria-labelledby="t">',
             f'<style>@font-face{{font-family:Vazirmatn;src:url({fonts_href}Vazirmatn-Regular.woff2)}}'
             f'@font-face{{font-family:Vazirmatn;font-weight:700;src:url({fonts_href}Vazirmatn-Bold.woff2)}}</style>',
             f'<title id="t">{title}</title>', f'<rect width="{SVG_WIDTH}" height="{height}" fill="#fffdf8"/>',
             f'<text x="{x}" y="64" font-size="30" font-weight="700" fill="#141e28">{brand}</text>',
             f'<text x="{x}" y="124" font-size="40" fill="#141e28">{title}</text>']
    for n, bar in enumerate(card.bars):
        y = SVG_TOP + n * SVG_ROW
        length = max(round(plot * bar.share, 1), 2)
        left = SVG_WIDTH - SVG_MARGIN - length if rtl else SVG_MARGIN
        parts += [f'<text x="{x}" y="{y + 20}" font-size="22" fill="#141e28">{escape(bar.text)}</text>',
                  f'<rect x="{left}" y="{y + 28}" width="{length}" height="9" fill="#0072b2"/>']
    foot = SVG_TOP + len(card.bars) * SVG_ROW
    parts += [f'<text x="{x}" y="{foot + 36}" font-size="20" fill="#141e28">{source}</text>',
              f'<text x="{x}" y="{height - 34}" font-size="24" font-weight="700" fill="#141e28">{address}</text>',
              f'<rect y="{height - 14}" width="{SVG_WIDTH}" height="14" fill="#0072b2"/>', '</svg>']
    return ("\n".join(parts) + "\n").encode("utf-8")
