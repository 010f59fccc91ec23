#!/usr/bin/env python3
"""Issue #18's lever "feed Pagefind the pages from memory instead of making it read them back from
disk", measured on a built site:

    python benchmarks/search_from_memory.py public/ [--glob 'en/**/*.html'] [--api]

- `disk`: what the build does — Pagefind's command line over the folder (factsite/write/search.py);
- `stream`: the same pages, already in memory, sent to `pagefind --service` (the interface Pagefind's
  Python API drives) one request after another without waiting for each answer;
- `api` (with --api): Pagefind's Python API, `PagefindIndex.add_html_file` for every page, all
  awaited together. Its reader waits 0.1 s before each answer, so it takes at least 0.1 s a page.

Each prints its seconds (the pages are read into memory before any clock starts) and the files
of the bundle it wrote. Nothing here is used by the build: the disk run was the quickest.
"""
from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from factsite.write.search import pagefind_command  # noqa: E402


def on_disk(site: Path, glob: str, out: Path) -> None:
    subprocess.run([*pagefind_command(), "--site", str(site), "--glob", glob, "--output-path", str(out),
                    "--silent"], check=True, capture_output=True)


def streamed(pages: dict[str, str], out: Path) -> None:
    """Every page sent to one Pagefind service by a writer thread while this one reads the answers."""
    service = subprocess.Popen([*pagefind_command(), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    answers = _Answers(service.stdout.fileno())

    def send(number: int, payload: dict) -> None:
        message = {"message_id": number, "payload": payload}
        service.stdin.write(base64.b64encode(json.dumps(message).encode("utf-8")) + b",")

    send(1, {"type": "NewIndex", "config": None})
    service.stdin.flush()
    index = answers.next()["payload"]["index_id"]

    def send_pages() -> None:
        for number, (url, html) in enumerate(pages.items(), 2):
            send(number, {"type": "AddFile", "index_id": index, "url": url, "file_contents": html, "file_path": None})
        service.stdin.flush()
    writer = threading.Thread(target=send_pages)
    writer.start()
    for _ in pages:
        answer = answers.next()["payload"]
        if answer["type"] != "IndexedFile":
            raise SystemExit(f"Pagefind's service said {answer}")
    writer.join()
    send(len(pages) + 2, {"type": "WriteFiles", "index_id": index, "output_path": str(out)})
    service.stdin.flush()
    answers.next()
    service.stdin.close()
    service.wait()


class _Answers:
    """The service's answers: base64 JSON, each ended by a comma."""

    def __init__(self, descriptor: int) -> None:
        self.descriptor, self.buffer = descriptor, b""

    def next(self) -> dict:
        while b"," not in self.buffer:
            chunk = os.read(self.descriptor, 1 << 20)
            if not chunk:
                raise SystemExit("Pagefind's service ended")
            self.buffer += chunk
        message, _, self.buffer = self.buffer.partition(b",")
        return json.loads(base64.b64decode(message))


def through_api(pages: dict[str, str], out: Path) -> None:
    from pagefind.index import PagefindIndex

    async def index_all() -> None:  # the index is written to output_path as the block ends
        async with PagefindIndex(config={"output_path": str(out)}) as index:
            await asyncio.gather(*(index.add_html_file(content=html, url=url) for url, html in pages.items()))
    asyncio.run(index_all())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site (public/ or a benchmark's output)")
    parser.add_argument("--glob", default="**/*.html", help="the pages to index, as Pagefind's --glob")
    parser.add_argument("--api", action="store_true", help="also time Pagefind's Python API (0.1 s a page)")
    args = parser.parse_args(argv)
    site = args.site.resolve()
    pages = {"/" + path.relative_to(site).as_posix(): path.read_text("utf-8")
             for path in sorted(site.glob(args.glob)) if "pagefind" not in path.relative_to(site).parts}
    ways = {"disk": lambda out: on_disk(site, args.glob, out), "stream": lambda out: streamed(pages, out)}
    if args.api:
        ways["api"] = lambda out: through_api(pages, out)
    with tempfile.TemporaryDirectory(prefix="search-from-memory-") as scratch:
        for name, index in ways.items():
            out = Path(scratch) / name
            started = time.perf_counter()
            index(out)
            seconds = time.perf_counter() - started
            print(f"{name}: {len(pages):,} pages in {seconds:.2f} s, {sum(1 for _ in out.rglob('*')):,} files")
            shutil.rmtree(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
