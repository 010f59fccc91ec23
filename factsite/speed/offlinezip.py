"""The offline copy's zip made again after an edit, reusing the compressed files it holds already.

A file whose bytes did not change is copied from the previous zip as it is stored there (its local
header and compressed data), so that only changed files are compressed again. The zip is the one
render/offline.py makes from every file (tests/test_speed_incremental.py compares their bytes).
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from factsite.render.data import add_member
from factsite.render.offline import FOLDER, copied, in_copy, with_checksum
from factsite.speed.spill import LOCAL_HEADER, append_stored

def offline_files_reusing(names: list[str], fresh: dict[str, bytes], unchanged: Callable[[str], bool],
                          previous: bytes, read: Callable[[str], bytes]) -> dict[str, bytes]:
    """offline_files for a site of these file names: `fresh` holds the bytes of the files made again,
    unchanged(name) says whether a file's bytes are those of the previous build, whose zip is
    `previous`; read(name) gives the bytes of a file that was not made again."""
    old = zipfile.ZipFile(io.BytesIO(previous))
    stored = {info.filename: info for info in old.infolist()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in in_copy(names):
            info = stored.get(FOLDER + name)
            if info is not None and unchanged(name):
                _copy_stored(archive, info, previous)
            else:
                add_member(archive, FOLDER + name, copied(name, fresh[name] if name in fresh else read(name)))
    return with_checksum(out.getvalue())


def _copy_stored(archive: zipfile.ZipFile, info: zipfile.ZipInfo, previous: bytes) -> None:
    """Append a member of the previous zip as it is stored there."""
    start = info.header_offset
    name_length = int.from_bytes(previous[start + 26:start + 28], "little")
    extra_length = int.from_bytes(previous[start + 28:start + 30], "little")
    append_stored(archive, info, previous[start:start + LOCAL_HEADER + name_length + extra_length + info.compress_size])
