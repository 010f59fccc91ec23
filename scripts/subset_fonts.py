#!/usr/bin/env python3
"""Build the self-hosted Persian web fonts: Vazirmatn Regular and Bold, subset, as woff2.

Vazirmatn (https://github.com/rastikerdar/vazirmatn) is licensed under the SIL Open Font
License 1.1; its OFL.txt is copied next to the fonts. The source is the npm package
``vazirmatn``, which ships static (non-variable) TTFs in ``fonts/ttf/``::

    npm install --prefix /tmp/vz vazirmatn@33.0.3
    python scripts/subset_fonts.py --source /tmp/vz/node_modules/vazirmatn

What the subset keeps
    * every character the site uses: content/**/*.yaml, content/**/*.md, seeds/*.txt,
      templates/*.html, locale/**/*.po and site.yaml;
    * plus a fixed base set, so that new Persian text rarely needs a rebuild: the Persian
      alphabet and the Arabic-script letters met in Persian text (Arabic kaf/yeh, hamza
      forms, teh marbuta, harakat, superscript alef), Persian and Arabic-Indic digits,
      ٪ ٫ ٬ ، ؛ ؟, tatweel, ZWNJ/ZWJ (and LRM/RLM), printable ASCII, « » “ ” ‘ ’ – — … ·
      and NBSP;
    * the OpenType features Persian shaping needs (init, medi, fina, isol, rlig, liga,
      calt, ccmp, locl, kern, mark, mkmk) and every glyph those features reach from the
      kept characters (fontTools' closure), so joining forms and ligatures still work.

What it drops: hinting (``--no-hinting``), the other features (small caps, fractions,
old-style/tabular figures, stylistic sets...), name records other than 0-6 (copyright,
family, style, unique id, full name, version, PostScript name) and non-English names.

The output is deterministic: fontTools does not touch head.modified unless asked, and
brotli is deterministic, so the same source and the same site text give byte-identical
files. Run from anywhere; paths are relative to the repository root (this file's parent's
parent) unless --root is given.
"""

from __future__ import annotations

import argparse
import glob
import json
import shutil
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent

# Files whose characters the fonts must cover (globs relative to the repository root).
TEXT_GLOBS = (
    "content/**/*.yaml",
    "content/**/*.md",
    "seeds/*.txt",
    "templates/*.html",
    "locale/**/*.po",
    "site.yaml",
)

WEIGHTS = ("Regular", "Bold")

# OpenType layout features kept (everything else is dropped).
LAYOUT_FEATURES = (
    "init", "medi", "fina", "isol", "rlig", "liga", "calt",
    "kern", "mark", "mkmk", "ccmp", "locl",
)


def _ranges(*spans: tuple[int, int]) -> set[str]:
    return {chr(cp) for lo, hi in spans for cp in range(lo, hi + 1)}


# The base set, always kept whatever the content says.
BASE_CHARS: set[str] = (
    _ranges(
        (0x0020, 0x007E),  # printable ASCII
        (0x0621, 0x063A),  # hamza ... ghain (alef forms, teh marbuta, Arabic yeh forms)
        (0x0640, 0x064A),  # tatweel, feh ... yeh (incl. Arabic kaf ك and yeh ي)
        (0x064B, 0x0655),  # harakat: tanwin, fatha, damma, kasra, shadda, sukun, hamza marks
        (0x0660, 0x0669),  # Arabic-Indic digits ٠-٩
        (0x06F0, 0x06F9),  # Persian digits ۰-۹
        (0x200C, 0x200F),  # ZWNJ, ZWJ, LRM, RLM
    )
    | set("٪٫٬،؛؟")  # U+066A-066C, U+060C, U+061B, U+061F
    | set("\u0670\u067E\u0686\u0698\u06A9\u06AF\u06C0\u06CC")  # ٰ پ چ ژ ک گ ۀ ی
    | set("«»“”‘’–—…·")
    | {"\u00A0"}  # NBSP
)


def site_chars(root: Path = ROOT) -> set[str]:
    """Every character that occurs in the site's text files (sorted glob, UTF-8)."""
    chars: set[str] = set()
    for pattern in TEXT_GLOBS:
        for name in sorted(glob.glob(str(root / pattern), recursive=True)):
            chars |= set(Path(name).read_text(encoding="utf-8"))
    return chars


def wanted_codepoints(root: Path = ROOT) -> list[int]:
    """The code points to keep: the site's characters plus the base set, minus controls."""
    chars = site_chars(root) | BASE_CHARS
    return sorted(ord(c) for c in chars if ord(c) >= 0x20 and c not in "\x7f")


def find_source(source: Path, weight: str) -> Path:
    """The static (non-variable) font of a weight inside the npm package (TTF, else woff2)."""
    if (source / "node_modules" / "vazirmatn").is_dir():
        source = source / "node_modules" / "vazirmatn"
    for candidate in (
        source / "fonts" / "ttf" / f"Vazirmatn-{weight}.ttf",
        source / "fonts" / "webfonts" / f"Vazirmatn-{weight}.woff2",
    ):
        if candidate.is_file():
            if "fvar" in TTFont(candidate, lazy=True):
                sys.exit(f"{candidate} is a variable font; expected a static one")
            return candidate
    sys.exit(
        f"No Vazirmatn-{weight}.ttf under {source}/fonts/ttf; pass --source the vazirmatn "
        "npm package (npm install --prefix /tmp/vz vazirmatn@<version>)"
    )


def subset_font(src: Path, dst: Path, unicodes: list[int]) -> None:
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = list(LAYOUT_FEATURES)
    options.hinting = False  # --no-hinting
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    options.name_languages = [0x409]  # English (US) names only
    options.name_legacy = False
    options.notdef_outline = True
    options.glyph_names = False
    options.recalc_timestamp = False  # keep head.modified from the source: deterministic
    font = subset.load_font(str(src), options, dontLoadGlyphNames=True)
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    dst.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(dst), options)
    font.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--source", required=True, type=Path,
        help="the vazirmatn npm package directory (e.g. /tmp/vz/node_modules/vazirmatn)",
    )
    parser.add_argument("--root", type=Path, default=ROOT, help="repository root")
    args = parser.parse_args(argv)

    root: Path = args.root.resolve()
    out_dir = root / "static" / "fonts"
    unicodes = wanted_codepoints(root)

    source: Path = args.source
    if (source / "node_modules" / "vazirmatn").is_dir():
        source = source / "node_modules" / "vazirmatn"
    package_json = source / "package.json"
    version = json.loads(package_json.read_text())["version"] if package_json.is_file() else "?"
    print(f"vazirmatn {version} from {source}; {len(unicodes)} code points")

    total = 0
    for weight in WEIGHTS:
        src = find_source(source, weight)
        dst = out_dir / f"Vazirmatn-{weight}.woff2"
        subset_font(src, dst, unicodes)
        size = dst.stat().st_size
        total += size
        glyphs = len(TTFont(dst).getGlyphOrder())
        print(f"  {dst.relative_to(root)}: {size} bytes ({size / 1024:.1f} KiB), {glyphs} glyphs")

    license_src = source / "OFL.txt"
    if not license_src.is_file():
        sys.exit(f"No OFL.txt in {source}")
    shutil.copyfile(license_src, out_dir / "OFL.txt")
    print(f"  {(out_dir / 'OFL.txt').relative_to(root)}: copied")
    print(f"total {total} bytes ({total / 1024:.1f} KiB; budget 120 KiB = 122880 bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
