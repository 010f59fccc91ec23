"""Issue #14: nothing outside the site folder is read or published, what a reader sees is what was
proved, and no content or setting gives a traceback.

Each refused case asserts the exit code, the exact message, no traceback, public/ unchanged byte
for byte, nothing published from outside, and the "secret" file outside the site untouched.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from factsite.cli import main
from factsite.verify.numbers import find_numbers
from tests.helpers import FIXTURE_SITE, REPO, At, leftovers, replace_file, replace_once, snapshot

KER = "content/facts/kerman.yaml"
SEED = "002_73cc2be2b670b8e6.txt"
QUOTE_800 = "یک میلیون و 800 هزار نفر"
SECRET = "secret: the token of the machine that builds the site\n"
LINK_OUT = "outside the site's input folders — copy the file into the site instead of linking to it"
BIDI = "it changes the order in which readers see the text (the site isolates mixed text itself) — delete it"
INVISIBLE = "it is invisible and can change what the page shows — delete it"


@pytest.fixture
def secret(tmp_path) -> Path:
    """A file outside the site that must never be read into it."""
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_text(SECRET, "utf-8")
    return path


def refused(site: Path, capsys, pristine_public: dict, secret: Path, *args: str) -> list[str]:
    """Build; assert exit 1, no traceback, public/ unchanged and the secret untouched; return stderr's lines."""
    code = main(["build", "--root", str(site), *args])
    out, err = capsys.readouterr()
    assert code == 1, out + err
    assert "Traceback" not in out + err
    assert snapshot(site / "public") == pristine_public
    assert secret.read_text("utf-8") == SECRET
    assert not any(SECRET.encode() in path.read_bytes() for path in (site / "public").rglob("*") if path.is_file())
    assert leftovers(site) == []
    assert err.rstrip().endswith(f"problem(s) found. {site / 'public'} was left unchanged."), err
    return err.splitlines()[:-1]


def link(rel: str, target: Callable[[Path, Path], str]) -> Callable[[Path, Path], None]:
    """Make rel a link to target(site, secret), replacing the file there."""
    def apply(site: Path, secret: Path) -> None:
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() or path.is_symlink():
            path.unlink()
        path.symlink_to(target(site, secret))
    return apply


def fifo(rel: str) -> Callable[[Path, Path], None]:
    return lambda site, secret: os.mkfifo(site / rel)


def unix_socket(rel: str) -> Callable[[Path, Path], None]:
    def apply(site: Path, secret: Path) -> None:
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(site / rel))
        server.close()
    return apply


def sparse(rel: str, size: int) -> Callable[[Path, Path], None]:
    def apply(site: Path, secret: Path) -> None:
        with open(site / rel, "wb") as file:
            file.truncate(size)
    return apply


def git_config(site: Path, secret: Path) -> str:
    (site / ".git").mkdir()
    (site / ".git" / "config").write_text(SECRET, "utf-8")
    return str(site / ".git" / "config")


LINKS = [
    ("static-link-out", link("static/leak.txt", lambda s, x: str(x)), "static/leak.txt: is a link to {secret}"),
    ("markdown-link-out", link("content/pages/about.en.md", lambda s, x: str(x)),
     "content/pages/about.en.md: is a link to {secret}"),
    ("template-link-out", link("templates/about.html", lambda s, x: str(x)), "templates/about.html: is a link to {secret}"),
    ("catalog-link-out", link("locale/fa/LC_MESSAGES/messages.po", lambda s, x: str(x)),
     "locale/fa/LC_MESSAGES/messages.po: is a link to {secret}"),
    ("seed-link-out", link(f"seeds/{SEED}", lambda s, x: str(x)), f"seeds/{SEED}: is a link to {{secret}}"),
    ("site-yaml-link-out", link("site.yaml", lambda s, x: str(x)), "site.yaml: is a link to {secret}"),
    ("relative-link-out", link("static/up.txt", lambda s, x: "../../outside/secret.txt"),
     "static/up.txt: is a link to {secret}"),
    ("link-to-git-config", link("static/config.txt", git_config), "static/config.txt: is a link to .git/config"),
    ("link-to-dev-zero", link("static/zero.bin", lambda s, x: "/dev/zero"), "static/zero.bin: is a link to /dev/zero"),
    ("link-to-proc", link("content/pages/environ.md", lambda s, x: "/proc/self/environ"),
     "content/pages/environ.md: is a link to /proc/"),
    ("link-to-etc-passwd", link("templates/passwd.html", lambda s, x: "/etc/passwd"),
     "templates/passwd.html: is a link to /etc/passwd"),
]


