"""The self-hosted Persian fonts in static/fonts/ (Vazirmatn, SIL OFL 1.1, subset woff2).

They are built by scripts/subset_fonts.py from the npm package ``vazirmatn`` (33.0.3).
These checks need fonttools and brotli (requirements-dev.txt) and no network.
"""

from __future__ import annotations

import glob
import unicodedata
from pathlib import Path

import pytest

try:
    import brotli  # noqa: F401  (fontTools needs it to read woff2)
    from fontTools.ttLib import TTFont
except ImportError as exc:  # pragma: no cover - an environment problem, said plainly
    raise ImportError(
        f"{exc}: tests/test_fonts.py needs fonttools and brotli: "
        "pip install -r requirements-dev.txt"
    ) from exc

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "static" / "fonts"
WEIGHTS = ("Regular", "Bold")
WOFF2_FILES = [FONTS / f"Vazirmatn-{w}.woff2" for w in WEIGHTS]

# A Persian page loads Regular + Bold: together at most 120 KiB.
BUDGET_BYTES = 120 * 1024  # 122880

# Glyph counts. The full static Vazirmatn 33.0.3 TTFs (Regular and Bold alike) have 1333
# glyphs and 811 cmap entries; the subset built for this site has 386 glyphs (192 code
# points plus the joining forms, ligatures and marks the kept features reach). The limit
# leaves room for content to grow while still proving the files were subset.
FULL_GLYPHS = 1333
MAX_SUBSET_GLYPHS = 500

# Files whose Persian text the fonts must cover.
PERSIAN_TEXT_GLOBS = (
    "content/**/*.yaml",
    "content/**/*.md",
    "seeds/*.txt",
    "locale/fa/LC_MESSAGES/*.po",
    "templates/*.html",
    "site.yaml",
)

# Arabic script blocks: Arabic, Arabic Supplement, Arabic Extended-A, Presentation Forms A/B.
ARABIC_SCRIPT = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)
JOINERS = {"\u200c", "\u200d"}  # ZWNJ, ZWJ

REBUILD_HINT = (
    "Rebuild the fonts: npm install --prefix /tmp/vz vazirmatn@33.0.3 && "
    "python scripts/subset_fonts.py --source /tmp/vz/node_modules/vazirmatn "
    "(the npm package 'vazirmatn' ships the static TTFs in fonts/ttf/ and OFL.txt)."
)


def _is_persian_char(c: str) -> bool:
    """A letter, mark, digit, punctuation or symbol of the Arabic script (incl. Persian digits)."""
    if c in JOINERS:
        return True
    cp = ord(c)
    in_script = any(lo <= cp <= hi for lo, hi in ARABIC_SCRIPT)
    return in_script and unicodedata.category(c)[0] in "LMNPS"


def _persian_chars() -> set[str]:
    chars: set[str] = set()
    for pattern in PERSIAN_TEXT_GLOBS:
        for name in sorted(glob.glob(str(ROOT / pattern), recursive=True)):
            chars |= {c for c in Path(name).read_text(encoding="utf-8") if _is_persian_char(c)}
    return chars


@pytest.fixture(scope="module")
def fonts() -> dict[str, TTFont]:
    missing = [p.name for p in WOFF2_FILES if not p.is_file()]
    assert not missing, f"missing {missing} in static/fonts/. {REBUILD_HINT}"
    return {p.name: TTFont(p) for p in WOFF2_FILES}


def test_woff2_files_exist_with_signature():
    for path in WOFF2_FILES:
        assert path.is_file(), f"{path.relative_to(ROOT)} is missing. {REBUILD_HINT}"
        assert path.read_bytes()[:4] == b"wOF2", f"{path.name} is not woff2 (no wOF2 signature)"


def test_regular_plus_bold_within_120_kib_budget():
    sizes = {p.name: p.stat().st_size for p in WOFF2_FILES}
    total = sum(sizes.values())
    assert total <= BUDGET_BYTES, (
        f"Regular + Bold woff2 = {total} bytes {sizes}, over the 120 KiB "
        f"({BUDGET_BYTES} bytes) budget for a Persian page"
    )


def test_license_is_the_sil_ofl():
    license_file = FONTS / "OFL.txt"
    assert license_file.is_file(), f"static/fonts/OFL.txt is missing. {REBUILD_HINT}"
    text = license_file.read_text(encoding="utf-8")
    assert "SIL Open Font License" in text
    assert "Vazirmatn" in text


def test_fonts_are_static_vazirmatn_regular_and_bold(fonts):
    for weight in WEIGHTS:
        font = fonts[f"Vazirmatn-{weight}.woff2"]
        assert "fvar" not in font, "expected the static (non-variable) font"
        assert font["name"].getDebugName(1) == "Vazirmatn"
        assert font["OS/2"].usWeightClass == {"Regular": 400, "Bold": 700}[weight]


def test_subset_covers_every_persian_character_in_the_site(fonts):
    needed = _persian_chars()
    assert needed, "found no Persian text in content/, seeds/ or locale/fa/: globs broken?"
    for name, font in fonts.items():
        cmap = font.getBestCmap()
        missing = sorted(c for c in needed if ord(c) not in cmap)
        assert not missing, (
            f"{name} lacks {len(missing)} character(s) used in Persian text: "
            + ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '?')} ({c})" for c in missing)
            + f". {REBUILD_HINT}"
        )


def test_subset_covers_the_persian_alphabet_and_digits(fonts):
    base = set("ءآأؤإئابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیةكيۀ") | {
        chr(cp) for cp in range(0x06F0, 0x06FA)
    } | set("٪٫٬،؛؟\u0640\u064b\u064e\u064f\u0650\u0651\u0652\u0654\u0670") | JOINERS
    for name, font in fonts.items():
        cmap = font.getBestCmap()
        missing = sorted(c for c in base if ord(c) not in cmap)
        assert not missing, f"{name} lacks base Persian characters {missing}. {REBUILD_HINT}"


def test_fonts_keep_persian_shaping_features(fonts):
    for name, font in fonts.items():
        gsub = {r.FeatureTag for r in font["GSUB"].table.FeatureList.FeatureRecord}
        gpos = {r.FeatureTag for r in font["GPOS"].table.FeatureList.FeatureRecord}
        assert {"init", "medi", "fina", "rlig", "ccmp"} <= gsub, f"{name}: GSUB has {gsub}"
        assert {"mark", "mkmk", "kern"} <= gpos, f"{name}: GPOS has {gpos}"


def test_fonts_are_really_subset(fonts):
    for name, font in fonts.items():
        glyphs = len(font.getGlyphOrder())
        assert glyphs < MAX_SUBSET_GLYPHS < FULL_GLYPHS, (
            f"{name} has {glyphs} glyphs; a subset should have fewer than "
            f"{MAX_SUBSET_GLYPHS} (the full font has {FULL_GLYPHS}). {REBUILD_HINT}"
        )
        assert not {"fpgm", "prep", "cvt "} & set(font.keys()), f"{name} still has hinting"
