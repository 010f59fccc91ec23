"""#19: a copy of the whole site that works opened from disk."""
from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import PurePosixPath

from factsite.cli import main
from factsite.render.offline import FOLDER, for_disk

LINK = re.compile(r'(?:href|src)="([^"]*)"')


def copy_of(public) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO((public / "offline/site-copy.zip").read_bytes())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_every_link_of_the_copy_names_a_file_in_the_copy(pristine):
    files = copy_of(pristine / "public")
    assert all(name.startswith(FOLDER) for name in files)
    names = {name[len(FOLDER):] for name in files}
    assert {"index.html", "fa/index.html", "en/facts/kerman-insured-population/index.html", "static/style.css",
            "data/facts.csv", "fa/sources/002_73cc2be2b670b8e6/index.html"} <= names
    assert not {"404.html", "sitemap.xml", "robots.txt"} & names and not any(n.startswith("pagefind/") for n in names)
    broken = []
    for name in sorted(n for n in names if n.endswith(".html")):
        for link in LINK.findall(files[FOLDER + name].decode("utf-8")):
            path = link.partition("#")[0]
            if not path or ":" in path or link.startswith("/"):
                continue
            target = str(PurePosixPath(name).parent / path)
            resolved = PurePosixPath(*[p for p in _normalise(target)])
            if str(resolved) not in names:
                broken.append(f"{name}: {link}")
    assert broken == []


def _normalise(path: str) -> list[str]:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return parts


def test_folder_links_name_their_index_file_and_other_links_stay():
    html = (b'<a href="../../provinces/kerman/">a</a><a href="./">b</a><a href="../sources/x/#quote-y">c</a>'
            b'<a href="#top">d</a><a href="https://example.org/">e</a><link href="../static/style.css">')
    assert for_disk(html) == (b'<a href="../../provinces/kerman/index.html">a</a><a href="./index.html">b</a>'
                              b'<a href="../sources/x/index.html#quote-y">c</a><a href="#top">d</a>'
                              b'<a href="https://example.org/">e</a><link href="../static/style.css">')


def test_the_copy_is_published_with_its_checksum_and_is_reproducible(bare_site, capsys):
    assert main(["build", "--root", str(bare_site)]) == 0
    public = bare_site / "public"
    archive = (public / "offline/site-copy.zip").read_bytes()
    assert (public / "offline/site-copy.zip.sha256").read_text("ascii") == (
        f"{hashlib.sha256(archive).hexdigest()}  site-copy.zip\n")
    assert main(["build", "--root", str(bare_site), "--force"]) == 0
    assert (public / "offline/site-copy.zip").read_bytes() == archive
    page = (public / "en/offline/index.html").read_text("utf-8")
    assert '<a href="../../offline/site-copy.zip" download>' in page
    assert "<code>sha256sum -c site-copy.zip.sha256</code>" in page
    assert ">نسخه‌ای برای خواندن بی‌اینترنت</a>" in (public / "fa/index.html").read_text("utf-8")