@pytest.mark.parametrize("change, expected", [pytest.param(c, e, id=i) for i, c, e in LINKS])
@pytest.mark.few_public
def test_a_link_leaving_the_input_folders_is_refused(change, expected, site, secret, pristine_public, capsys):
    change(site, secret)
    lines = refused(site, capsys, pristine_public, secret)
    prefix = expected.format(secret=secret)
    assert any(line.startswith(prefix) and line.endswith(LINK_OUT) for line in lines), lines
    assert len(lines) == 1, lines  # nothing else is read once a link leaves the site


OTHER_FILES = [
    ("fifo", fifo("static/pipe"), "static/pipe: is a named pipe (FIFO), not a regular file — remove it; "
     "the site reads only plain files"),
    ("socket", unix_socket("content/sock"), "content/sock: is a socket, not a regular file — remove it; "
     "the site reads only plain files"),
    ("link-to-a-folder", link("static/docs", lambda s, x: str(s / "seeds")),
     "static/docs: is a link to a folder — copy the folder instead of linking to it"),
    ("dangling-link", link("static/gone.css", lambda s, x: str(s / "static" / "nothing.css")),
     "static/gone.css: is a link to a file that does not exist — remove the link"),
    ("oversized-static-file", sparse("static/huge.bin", 8_000_001),
     "static/huge.bin: is 8,000,001 bytes, over the 8,000,000-byte limit for one input file — make it smaller "
     "or remove it"),
    ("yml-facts-file", lambda site, secret: (site / "content/facts/tehran.yml").write_text("facts: []\n"),
     "content/facts/tehran.yml: content files end in .yaml, and this one is never read — rename it to tehran.yaml"),
    ("yml-anywhere-in-content", lambda site, secret: (site / "content/programs/x.yml").write_text("a: b\n"),
     "content/programs/x.yml: content files end in .yaml, and this one is never read — rename it to x.yaml"),
]


@pytest.mark.parametrize("change, expected", [pytest.param(c, e, id=i) for i, c, e in OTHER_FILES])
@pytest.mark.few_public
def test_only_regular_files_of_bounded_size_are_read(change, expected, site, secret, pristine_public, capsys):
    change(site, secret)
    assert refused(site, capsys, pristine_public, secret) == [expected]


