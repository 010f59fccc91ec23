"""Share cards and chart images drawn as PNG without a browser: Pillow with its Raqm layout (HarfBuzz
shapes, FriBiDi orders), in the site's own subset Vazirmatn, so Persian letters join and read right
to left, and a Latin run inside Persian text (isolated by cards.py) keeps its own order.

The image is drawn in 16 levels of ink on paper and stored as a 4-bit palette PNG compressed with
zlib's run-length strategy: about 20 KB and 1 ms to encode (benchmarks/README.md has the figures).
The same text, fonts and Pillow give the same bytes.
"""
from __future__ import annotations

import functools
import io
import zlib
from collections.abc import Mapping

from PIL import Image, ImageDraw, ImageFont, features

from factsite.render.cards import Bar, Card

WIDTH, HEIGHT, MARGIN = 1200, 630, 60
FONT_FILES = {"regular": "static/fonts/Vazirmatn-Regular.woff2", "bold": "static/fonts/Vazirmatn-Bold.woff2"}
STYLES = {  # role: (weight, size in px, lines at most, space after)
    "brand": ("bold", 30, 1, 26), "title": ("regular", 44, 2, 18), "value": ("bold", 84, 2, 14),
    "words": ("regular", 34, 2, 22), "meta": ("regular", 30, 2, 10), "small": ("regular", 26, 3, 8),
    "address": ("bold", 26, 1, 0), "bar": ("regular", 24, 1, 0),
}
SMALLEST = 18                        # a line shrinks to fit its width, down to this size
PAPER, INK, ACCENT = (255, 253, 248), (20, 30, 40), (0, 114, 178)
LEVELS = 15                          # ink levels 0..14; index 15 is the accent
_TO_LEVEL = [min(v * LEVELS // 256, LEVELS - 1) for v in range(256)]


class NoShaping(Exception):
    """Pillow cannot shape Persian here (no Raqm layout, or no FriBiDi on the system)."""


def check_shaping() -> None:
    """NoShaping, saying what to install, unless Pillow has its Raqm layout and finds FriBiDi."""
    if not features.check("raqm"):
        raise NoShaping("Pillow cannot shape Persian here: its Raqm layout needs the system's FriBiDi library — "
                        "install it (Debian: apt-get install libfribidi0) and build again")


@functools.lru_cache(maxsize=64)
def font(data: bytes, size: int) -> ImageFont.FreeTypeFont:
    """A font of these bytes at this size, with the Raqm layout (made once per process)."""
    return ImageFont.truetype(io.BytesIO(data), size, layout_engine=ImageFont.Layout.RAQM)


def palette() -> list[int]:
    """Paper to ink in LEVELS steps, then the accent."""
    steps = [tuple(round(p + (i - p) * n / (LEVELS - 1)) for p, i in zip(PAPER, INK)) for n in range(LEVELS)]
    return [c for colour in (*steps, ACCENT) for c in colour]


def fitted(text: str, face: bytes, size: int, width: int, most: int) -> tuple[int, list[str]]:
    """The size (at most `size`) at which the text fits in at most `most` lines of this width, and its lines."""
    while True:
        lines = wrapped(text, face, size, width)
        if len(lines) <= most or size <= SMALLEST:
            return size, lines[:most]
        size -= 4


def wrapped(text: str, face: bytes, size: int, width: int) -> list[str]:
    """The text's words as lines no wider than width in this font at this size (a longer word stays whole)."""
    if advance(face, size, text) <= width:
        return [text]
    lines, current = [], ""
    for word in text.split(" "):
        trial = f"{current} {word}" if current else word
        if current and advance(face, size, trial) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    return [*lines, current] if current else lines


@functools.lru_cache(maxsize=8192)
def advance(face: bytes, size: int, text: str, way: str | None = None) -> float:
    """How far a line of this text advances in this font at this size (kept: a card measures the
    same lines at each scale it tries, and its words as it wraps them)."""
    return font(face, size).getlength(text, direction=way)


Placed = tuple[str, str, int, int, int]  # text, weight, size, top, ink


def laid_out(card: Card, fonts: Mapping[str, bytes], scale: float) -> tuple[list[Placed], int]:
    """The card's lines but the last, broken and placed from the top at this scale of STYLES' sizes;
    the y below them."""
    placed, y = [], round(44 * scale)
    for line in card.lines[:-1]:
        weight, size, most, after = STYLES[line.role]
        size, lines = fitted(line.text, fonts[weight], round(size * scale), WIDTH - 2 * MARGIN, most)
        for text in lines:
            placed.append((text, weight, size, y, 200 if line.role == "meta" else 255))
            y += round(size * 1.3)
        y += round(after * scale)
    return placed, y


def draw_card(card: Card, fonts: Mapping[str, bytes]) -> bytes:
    """The card as a PNG of WIDTH × HEIGHT: its lines from the top (smaller until they fit), its bars
    below them, its last line (the address) at the foot beside the accent band."""
    if card.kind == "chart":
        return draw_chart(card, fonts)
    rtl = card.lang == "fa"
    room = HEIGHT - 80 - (len(card.bars) and 2 * BAR_ROW)
    scale = 1.0
    placed, bottom = laid_out(card, fonts, scale)
    while bottom > room and scale > 0.6:
        scale -= 0.1
        placed, bottom = laid_out(card, fonts, scale)
    image = Image.new("L", (WIDTH, HEIGHT), 0)
    foot = card.lines[-1]
    weight, size, _, _ = STYLES[foot.role]
    for text, weight_, size_, top, ink in [*placed, (foot.text, weight, size, HEIGHT - 40 - size, 255)]:
        _stamp(image, fonts[weight_], size_, text, top, rtl, ink)
    bands = [(0, HEIGHT - 14, WIDTH, HEIGHT), *(_draw_bars(image, card.bars, fonts, bottom + 6, rtl) if card.bars
                                                 else ())]
    return _png(image, bands)


def draw_chart(card: Card, fonts: Mapping[str, bytes]) -> bytes:
    """A measure's chart as a PNG WIDTH wide: the site's name and the measure at the top, every
    province's bar, then the source line and the address, so that a copy still says where it is from."""
    rtl = card.lang == "fa"
    *top, source, foot = card.lines
    placed, y = laid_out(Card(card.path, card.lang, (*top, foot)), fonts, 1.0)
    weight, size, most, _ = STYLES[source.role]
    size, said = fitted(source.text, fonts[weight], size, WIDTH - 2 * MARGIN, most)
    height = y + 6 + len(card.bars) * BAR_ROW + 16 + len(said) * round(size * 1.3) + 90
    image = Image.new("L", (WIDTH, height), 0)
    bands = [(0, height - 14, WIDTH, height), *_draw_bars(image, card.bars, fonts, y + 6, rtl, height)]
    below = y + 6 + len(card.bars) * BAR_ROW + 16
    placed += [(text, weight, size, below + n * round(size * 1.3), 255) for n, text in enumerate(said)]
    fweight, fsize, _, _ = STYLES[foot.role]
    for text, weight_, size_, top_, ink in [*placed, (foot.text, fweight, fsize, height - 40 - fsize, 255)]:
        _stamp(image, fonts[weight_], size_, text, top_, rtl, ink)
    return _png(image, bands)


@functools.lru_cache(maxsize=2048)
def line_image(face: bytes, size: int, text: str, rtl: bool) -> Image.Image:
    """One line of text drawn alone (its ink as levels), kept: the site's name, an outlet, a speaker
    recur on many cards a worker draws. Its advance starts `size // 2` px from its reading edge (the
    room for ink beyond the advance), measured by advance rather than by ink, which costs a layout."""
    chosen, way = font(face, size), "rtl" if rtl else "ltr"
    pad = size // 2
    length = round(advance(face, size, text, way))
    image = Image.new("L", (length + 2 * pad, round(size * 1.5)), 0)
    ImageDraw.Draw(image).text((pad, 0), text, fill=255, font=chosen, anchor="la", direction=way)
    return image


def _stamp(image: Image.Image, face: bytes, size: int, text: str, top: int, rtl: bool, ink: int) -> None:
    """A line of text put on the image with its advance starting at the reading edge, from top down."""
    line = line_image(face, size, text, rtl)
    x = image.width - MARGIN - line.width + size // 2 if rtl else MARGIN - size // 2
    image.paste(ink, (x, top), line)


BAR_ROW = 44  # a bar's label line, then the bar


def _draw_bars(image: Image.Image, bars: tuple[Bar, ...], fonts: Mapping[str, bytes], top: int,
               rtl: bool, height: int = HEIGHT) -> list[tuple[int, int, int, int]]:
    """Bars of a measure: a label line, then its bar, in the room left above the foot; the bars'
    rectangles, drawn in the accent colour by _png."""
    weight, size, _, _ = STYLES["bar"]
    plot, rectangles = WIDTH - 2 * MARGIN, []
    for n, bar in enumerate(bars):
        y = top + n * BAR_ROW
        if y + BAR_ROW > height - 70:
            break
        _stamp(image, fonts[weight], size, bar.text, y, rtl, 255)
        length = max(round(plot * bar.share), 2)
        left = WIDTH - MARGIN - length if rtl else MARGIN
        rectangles.append((left, y + size + 8, left + length, y + size + 16))
    return rectangles


def _png(image: Image.Image, bands: list[tuple[int, int, int, int]]) -> bytes:
    """The drawn levels as a 4-bit palette PNG with the accent bands (zlib's run-length strategy)."""
    indexed = image.point(_TO_LEVEL).convert("P")  # each level's value as its index
    pen = ImageDraw.Draw(indexed)
    for band in bands:
        pen.rectangle(band, fill=LEVELS)
    indexed.putpalette(palette())
    out = io.BytesIO()
    indexed.save(out, "PNG", bits=4, compress_level=9, compress_type=zlib.Z_RLE)
    return out.getvalue()
