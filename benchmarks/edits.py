"""The edits the benchmark times (benchmarks/run.py): one fact's English label changed, rebuilt with
`python build.py` or saved under `serve`, and how long the served page takes to show it."""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

EDITED_LABEL = re.compile(r'(label: \{fa: "[^"\n]*", en: "|\n    label:\n      fa: "[^"\n]*"\n      en: ")([^"\n]*)(")')


def edit_one_fact(site: Path, counter: list[int]) -> None:
    """Change the English label of the first fact in the first facts file (a one-fact edit)."""
    facts = sorted((site / "content/facts").glob("*.yaml"))[0]
    counter[0] += 1
    text = facts.read_text("utf-8")
    text = EDITED_LABEL.sub(lambda m: m.group(1) + re.sub(r" \(edit \d+\)$", "", m.group(2))
                            + f" (edit {counter[0]})" + m.group(3), text, count=1)
    facts.write_text(text, "utf-8")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def serve_latency(build: list[str], site: Path, edits: int, settle: float) -> list[float]:
    """Seconds from saving a one-fact edit to the served page showing it, for several edits, with
    `build` (the command that runs build.py) serving the site.

    Before each edit it waits `settle` seconds, so that the search index the last edit started is done.
    """
    port, counter, latencies = free_port(), [1000], []
    server = subprocess.Popen([*build, "serve", "--root", str(site), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        page = _first_fact_page(site)
        url = f"http://127.0.0.1:{port}/{page}"
        deadline = time.time() + 300
        while "<html" not in fetch(url) and time.time() < deadline:
            time.sleep(0.2)
        for _ in range(edits):
            time.sleep(settle)
            generation = json.loads(fetch(f"http://127.0.0.1:{port}/__reload?since=0"))["generation"]
            edit_one_fact(site, counter)
            saved, marker = time.perf_counter(), f"(edit {counter[0]})"
            while marker not in fetch(url):  # as the open page does: wait for a new build, then load
                if time.perf_counter() - saved > 120:
                    raise SystemExit(f"serve did not show {marker} on {url} within 120 s")
                generation = json.loads(fetch(f"http://127.0.0.1:{port}/__reload?since={generation}"))["generation"]
            latencies.append(time.perf_counter() - saved)
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # the server and any search indexing it started
        server.wait(timeout=30)
    return latencies


def _first_fact_page(site: Path) -> str:
    facts = sorted((site / "content/facts").glob("*.yaml"))[0]
    return "en/national/" if facts.stem == "national" else f"en/provinces/{facts.stem}/"
