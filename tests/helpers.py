"""Helpers for tests that build fixture sites: copy the fixture site, break one thing, run the CLI."""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Content the tests know: a frozen copy of the site's content, so that an editor's change to
# content/ fails no test. Change it only together with the tests that read it.
FIXTURE_SITE = REPO / "tests" / "fixture_site"
CONTENT_PARTS = ("site.yaml", "content", "seeds")
CODE_PARTS = ("templates", "static", "locale")
SITE_PARTS = CONTENT_PARTS + CODE_PARTS
# How the fixture `deployed` (tests/conftest.py) is built: as the deploy workflow builds, on a fixed date.
DEPLOYED_BASE = "https://example.org/bime/"
DEPLOYED_EPOCH = "1796083200"  # 2026-12-01, the build date the pages state


def copy_site(dest: Path, source: Path = FIXTURE_SITE, with_public: bool = False, link: bool = True) -> Path:
    """Copy a site folder (and, if asked, its public/) to dest; return dest.

    The fixture site holds only content: its templates, static files and locale are the repository's.
    The inputs are copies (the build refuses a hard-linked input); public/ is hard links unless link
    is False, which is safe because a build swaps in a new public/ rather than writing into the old one."""
    dest.mkdir(parents=True)
    for name in SITE_PARTS + (("public",) if with_public else ()):
        src = (REPO if source == FIXTURE_SITE and name in CODE_PARTS else source) / name
        if link and name == "public":
            link_tree(src, dest / name)
        elif src.is_dir():
            shutil.copytree(src, dest / name, symlinks=True)
        else:
            shutil.copy2(src, dest / name)
    return dest


def made_once(tmp_path_factory, name: str, make: Callable[[Path], None]) -> Path:
    """The folder `name`, made by make(folder) once per run: the processes the tests are shared among
    (pytest-xdist) take turns, and the first makes it for all. Never modify what it holds."""
    run = tmp_path_factory.getbasetemp()
    run = run.parent if os.environ.get("PYTEST_XDIST_WORKER") else run
    folder, done = run / name, run / f"{name}.done"
    with open(run / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


def built(root: Path | None, *options: str) -> str:
    """Build the site at root (None: the real site) with these options; return what it printed.
    Fail the tests that need it if it does not build."""
    from factsite.cli import main
    with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.redirect_stderr(io.StringIO()) as err:
        code = main(["build", *(["--root", str(root)] if root else []), *options])
    assert code == 0, f"the site at {root or REPO} does not build:\n{err.getvalue()}"
    return out.getvalue()


def link_tree(src: Path, dest: Path) -> None:
    """dest as a tree of hard links to src's files (as `cp -al` makes it; copytree takes twice as long)."""
    for folder, _, files in os.walk(src):
        target = os.path.join(dest, os.path.relpath(folder, src))
        os.makedirs(target, exist_ok=True)
        for name in files:
            os.link(os.path.join(folder, name), os.path.join(target, name), follow_symlinks=False)


def dead_pid() -> int:
    """The process id of a process that has ended."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    return int(done.stdout)


def replace_file(path: Path, data: bytes) -> None:
    """Give path new contents as a new file, leaving any other link to the old one untouched."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(path.name + ".editing")
    staging.write_bytes(data)
    os.replace(staging, path)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under folder (a link to one included), by relative path, with the SHA-256 of its bytes."""
    found = {}
    for parent, _, files in os.walk(folder, followlinks=True):
        rel = os.path.relpath(parent, folder)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        for name in files:
            path = os.path.join(parent, name)
            if os.path.isfile(path):
                with open(path, "rb") as file:
                    found[prefix + name] = hashlib.sha256(file.read()).hexdigest()
    return dict(sorted(found.items(), key=lambda item: item[0].split("/")))  # in the order of the paths


def leftovers(site: Path) -> list[str]:
    """Staging or backup folders a build may have left beside public/; not the spare, which a
    successful build keeps as the next one's staging folder."""
    return sorted(p.name for p in site.iterdir() if p.name.startswith(".public.") and p.name != ".public.spare")


@dataclass(frozen=True)
class At:
    """Where a problem must be reported: the first occurrence of needle (past the first `after`),
    a fixed line and column, or (neither given) the file as a whole.

    Lines and columns count characters from 1, as the build reports them; needles are looked up
    in the file as the case left it, so edits that move lines keep the expectation exact."""

    file: str
    needle: str = ""
    after: str = ""
    line: int = 0
    column: int = 0

    def place(self, site: Path) -> tuple[int, int]:
        """(line, column) of this place in the site folder (0, 0 for the file as a whole)."""
        if self.line or not self.needle:
            return self.line, self.column
        text = (site / self.file).read_text("utf-8")
        start = text.index(self.after) + len(self.after) if self.after else 0
        index = text.index(self.needle, start)
        return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1

    def locate(self, site: Path) -> str:
        """`file:line:column` for this place in the site folder, or `file` for the whole file."""
        line, column = self.place(site)
        return f"{self.file}:{line}:{column}" if line else self.file


def replace_once(path: Path, old: str, new: str) -> None:
    """Replace the one occurrence of old in a UTF-8 file (the case is wrong if there is not one)."""
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"{path.name}: expected exactly one {old!r}, found {text.count(old)}"
    replace_file(path, text.replace(old, new).encode("utf-8"))


def body_of(html: str) -> str:
    """The part of a page between <body …> and </body>."""
    start = html.index("<body")
    return html[html.index(">", start) + 1: html.rindex("</body>")]