def test_check_refuses_what_build_refuses(bare_site, secret, capsys):
    link("static/leak.txt", lambda s, x: str(x))(bare_site, secret)
    assert main(["check", "--root", str(bare_site)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"static/leak.txt: is a link to {secret}, {LINK_OUT}\n")


@pytest.mark.without_search
def test_a_link_to_a_file_inside_the_input_folders_is_published(site, capsys):
    (site / "static" / "source.txt").symlink_to(site / "seeds" / SEED)
    assert main(["build", "--root", str(site)]) == 0, capsys.readouterr().err
    assert (site / "public/static/source.txt").read_bytes() == (site / "seeds" / SEED).read_bytes()


# ---------------------------------------------------------------- characters


def kerman(old: str, new: str) -> Callable[[Path], None]:
    return lambda site: replace_once(site / KER, old, new)


CHARACTERS = [
    ("override-around-a-figure", kerman(QUOTE_800, "یک میلیون و \u202e800\u202c هزار نفر"),
     [(At(KER, "\u202e"), f"U+202E RIGHT-TO-LEFT OVERRIDE is not allowed in content: {BIDI}"),
      (At(KER, "\u202c"), f"U+202C POP DIRECTIONAL FORMATTING is not allowed in content: {BIDI}")]),
    ("isolate-in-site-title", lambda site: replace_once(site / "site.yaml", 'en: "Iran Health', 'en: "\u2067Iran Health'),
     [(At("site.yaml", "\u2067"), f"U+2067 RIGHT-TO-LEFT ISOLATE is not allowed in content: {BIDI}")]),
    ("embedding-in-a-label", kerman("People covered by", "People \u202bcovered by"),
     [(At(KER, "\u202b"), f"U+202B RIGHT-TO-LEFT EMBEDDING is not allowed in content: {BIDI}")]),
    ("mark-in-a-note", kerman("refers to the [[", "refers to\u200f the [["),
     [(At(KER, "\u200f"), f"U+200F RIGHT-TO-LEFT MARK is not allowed in content: {BIDI}")]),
    ("nul-in-a-note", kerman("refers to the [[", "refers to\x00 the [["),
     [(At(KER, "\x00"), f"U+0000 (a control character) is not allowed in content: {INVISIBLE}")]),
    ("renderer-marker-in-a-label", kerman("People covered by", "People \x1ecovered by"),
     [(At(KER, "\x1e"), f"U+001E (a control character) is not allowed in content: {INVISIBLE}")]),
    ("c1-control-in-a-translation", kerman("the province's health", "the province's\x9b health"),
     [(At(KER, "\x9b"), f"U+009B (a control character) is not allowed in content: {INVISIBLE}")]),
    ("override-in-markdown", lambda site: replace_once(site / "content/pages/about.en.md", "This site publishes",
                                                       "This \u202esite publishes"),
     [(At("content/pages/about.en.md", "\u202e"), f"U+202E RIGHT-TO-LEFT OVERRIDE is not allowed in content: {BIDI}")]),
]


@pytest.mark.parametrize("change, expects", [pytest.param(c, e, id=i) for i, c, e in CHARACTERS])
@pytest.mark.few_public
def test_invisible_characters_that_change_the_page_are_refused(change, expects, site, secret, pristine_public,
                                                               capsys):
    change(site)
    lines = refused(site, capsys, pristine_public, secret)
    assert lines == [f"{at.locate(site)}: {message}" for at, message in expects]


NUMBER_HIDING = [
    ("zero-width-space", "8\u200b00", "U+200B ZERO WIDTH SPACE"),
    ("zwnj-inside-digits", "80\u200c0", "U+200C ZERO WIDTH NON-JOINER"),
    ("soft-hyphen", "8\u00ad00", "U+00AD SOFT HYPHEN"),
    ("word-joiner", "800\u2060", None),  # after the number, before a space: not inside it
]  # a byte-order mark anywhere but first is refused wherever it stands (test_characters_after_parsing.py)


@pytest.mark.parametrize("hidden, name", [pytest.param(h, n, id=i) for i, h, n in NUMBER_HIDING])
def test_an_invisible_character_inside_a_quoted_number_is_refused(hidden, name, bare_site, capsys):
    kerman(QUOTE_800, f"یک میلیون و {hidden} هزار نفر")(bare_site)
    code = main(["check", "--root", str(bare_site)])
    err = capsys.readouterr().err
    if name is None:
        assert code == 0, err
        return
    assert code == 1
    where = At(KER, "quote:", after="id: kerman-insured-population").locate(bare_site)
    assert err.splitlines()[0] == (f"{where}: kerman-insured-population: a number in the quote holds the invisible "
                                   f"character {name}, so readers would not see the number that was proved — "
                                   "delete it")


@pytest.mark.without_search
def test_zwnj_and_zwj_stay_allowed_in_text(site, capsys):
    kerman("People covered by", "People covered\u200d by")(site)
    assert main(["build", "--root", str(site)]) == 0, capsys.readouterr().err
    assert "\u200c" in (site / "public/fa/index.html").read_text("utf-8")


@pytest.mark.few_public
def test_a_seed_with_a_bidi_override_is_refused(site, secret, pristine_public, capsys):
    path = site / "seeds" / SEED
    replace_file(path, path.read_bytes().replace(b"800", "\u202e800".encode(), 1))
    lines = refused(site, capsys, pristine_public, secret)
    line = (site / "seeds" / SEED).read_text("utf-8").split("\u202e")[0].count("\n") + 1
    assert (f"{At('content/seeds.yaml', f'file: {SEED}').locate(site)}: seeds/{SEED} holds U+202E "
            f"RIGHT-TO-LEFT OVERRIDE on line {line} — delete it; a news text has none") in lines


# ---------------------------------------------------------------- no traceback, whatever the content


def nested_list(levels: int) -> str:
    return "".join("    " * level + "- item\n" for level in range(levels))


TRACEBACKS = [
    ("markdown-list-100-deep", lambda site: replace_file(site / "content/pages/about.en.md", nested_list(100).encode()),
     ["content/pages/about.en.md:18:1: this line is nested 0 quote level(s) and 68 columns deep, over the limit of "
      "16 levels and 64 columns — flatten the list or quote"], 20),
    ("markdown-list-300-deep", lambda site: replace_file(site / "content/pages/about.en.md", nested_list(300).encode()),
     ["content/pages/about.en.md: is over the 100,000-byte limit for a Markdown page — shorten it or split it"], 1),
    ("markdown-brackets", lambda site: replace_file(site / "content/pages/about.fa.md", b"intro\n\n" + b"[a](" * 20000),
     ["content/pages/about.fa.md:3:1: this paragraph has 20,000 `[`, over the limit of 100 — split it into shorter "
      "paragraphs"], 1),
    ("markdown-list-3000-deep", lambda site: replace_file(site / "content/pages/about.en.md",
                                                          nested_list(3000).encode()),
     ["content/pages/about.en.md: is 18,015,000 bytes, over the 8,000,000-byte limit for one input file — make "
      "it smaller or remove it"], 1),
    ("markdown-quote-100-deep", lambda site: replace_file(site / "content/pages/about.fa.md", b">" * 100 + b" x\n"),
     ["content/pages/about.fa.md:1:1: this line is nested 100 quote level(s) and 1 columns deep, over the limit "
      "of 16 levels and 64 columns — flatten the list or quote"], 1),
    ("hex-value-of-4000-digits", kerman("value: 1800000", "value: 0x" + "f" * 4000),
     [f"{At(KER, 'value: 1800000').locate(FIXTURE_SITE)}: `value` must be a plain non-negative number below 10^18 like 1673000 "
      "(got a number of about 4816 digits)"], 1),   # said once: not again at the derived fact built from it
    ("infinite-value", kerman("value: 1800000", "value: .inf"),
     [f"{At(KER, 'value: 1800000').locate(FIXTURE_SITE)}: `value` must be a plain non-negative number below 10^18 like "
      "1673000 (got inf)"], 1),   # said once: not again at the derived fact built from it
    ("not-a-number-value", kerman("value: 1800000", "value: .nan"),
     [f"{At(KER, 'value: 1800000').locate(FIXTURE_SITE)}: `value` must be a plain non-negative number below 10^18 like "
      "1673000 (got nan)"], 1),   # said once: not again at the derived fact built from it
    ("slug-of-300-characters", lambda site: replace_once(site / "content/scopes.yaml", "slug: qazvin",
                                                         "slug: " + "q" * 300),
     [f"{At('content/scopes.yaml', 'slug: qazvin').locate(FIXTURE_SITE)}: `slug` must be lowercase letters, digits and "
      "hyphens, at most 100 characters, like `kerman-insured-population` (got '" + "q" * 40 + "'… (300 characters))"], None),
    ("slug-with-a-newline", lambda site: replace_once(site / "content/scopes.yaml", "slug: qazvin",
                                                      'slug: "qazvin\\n"'),
     [f"{At('content/scopes.yaml', 'slug: qazvin').locate(FIXTURE_SITE)}: `slug` must be lowercase letters, digits and "
      "hyphens, at most 100 characters, like `kerman-insured-population` (got 'qazvin\\n')"], None),
    ("quote-of-200000-digits", kerman(QUOTE_800, "یک میلیون و " + "8" * 200_000 + " هزار نفر"),
     [f"{At(KER, 'quote:', after='id: kerman-insured-population').locate(FIXTURE_SITE)}: kerman-insured-population: the "
      "quote is 200,093 characters long, over 2,000 — copy only the sentence that states the figure"], None),
    ("base-url-javascript", lambda site: replace_once(site / "site.yaml", 'base_url: "/"', 'base_url: "javascript:x"'),
     [f"{At('site.yaml', 'base_url:').locate(FIXTURE_SITE)}: `base_url` must be an http:// or https:// address or a path beginning with `/`, like `/` "
      "or `/bime/` (got 'javascript:x')"], 1),
    ("base-url-data", lambda site: replace_once(site / "site.yaml", 'base_url: "/"', 'base_url: "data:text/html,x"'),
     [f"{At('site.yaml', 'base_url:').locate(FIXTURE_SITE)}: `base_url` must be an http:// or https:// address or a path beginning with `/`, like `/` "
      "or `/bime/` (got 'data:text/html,x')"], 1),
    ("base-url-another-host", lambda site: replace_once(site / "site.yaml", 'base_url: "/"', 'base_url: "//evil"'),
     [f"{At('site.yaml', 'base_url:').locate(FIXTURE_SITE)}: `base_url` must be an http:// or https:// address or a path beginning with `/`, like `/` "
      "or `/bime/` (got '//evil')"], 1),
]


@pytest.mark.parametrize("change, expected, count", [pytest.param(c, e, n, id=i) for i, c, e, n in TRACEBACKS])
@pytest.mark.few_public
def test_no_content_gives_a_traceback(change, expected, count, site, secret, pristine_public, capsys):
    change(site)
    lines = [line for line in refused(site, capsys, pristine_public, secret) if not line.startswith("    ")]
    if expected is not None:
        assert [line for line in lines if line in expected] == expected, lines
    if count is not None:
        assert len(lines) == count, lines


def test_the_number_reader_reads_a_million_digits_in_linear_time():
    """A run longer than any figure is not read as a number (it was quadratic: 47 s for 10^6 digits)."""
    assert find_numbers("بیش از " + "1" * 1_000_000 + " نفر") == []
    assert [m.value for m in find_numbers("بیش از ۱٬۸۰۰٬۰۰۰ نفر")] == [1800000]


def test_site_yaml_as_a_folder_is_named_as_such(bare_site, capsys):
    (bare_site / "site.yaml").unlink()
    (bare_site / "site.yaml").mkdir()
    for command in ("build", "check", "report"):
        assert main([command, "--root", str(bare_site)]) == 1
        assert capsys.readouterr().err == (f"{bare_site}/site.yaml is a folder — it must be the site's settings "
                                           "file (see the README)\n")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "//evil.example", "ftp://a", "x y"])
@pytest.mark.few_public
def test_a_bad_base_url_option_is_refused(url, site, pristine_public, capsys):
    assert main(["build", "--root", str(site), "--base-url", url]) == 1
    err = capsys.readouterr().err
    assert err.startswith("--base-url ") and len(err.splitlines()) == 1, err
    assert snapshot(site / "public") == pristine_public


def test_report_on_an_ascii_terminal_escapes_persian(bare_site):
    done = subprocess.run([sys.executable, str(REPO / "build.py"), "report", "--root", str(bare_site)],
                          capture_output=True, text=True, env={**os.environ, "PYTHONIOENCODING": "ascii"},
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "fa: \\u0628\\u06cc\\u0634 \\u0627\\u0632" in done.stdout  # «بیش از», escaped
