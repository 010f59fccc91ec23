"""Stage 3 on every core, each file written into the staging folder the moment it is made.

Each process renders its share (the data files, or every page of one language), writes each file
into the staging folder stage 4 publishes, and compresses it for the offline copy; only the
compressed copies travel back, and the copy is put together from them in name order. So no
process holds the whole site, and the compression is shared out too. The files are the ones
render_site makes (tests/test_render.py compares the trees).
"""
from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Mapping
from pathlib import Path

from factsite.model import Site
from factsite.render.data import NATIONAL_ZIP, add_member, national_zip
from factsite.render.links import file_for, path_for
from factsite.render.offline import FOLDER, copied, in_copy, with_checksum
from factsite.render.site import DATA_SHARE, make_renderer
from factsite.speed.datarows import listed_files_reusing
from factsite.speed.lasting import site_folder
from factsite.speed.templates import cached_environment
from factsite.speed.workers import map_to_dict, worker_count
from factsite.write.site import write_files

ITEMS_PER_PROCESS = 20  # facts and sources (each makes a page or two) worth a process of their own
LOCAL_HEADER = 30  # bytes of a zip local file header before its name and extra field
Stored = tuple[zipfile.ZipInfo, bytes]  # a zip member as it is stored: its directory entry and local record


def render_into(site: Site, built_on: datetime.date, staging: Path, workers: int | None = None,
                common: bytes | None = None, known: Mapping[int, bytes] | None = None) -> list[str]:
    """Render every file of the site into staging; return their site-relative names. Given the
    digest of what every page shares (common), the data files' rows are kept for the next build
    (speed/datarows.py; known: the facts' digests worked out before, by object)."""
    renderer = make_renderer(site, built_on, cached_environment(Path(site.root)))
    shares = renderer.shares()
    count = min(len(shares), worker_count(len(site.facts) + len(site.seeds) * 2, workers, ITEMS_PER_PROCESS))

    def files(share: str):
        if share == DATA_SHARE and common is not None:
            listed = listed_files_reusing(renderer, site_folder(Path(site.root)), common, known)
            return {**listed, NATIONAL_ZIP: national_zip(site, listed)}.items()
        return renderer.files(share)
    stored = map_to_dict(shares, lambda share: (share, _spill(files(share), staging)), count)
    names = {share: list(members) for share, members in stored.items()}
    chooser, not_found = renderer.fixed_pages()
    rest = {file_for(page.path): renderer.html(page, renderer.fragments(page.lang)) for page in (chooser, not_found)}
    pages = [path_for(name) for lang in site.config.languages for name in names[lang] if name.endswith(".html")]
    rest.update(renderer.site_files([*pages, chooser.path]))
    members = {name: member for share in shares for name, member in stored[share].items()}
    members.update(_spill(rest.items(), staging))
    copy = with_checksum(assemble([members[name] for name in in_copy(members)]))
    write_files(copy, staging)
    return [*members, *copy]


def _spill(files, staging: Path) -> dict[str, Stored | None]:
    """Write each (name, bytes) into staging; keep the compressed copy of those the offline copy holds."""
    kept: dict[str, Stored | None] = {}
    for name, data in files:
        write_files({name: data}, staging)
        kept[name] = stored(FOLDER + name, copied(name, data)) if in_copy([name]) else None
    return kept


def stored(name: str, data: bytes) -> Stored:
    """One zip member, compressed as render/data.py's zip_bytes stores it, apart from any zip."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        add_member(archive, name, data)
        (info,) = archive.infolist()
    raw = out.getvalue()
    return info, raw[:LOCAL_HEADER + len(raw_name(raw)) + _extra_length(raw) + info.compress_size]


def raw_name(raw: bytes) -> bytes:
    return raw[LOCAL_HEADER:LOCAL_HEADER + int.from_bytes(raw[26:28], "little")]


def _extra_length(raw: bytes) -> int:
    return int.from_bytes(raw[28:30], "little")


def assemble(members: list[Stored]) -> bytes:
    """A zip of stored members, in the order given: the bytes zip_bytes gives for their files."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, raw in members:
            append_stored(archive, info, raw)
    return out.getvalue()


def append_stored(archive: zipfile.ZipFile, info: zipfile.ZipInfo, raw: bytes) -> None:
    """Append a member's local record as it is, and list it in the archive's directory."""
    archive.fp.seek(archive.start_dir)
    info.header_offset = archive.fp.tell()
    archive.fp.write(raw)
    archive.start_dir = archive.fp.tell()
    archive.filelist.append(info)
    archive.NameToInfo[info.filename] = info
    archive._didModify = True
