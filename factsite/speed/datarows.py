"""The data files made with each fact's JSON and CSV row kept from the last build.

A fact's row depends on the fact (less where it is written) and on inputs that hold no facts (its
seed's language and date, its measure's definition) and the build code: `common` covers the
latter, so a row is taken back for a fact of the same digest (speed/pagekeys.py's fact_digest)
under the same `common`, and made anew otherwise. The rows live in the site folder's own folder of
the user's cache (speed/lasting.py), written whole by a rename once enough of them are missing or
unused; anything unreadable is ignored.
The files are render/data.py's listed_files (tests/test_speed_incremental.py compares them).
"""
from __future__ import annotations

import os
import pickle
from collections.abc import Mapping
from pathlib import Path

from factsite.render.data import fact_rows, listed_files
from factsite.render.site import Renderer
from factsite.speed.pagekeys import fact_digest

ROWS_FILE = "data-rows.kept"  # not *.pickle: lasting.keep removes those of no list file
# rows missing from the file, or kept there for no current fact, before it is written again whole:
# an edit makes its facts' rows again (about 1 ms each) rather than write 15 MB (0.12 s, national)
ROWS_OFF_BEFORE_WRITING = 100


def listed_files_reusing(renderer: Renderer, folder: Path | None, common: bytes,
                         known: Mapping[int, bytes] | None = None) -> dict[str, bytes]:
    """render/data.py's listed_files (the data files but the national zip), with the rows of facts
    unchanged since the last build taken back from folder (None: none kept). known: the facts'
    digests worked out before, by object."""
    site, known = renderer.site, known or {}
    digests = [known.get(id(fact)) or fact_digest(fact) for fact in site.facts]
    kept = _read(folder, common)
    rows = {fact.id: kept[key] for fact, key in zip(site.facts, digests) if key in kept}
    missing = [fact for fact in site.facts if fact.id not in rows]
    rows.update(fact_rows(site, missing))
    unused = len(kept) - (len(site.facts) - len(missing))  # rows of facts changed or gone since
    if (missing and not kept) or len(missing) + unused > ROWS_OFF_BEFORE_WRITING:
        _write(folder, common, {key: rows[fact.id] for fact, key in zip(site.facts, digests)})
    return listed_files(site, renderer.index.by_scope, renderer.index.by_program, rows)


def _read(folder: Path | None, common: bytes) -> dict[bytes, tuple[bytes, bytes]]:
    """The rows kept under this common digest, by fact digest ({} if none or unreadable)."""
    if folder is None:
        return {}
    try:
        with open(folder / ROWS_FILE, "rb") as file:
            kept_common, rows = pickle.load(file)
    except (OSError, TypeError, ValueError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return {}
    if kept_common != common or not isinstance(rows, dict) or \
            not all(type(row) is tuple and len(row) == 2 and type(row[0]) is type(row[1]) is bytes
                    for row in rows.values()):
        return {}
    return rows


def _write(folder: Path | None, common: bytes, rows: dict[bytes, tuple[bytes, bytes]]) -> None:
    """Keep these rows for the next build, written whole by a rename (silently not, if it cannot)."""
    if folder is None:
        return
    temporary = folder / f"{ROWS_FILE}.{os.getpid()}.new"
    try:
        with open(temporary, "wb") as file:
            pickle.dump((common, rows), file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, folder / ROWS_FILE)
    except OSError:
        temporary.unlink(missing_ok=True)
