"""The share cards and chart images of a build as files: each card's text made here, its PNG drawn by the mapper's
workers, or taken from the cache by the digest of its text and fonts, so that an edit draws again
only the cards whose text changed."""
from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from functools import partial

from factsite.model import Cache, Mapper, Site
from factsite.render.cards import CHART, CHART_SVG, site_cards
from factsite.render.charts import chart_svg
from factsite.render.drawing import FONT_FILES, check_shaping, draw_card
from factsite.render.factindex import FactIndex


def card_files(site: Site, index: FactIndex, gettext: Mapping[str, Mapping[str, Callable[..., str]]], mapper: Mapper,
               cache: Cache | None = None, only: Collection[str] | None = None) -> dict[str, bytes]:
    """Every card's PNG by its site path (with only: the cards of those pages). NoShaping when
    Pillow cannot shape Persian here."""
    check_shaping()
    fonts = {weight: site.static[path] for weight, path in FONT_FILES.items()}
    wanted = None if only is None else set(only)
    cards = [card for lang in site.config.languages
             for card in site_cards(site, index, lang, gettext[lang]["_"], wanted)]
    faces = [fonts[weight] for weight in sorted(fonts)]
    keys = {card.path: ("card", card.digest(faces)) for card in cards}
    found = {card.path: cache.get(keys[card.path]) for card in cards} if cache is not None else {}
    missing = [card for card in cards if found.get(card.path) is None]
    made = dict(zip((card.path for card in missing), mapper(partial(draw_card, fonts=fonts), missing)))
    if cache is not None:
        for path, data in made.items():
            cache.put(keys[path], data)
    files = {card.path: found.get(card.path) or made[card.path] for card in cards}
    files.update({card.path.removesuffix(CHART) + CHART_SVG: chart_svg(card, "../../../static/fonts/")
                  for card in cards if card.kind == "chart"})
    return files

