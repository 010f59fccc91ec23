#!/usr/bin/env python3
"""Measure the share cards: processor time per card, bytes, and whether two draws give the same
bytes, on any site (the synthetic national one: benchmarks/generate.py), with the build's renderer
(Pillow with Raqm) and, for the record, with resvg (the `resvg-py` wheel, if installed) drawing the
same cards' text as SVG.

    python benchmarks/cards.py /tmp/bench [--cards 2000]

The first draw of a card in a process pays for its lines; a worker of a build draws thousands, and
lines that recur (the site's name, an outlet, a speaker, the source line) are drawn once per worker
(drawing.line_image), as here.
"""
from __future__ import annotations

import argparse
import datetime
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from factsite.cli import checked  # noqa: E402
from factsite.render.cards import site_cards  # noqa: E402
from factsite.render.charts import chart_svg  # noqa: E402
from factsite.render.drawing import FONT_FILES, draw_card  # noqa: E402
from factsite.render.site import make_renderer  # noqa: E402


def sample(site, count: int) -> list:
    """Every card of the site, both languages, taken evenly down to `count`."""
    renderer = make_renderer(site, datetime.date(2026, 1, 1))
    cards = [card for lang in site.config.languages
             for card in site_cards(site, renderer.index, lang, renderer.catalogs[lang]["_"])]
    step = max(1, len(cards) // count)
    return cards[::step][:count], len(cards)


def measure_pillow(cards: list, fonts: dict) -> dict:
    """Processor ms per card, the PNGs' bytes, and whether a second draw gives the same bytes."""
    started = time.process_time()
    made = [draw_card(card, fonts) for card in cards]
    spent = time.process_time() - started
    again = [draw_card(card, fonts) for card in cards[:200]]
    sizes = [len(data) for data, card in zip(made, cards) if card.kind == "card"]
    return {"ms": 1000 * spent / len(cards), "median": statistics.median(sizes), "max": max(sizes),
            "same": again == made[:200]}


def measure_resvg(cards: list, fonts: dict) -> dict | None:
    """The same for resvg drawing each card's text as an SVG (charts.chart_svg's way), fonts given as TTF."""
    try:
        import resvg_py
        from fontTools.ttLib import TTFont
    except ImportError:
        return None
    folder = Path(tempfile.mkdtemp(prefix="cards-fonts-"))
    files = []
    for weight, data in fonts.items():
        font = TTFont(io.BytesIO(data))
        font.flavor = None
        files.append(str(folder / f"{weight}.ttf"))
        font.save(files[-1])
    svgs = [chart_svg(card, "") .decode("utf-8") if card.kind == "chart" else card_svg(card) for card in cards]
    started = time.process_time()
    made = [bytes(resvg_py.svg_to_bytes(svg_string=svg, font_files=files, skip_system_fonts=True)) for svg in svgs]
    spent = time.process_time() - started
    again = [bytes(resvg_py.svg_to_bytes(svg_string=svg, font_files=files, skip_system_fonts=True))
             for svg in svgs[:200]]
    sizes = [len(data) for data, card in zip(made, cards) if card.kind == "card"]
    return {"ms": 1000 * spent / len(cards), "median": statistics.median(sizes), "max": max(sizes),
            "same": again == made[:200]}


def card_svg(card) -> str:
    """A card's lines as SVG text, anchored at the reading edge (resvg ignores `direction`)."""
    from html import escape
    rtl, y, parts = card.lang == "fa", 60, []
    x, anchor = (1140, "end") if rtl else (60, "start")
    sizes = {"brand": 30, "title": 44, "value": 84, "words": 34, "meta": 30, "small": 26, "address": 26}
    for line in card.lines:
        size = sizes.get(line.role, 24)
        text = f"\u2067{line.text}\u2069" if rtl else line.text  # RLI … PDI: the line's own direction
        parts.append(f'<text x="{x}" y="{y + size}" font-size="{size}" text-anchor="{anchor}" '
                     f'font-family="Vazirmatn">{escape(text)}</text>')
        y += round(size * 1.45)
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630">'
            '<rect width="1200" height="630" fill="#fffdf8"/>' + "".join(parts) + "</svg>")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--cards", type=int, default=2000)
    args = parser.parse_args(argv)
    site, problems = checked(args.site.resolve())
    if problems:
        print(f"{len(problems)} problems in {args.site}", file=sys.stderr)
        return 1
    cards, total = sample(site, args.cards)
    fonts = {weight: site.static[path] for weight, path in FONT_FILES.items()}
    print(f"{total} cards in the site; {len(cards)} drawn")
    for name, result in (("Pillow + Raqm", measure_pillow(cards, fonts)), ("resvg", measure_resvg(cards, fonts))):
        if result is None:
            print(f"{name}: not installed")
            continue
        print(f"{name}: {result['ms']:.2f} ms of processor time per card; cards {result['median']:.0f} B median, "
              f"{result['max']} B largest; a second draw the same bytes: {result['same']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
