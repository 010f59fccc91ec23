#!/usr/bin/env python3
"""Measure a built site against the page budgets (#17): every HTML page at most 14 KB compressed
(gzip level 6) and 60 KB in full, and a first load — the page, the stylesheet and every font, all
compressed — of at most 60 KB.

    python benchmarks/budgets.py PUBLIC_DIR
"""
from __future__ import annotations

import gzip
import sys
from pathlib import Path

GZIP_LIMIT, RAW_LIMIT, FIRST_LOAD_LIMIT = 14 * 1024, 60 * 1024, 60 * 1024


def page_budgets(public: Path) -> dict:
    """The largest page (in full and compressed), how many pages break each budget, and the first load."""
    sizes = [(len(data), len(gzip.compress(data, 6, mtime=0)), path.relative_to(public).as_posix())
             for path in sorted(public.rglob("*.html")) for data in [path.read_bytes()]]
    css = sum(len(gzip.compress(p.read_bytes(), 6, mtime=0)) for p in public.rglob("*.css"))
    fonts = sum(p.stat().st_size for p in public.rglob("*.woff2"))
    raw, packed = max(sizes), max(sizes, key=lambda s: s[1])
    return {"pages": len(sizes), "largest_raw": raw, "largest_gzip": packed,
            "over_gzip": sum(1 for _, g, _ in sizes if g > GZIP_LIMIT),
            "over_raw": sum(1 for r, _, _ in sizes if r > RAW_LIMIT),
            "first_load": packed[1] + css + fonts, "css": css, "fonts": fonts}


def describe(b: dict) -> list[str]:
    """Markdown table rows for the README."""
    return [f"| pages over 14 KB compressed / over 60 KB in full | {b['over_gzip']} / {b['over_raw']} "
            f"of {b['pages']:,} |",
            f"| largest page compressed | {b['largest_gzip'][1] / 1024:.1f} KB (`{b['largest_gzip'][2]}`) |",
            f"| largest page in full | {b['largest_raw'][0] / 1024:.1f} KB (`{b['largest_raw'][2]}`) |",
            f"| largest first load: page + CSS {b['css'] / 1024:.1f} KB + fonts {b['fonts'] / 1024:.1f} KB, "
            f"compressed | {b['first_load'] / 1024:.1f} KB |"]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    found = page_budgets(Path(argv[0]))
    print("\n".join(describe(found)))
    ok = not found["over_gzip"] and not found["over_raw"] and found["first_load"] <= FIRST_LOAD_LIMIT
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
