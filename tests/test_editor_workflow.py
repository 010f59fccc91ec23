"""The editor's workflow: JSON Schemas, the live preview, the report against a base revision, CI files."""
from __future__ import annotations

import copy
import datetime
import json
import os
import queue
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import jsonschema
import pytest
import yaml

from factsite import jsonschema as schemas
from factsite.cli import main, parse_args
from factsite.load.site import load_site
from factsite.preview.builder import decorate
from factsite.render.views import scope_path
from tests import helpers
from tests.helpers import DEPLOYED_BASE, FIXTURE_SITE

ROOT = Path(__file__).resolve().parent.parent
CONTENT_FILES = [(kind, path.relative_to(ROOT).as_posix())
                 for kind, pattern in schemas.FILES_OF.items() for path in sorted(ROOT.glob(pattern))]
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@(?:[0-9a-f]{40}|v\d+\.\d+\.\d+)$")
PREVIEW_DEADLINE_S = 10.0


def copy_site(dest: Path) -> Path:
    """A copy of the fixture site's sources (no public/) at dest, as files of its own: the preview and
    git edit them in place."""
    return helpers.copy_site(dest, link=False)


def as_json(value: object) -> object:
    """YAML data as JSON sees it: dates become ISO strings."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    return value.isoformat() if isinstance(value, datetime.date) else value


def validator(kind: str) -> jsonschema.Draft7Validator:
    """A validator for the committed schema of one kind of file, checking formats (dates) too."""
    committed = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text("utf-8"))
    return jsonschema.Draft7Validator(committed, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


# --- JSON Schemas ---------------------------------------------------------------------------------

def test_committed_schemas_are_up_to_date():
    expected = schemas.schema_texts()
    folder = ROOT / "schemas"
    committed = {p.name: p.read_text("utf-8") for p in sorted(folder.glob("*.json"))} if folder.is_dir() else {}
    stale = sorted(name for name in expected.keys() | committed.keys() if expected.get(name) != committed.get(name))
    assert not stale, (f"schemas/ is out of date with factsite/load/schema.py ({', '.join(stale)}) — "
                       f"run `{schemas.REGENERATE}` and commit schemas/")


def test_every_schema_describes_every_key_in_both_languages():
    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                text = prop.get("description", "")
                assert " — " in text and re.search("[\u0600-\u06ff]", text), f"{where}.{name}: {text!r}"
            for key, child in node.items():
                walk(child, f"{where}.{key}")
        elif isinstance(node, list):
            for child in node:
                walk(child, where)

    for name, text in schemas.schema_texts().items():
        walk(json.loads(text), name)


@pytest.mark.parametrize(("kind", "rel"), CONTENT_FILES, ids=[rel for _, rel in CONTENT_FILES])
def test_every_content_file_names_its_schema_on_its_first_line(kind, rel):
    first = (ROOT / rel).read_text("utf-8").splitlines()[0]
    assert first == schemas.modeline(rel, kind)
    target = (ROOT / rel).parent / first.split("$schema=", 1)[1]
    assert target.resolve() == (ROOT / "schemas" / f"{kind}.schema.json").resolve()


@pytest.mark.parametrize(("kind", "rel"), CONTENT_FILES, ids=[rel for _, rel in CONTENT_FILES])
def test_the_schema_accepts_every_real_content_file(kind, rel):
    data = as_json(yaml.safe_load((ROOT / rel).read_text("utf-8")))
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(kind).iter_errors(data)]
    assert errors == []


def _fact(data: dict) -> dict:
    return data["facts"][0]


BROKEN = {  # name: (kind, file, how to break its data)
    "unknown key in a fact": ("facts", "content/facts/kerman.yaml", lambda d: _fact(d).update(colour="red")),
    "qualifier not in the enum": ("facts", "content/facts/kerman.yaml", lambda d: _fact(d).update(qualifier="roughly")),
    "fact without its label": ("facts", "content/facts/kerman.yaml", lambda d: _fact(d).pop("label")),
    "negative value": ("facts", "content/facts/kerman.yaml", lambda d: _fact(d).update(value=-5)),
    "id that is not a slug": ("facts", "content/facts/kerman.yaml", lambda d: _fact(d).update(id="Kerman Insured")),
    "label without English": ("facts", "content/facts/kerman.yaml", lambda d: _fact(d)["label"].pop("en")),
    "blank Persian label": ("facts", "content/facts/kerman.yaml", lambda d: _fact(d)["label"].update(fa="  ")),
    "no programs": ("facts", "content/facts/kerman.yaml", lambda d: _fact(d).update(programs=[])),
    "unknown top-level key": ("facts", "content/facts/kerman.yaml", lambda d: d.update(notes="x")),
    "impossible date": ("seeds", "content/seeds.yaml", lambda d: d["seeds"][0].update(date="2025-02-30")),
    "outlet without a name": ("seeds", "content/seeds.yaml", lambda d: d["seeds"][1]["outlet"].pop("name")),
    "scope kind not in the enum": ("scopes", "content/scopes.yaml", lambda d: d["scopes"][1].update(kind="city")),
    "headline that is not a bool": ("metrics", "content/metrics.yaml", lambda d: d["metrics"][0].update(headline="yes")),
    "mention without its quote": ("programs", "content/programs.yaml",
                                  lambda d: d["programs"][0]["mentions"][0].pop("quote")),
    "site language not offered": ("site", "site.yaml", lambda d: d.update(languages=["fa", "de"])),
}


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_the_schema_and_the_build_both_reject_a_broken_file(case, tmp_path):
    kind, rel, breaks = BROKEN[case]
    data = yaml.safe_load((FIXTURE_SITE / rel).read_text("utf-8"))
    broken = copy.deepcopy(data)
    breaks(broken)
    assert list(validator(kind).iter_errors(as_json(data))) == []
    assert list(validator(kind).iter_errors(as_json(broken))) != [], f"the schema accepts: {case}"
    site = copy_site(tmp_path / "site")
    (site / rel).write_text(yaml.safe_dump(broken, allow_unicode=True, sort_keys=False), "utf-8")
    _, problems = load_site(site)
    assert [p for p in problems if p.where.file == rel], f"the build accepts: {case}"


# --- The live preview ------------------------------------------------------------------------------

class Preview:
    """`python build.py serve` running against a copy of the site, with its output collected."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.proc = subprocess.Popen(
            [sys.executable, "-u", str(ROOT / "build.py"), "serve", "--root", str(site), "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
        self.lines: queue.Queue[str] = queue.Queue()
        self.out: list[str] = []
        self.err: list[str] = []
        for stream, sink in ((self.proc.stdout, self.out), (self.proc.stderr, self.err)):
            threading.Thread(target=self._pump, args=(stream, sink), daemon=True).start()
        self.url = self._wait_for_url(deadline=time.monotonic() + 90)

    def _pump(self, stream, sink: list[str]) -> None:
        for line in stream:
            sink.append(line)
            self.lines.put(line)

    def _wait_for_url(self, deadline: float) -> str:
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                continue
            found = re.search(r"http://127\.0\.0\.1:\d+/", line)
            if found:
                return found.group(0)
        raise AssertionError(f"serve did not start:\n{''.join(self.out)}{''.join(self.err)}")

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=10) as response:
            return response.read().decode("utf-8")

    def wait_for(self, path: str, predicate, deadline_s: float = PREVIEW_DEADLINE_S) -> tuple[str, float]:
        """GET path until predicate(page) holds; return the page and the seconds it took."""
        started = time.monotonic()
        page = ""
        while time.monotonic() - started < deadline_s:
            page = self.get(path)
            if predicate(page):
                return page, time.monotonic() - started
            time.sleep(0.05)
        raise AssertionError(f"{path} did not change within {deadline_s} s; stderr:\n{''.join(self.err)}")

    def written(self, name: str, deadline_s: float = 120) -> Path:
        """public/name once the build beside serve has written it (it writes the site after serve starts)."""
        path = self.site / "public" / name
        deadline = time.monotonic() + deadline_s
        while not path.is_file() and time.monotonic() < deadline:
            time.sleep(0.1)
        return path

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.site / rel
        text = path.read_text("utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), "utf-8")

    def stop(self) -> None:
        """As a plain `kill` does: serve stops its search indexing too, leaving no process behind."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    running = Preview(copy_site(tmp_path_factory.mktemp("preview") / "site"))
    yield running
    running.stop()


KERMAN = scope_path("en", "kerman")
OLD_LABEL = 'en: "People covered by the Health Insurance Organization in Kerman province"'
RELOAD_MARK = "<script>(() => { const generation"


@pytest.mark.slow
def test_serve_answers_with_the_home_page(preview):
    home = preview.get("en/")
    assert '<html lang="en"' in home and "Iran Health Insurance in Figures" in home
    assert "/__reload" in home                                   # the reload script is served ...
    written = preview.written("en/index.html")  # the build beside serve writes it meanwhile
    assert "__reload" not in written.read_text("utf-8")  # ... not written
    assert "<html" in preview.get("")


@pytest.mark.slow
def test_serve_shows_an_edited_label_within_seconds(preview):
    assert "People covered by the Health Insurance Organization in Kerman province" in preview.get(KERMAN)
    preview.edit("content/facts/kerman.yaml", OLD_LABEL, 'en: "People insured in Kerman (edited live)"')
    _, took = preview.wait_for(KERMAN, lambda page: "People insured in Kerman (edited live)" in page)
    print(f"\npreview latency (edit → new page served): {took:.2f} s")


@pytest.mark.slow
def test_a_content_error_keeps_the_last_good_page_and_shows_a_banner(preview):
    written = preview.written(KERMAN + "index.html")  # the last good build, on disk before the edit
    before = preview.get(KERMAN)
    preview.edit("content/facts/kerman.yaml", "value: 1800000", "value: 1800001")
    after, _ = preview.wait_for(KERMAN, lambda page: 'id="factsite-build-errors"' in page)
    banner = after[after.index('id="factsite-build-errors"'):]
    assert re.search(r"content/facts/kerman\.yaml:\d+:\d+: kerman-insured-population: the value 1800001", banner)
    assert after.split('<div id="factsite-build-errors"')[0] == before.split(RELOAD_MARK)[0]
    assert "1800001" not in written.read_text("utf-8")
    assert any("content/facts/kerman.yaml:" in line for line in preview.err)
    preview.edit("content/facts/kerman.yaml", "value: 1800001", "value: 1800000")
    preview.wait_for(KERMAN, lambda page: "factsite-build-errors" not in page)


@pytest.mark.slow
def test_ctrl_c_stops_serve_cleanly(preview):
    preview.proc.send_signal(signal.SIGINT)
    assert preview.proc.wait(10) == 0
    time.sleep(0.1)
    assert "stopped" in "".join(preview.out)
    assert "Traceback" not in "".join(preview.err)


def test_the_injected_banner_escapes_the_problems():
    page = decorate(b"<html><body><p>x</p></body></html>", 3, ["a.yaml:1:2: <b>bad</b>"])
    text = page.decode()
    assert text.endswith("</script></body></html>")
    assert "&lt;b&gt;bad&lt;/b&gt;" in text and "<b>bad</b>" not in text
    assert "const generation = 3" in text


# --- report --base ---------------------------------------------------------------------------------

def git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    subprocess.run(["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
                   cwd=repo, env=env, check=True, capture_output=True)


@pytest.fixture(scope="module")
def two_commits(tmp_path_factory) -> Path:
    """A repository whose HEAD~1 lacks one fact, has an extra one and an older label; HEAD is the fixture site."""
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    repo = copy_site(tmp_path_factory.mktemp("history") / "repo")
    qazvin, kerman = repo / "content/facts/qazvin.yaml", repo / "content/facts/kerman.yaml"
    real_qazvin, real_kerman = qazvin.read_text("utf-8"), kerman.read_text("utf-8")
    data = yaml.safe_load(real_qazvin)
    extra = dict(next(f for f in data["facts"] if f["id"] == "qazvin-insurance-funds"), id="qazvin-old-fact")
    data["facts"] = [f for f in data["facts"] if f["id"] != "qazvin-insurance-funds"] + [extra]
    qazvin.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    kerman.write_text(real_kerman.replace(OLD_LABEL, 'en: "Insured people, Kerman"'), "utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    qazvin.write_text(real_qazvin, "utf-8")
    kerman.write_text(real_kerman, "utf-8")
    git(repo, "commit", "-q", "-am", "head")
    return repo


def test_report_base_lists_added_changed_and_removed_facts_as_markdown(two_commits, capsys):
    assert main(["report", "--root", str(two_commits), "--base", "HEAD~1", "--format", "markdown"]) == 1
    out = capsys.readouterr().out
    assert out.rstrip().endswith("content/changes.yaml: qazvin-old-fact: it was removed since HEAD~1, and no new entry "
                                 "in the changes file says so — add one (python build.py report --base HEAD~1 --format "
                                 "changes drafts it)")  # #37: a removed figure needs an entry
    assert out.startswith("### Facts changed since `HEAD~1`")
    assert "**1 added, 1 changed, 1 removed**" in out
    added = out[out.index("#### Added (1)"):out.index("#### Changed (1)")]
    assert "- `qazvin-insurance-funds` — **verified**" in added
    assert "پنج صندوق بیمه‌ای زیر نظر بیمه سلامت" in added               # its quote
    changed = out[out.index("#### Changed (1)"):out.index("#### Removed (1)")]
    assert "- `kerman-insured-population` — **verified** — changed: label" in changed
    assert "Insured people, Kerman" in changed and "People covered by the Health Insurance Organization in Kerman" in changed
    assert "- `qazvin-old-fact` — **was verified**" in out[out.index("#### Removed (1)"):]


def test_report_base_as_plain_text_and_with_a_bad_revision(two_commits, capsys):
    assert main(["report", "--root", str(two_commits), "--base", "HEAD~1"]) == 1
    out = capsys.readouterr().out
    assert "1 added, 1 changed, 1 removed" in out and "\nADDED\n" in out and "#" not in out.splitlines()[0]
    assert "  kerman-insured-population  [verified]  changed: label" in out
    assert main(["report", "--root", str(two_commits), "--base", "no-such-branch"]) == 1
    assert "`no-such-branch` is not a commit" in capsys.readouterr().out


# --- CI and editor configuration -------------------------------------------------------------------

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))


def build_commands(workflow: dict) -> list[list[str]]:
    """The arguments of every `python build.py …` a workflow runs (GitHub expressions as X)."""
    commands = []
    for job in workflow["jobs"].values():
        for step in job.get("steps", []):
            for line in step.get("run", "").splitlines():
                line = re.sub(r"\$\{\{[^}]*\}\}", "X", line).split(">>")[0]
                words = shlex.split(line)
                if words[:2] == ["python", "build.py"]:
                    commands.append(words[2:])
    return commands


def test_workflows_parse_and_run_only_commands_the_cli_accepts():
    assert [p.name for p in WORKFLOWS] == ["deploy.yml", "pr.yml"]
    seen = []
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text("utf-8"))
        assert workflow["jobs"], path.name
        for args in build_commands(workflow):
            parse_args(args)          # exits (SystemExit) on a command or option it does not know
            seen.append(args[0] if args and not args[0].startswith("-") else "build")
    assert sorted(set(seen)) == ["build", "check", "report"]


def test_every_action_is_pinned_to_a_commit_or_an_exact_version():
    for path in WORKFLOWS:
        uses = re.findall(r"^\s*(?:-\s*)?uses:\s*(\S+)", path.read_text("utf-8"), re.MULTILINE)
        assert uses, path.name
        for action in uses:
            assert PINNED.match(action), f"{path.name}: {action} is not pinned to a full commit SHA"


def test_the_pull_request_and_deploy_workflows_do_what_the_editors_rely_on():
    pr = yaml.safe_load((ROOT / ".github/workflows/pr.yml").read_text("utf-8"))
    assert "pull_request" in pr[True]                      # YAML 1.1 reads the key `on` as true
    steps = pr["jobs"]["check"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    runs = [step.get("run", "") for step in steps]
    assert 'python -m pytest -m "not browser"' in runs
    assert any("report --base" in run and '>> "$GITHUB_STEP_SUMMARY"' in run for run in runs)
    deploy = yaml.safe_load((ROOT / ".github/workflows/deploy.yml").read_text("utf-8"))
    assert deploy[True]["push"]["branches"] == ["main"]
    assert deploy["permissions"]["pages"] == "write" and deploy["permissions"]["id-token"] == "write"
    assert deploy["jobs"]["deploy"]["environment"]["name"] == "github-pages"
    build_args = build_commands(deploy)[0]
    assert parse_args(build_args).base_url.startswith("https://X.github.io/")


def test_pre_commit_runs_the_content_check_and_the_pinned_ruff():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text("utf-8"))
    hooks = {hook["id"]: (repo, hook) for repo in config["repos"] for hook in repo["hooks"]}
    _, check = hooks["factsite-check"]
    assert (check["entry"], check["language"], check["pass_filenames"]) == ("python build.py check", "system", False)
    ruff_repo, _ = hooks["ruff"]
    pinned = re.search(r"^ruff==(\S+)$", (ROOT / "requirements-dev.txt").read_text("utf-8"), re.MULTILINE)
    assert ruff_repo["rev"] == f"v{pinned.group(1)}"


def test_base_url_option_overrides_site_yaml(deployed):
    """The fixture site's site.yaml says base_url "/"; `deployed` is built with --base-url."""
    assert 'base_url: "/"' in (deployed.parent / "site.yaml").read_text("utf-8")
    assert f'<link rel="canonical" href="{DEPLOYED_BASE}en/">' in (deployed / "en/index.html").read_text("utf-8")
