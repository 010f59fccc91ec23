"""Stage 4's offline copy: the staged site's files zipped as render/offline.py says a copy holds them.

The zip is written member by member in the format Python's zipfile writes (fixed dates and
permissions, deflated), so its bytes depend on the files only. A file linked unchanged from the
live site keeps its member from the live site's copy as it is stored there: only the files that
changed are compressed again.
"""
from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import NamedTuple

from factsite.render.data import ZIP_DATE
from factsite.render.offline import FOLDER, OFFLINE_ZIP, copied, in_copy, with_checksum

LOCAL = struct.Struct("<4s2B4HL2L2H")      # a member's local header
CENTRAL = struct.Struct("<4s4B4HL2L5H2L")  # its entry in the central directory
END = struct.Struct("<4s4H2LH")            # the end of the central directory
LIMIT = (1 << 31) - 1                      # past this (or 65,535 members) a zip needs zip64: not written here
VERSION, UNIX, DEFLATED, UTF8 = 20, 3, 8, 0x800
DOS_DATE = (ZIP_DATE[0] - 1980) << 9 | ZIP_DATE[1] << 5 | ZIP_DATE[2]
DOS_TIME = ZIP_DATE[3] << 11 | ZIP_DATE[4] << 5 | ZIP_DATE[5] // 2
PERMISSIONS = 0o644 << 16


class Member(NamedTuple):
    """One member as the zip stores it: its name's bytes and flags, checksum, sizes and local record."""

    name: bytes
    flags: int
    crc: int
    size: int
    record: bytes

    @property
    def packed_size(self) -> int:
        return len(self.record) - LOCAL.size - len(self.name)


def offline_copy(staging: Path, names: Iterable[str], kept: Mapping[str, Member]) -> dict[str, bytes]:
    """The copy of the staged files (names: every file of the site) and its checksum, by site path;
    kept: the members of files known unchanged since the copy they come from."""
    members = [kept.get(name) or member(FOLDER + name, copied(name, (staging / name).read_bytes()))
               for name in in_copy(names)]
    return with_checksum(zip_of(members))


def member(name: str, data: bytes) -> Member:
    """A file compressed as zipfile's writestr stores it."""
    try:
        encoded, flags = name.encode("ascii"), 0
    except UnicodeEncodeError:
        encoded, flags = name.encode("utf-8"), UTF8
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    packed = compressor.compress(data) + compressor.flush()
    crc = zlib.crc32(data)
    header = LOCAL.pack(b"PK\003\004", VERSION, 0, flags, DEFLATED, DOS_TIME, DOS_DATE, crc, len(packed), len(data),
                        len(encoded), 0)
    return Member(encoded, flags, crc, len(data), header + encoded + packed)


def zip_of(members: list[Member]) -> bytes:
    """A zip of these members in this order: the bytes zipfile writes for the same files."""
    if len(members) > 0xFFFF or sum(len(m.record) for m in members) > LIMIT or any(m.size > LIMIT for m in members):
        raise OverflowError("the offline copy would need zip64 — it is too large for this build to write")
    local, central, offset = [], [], 0
    for m in members:
        local.append(m.record)
        central.append(CENTRAL.pack(b"PK\001\002", VERSION, UNIX, VERSION, 0, m.flags, DEFLATED, DOS_TIME,
                                    DOS_DATE, m.crc, m.packed_size, m.size, len(m.name), 0, 0, 0, 0, PERMISSIONS,
                                    offset) + m.name)
        offset += len(m.record)
    directory = b"".join(central)
    return b"".join(local) + directory + END.pack(b"PK\005\006", 0, 0, len(members), len(members), len(directory),
                                                  offset, 0)


def members_of(copy: Path) -> dict[str, Member]:
    """The members of a copy this build wrote before, by site path ({} if there is none, or it is not one)."""
    try:
        data = copy.read_bytes()
        with zipfile.ZipFile(copy) as archive:
            infos = archive.infolist()
    except (OSError, zipfile.BadZipFile):
        return {}
    found = {}
    for info in infos:
        start = info.header_offset
        name_length, extra_length = struct.unpack_from("<2H", data, start + 26)
        if extra_length or info.compress_type != zipfile.ZIP_DEFLATED or not info.filename.startswith(FOLDER):
            return {}  # not written by this build: compress every file again
        end = start + LOCAL.size + name_length + info.compress_size
        name = data[start + LOCAL.size:start + LOCAL.size + name_length]
        found[info.filename[len(FOLDER):]] = Member(name, info.flag_bits, info.CRC, info.file_size, data[start:end])
    return found


def live_copy(out: Path) -> Path:
    """Where the live site keeps its offline copy."""
    return out / OFFLINE_ZIP
