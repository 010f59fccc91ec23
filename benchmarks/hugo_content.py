"""The Hugo site with the synthetic site's own content, for a comparison by content, not only by
page count (see hugo-content/hugo.toml for what it renders and what it leaves out)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

HUGO_CONTENT = Path(__file__).resolve().parent / "hugo-content"
LANGUAGES = ("fa", "en")


def write_hugo_content(site: Path, dest: Path) -> None:
    """Fill dest with a copy of hugo-content/, the site's facts as data and one page per province,
    program, source document and compare view in each language."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(HUGO_CONTENT, dest)
    shutil.copytree(site / "content/facts", dest / "data/facts")
    scopes, programs, seeds = (_listed(site, name) for name in ("scopes", "programs", "seeds"))
    for lang in LANGUAGES:
        folder = dest / "content" / lang
        _page(folder / "_index.md", "Home", lang)
        for section in ("provinces", "programs", "sources"):
            _page(folder / section / "_index.md", section, lang)
        _page(folder / "compare.md", "Compare", lang, layout="compare")
        for scope in scopes:
            _page(folder / "provinces" / f"{scope['slug']}.md", scope["name"][lang], lang, layout="province",
                  scope=scope["slug"])
        for program in programs:
            _page(folder / "programs" / f"{program['slug']}.md", program["name"][lang], lang, layout="program",
                  program=program["slug"])
        for seed in seeds:
            text = (site / "seeds" / seed["file"]).read_text("utf-8")
            _page(folder / "sources" / f"{Path(seed['file']).stem}.md", seed["title"][lang], lang, body=text)


def _listed(site: Path, name: str) -> list[dict]:
    """The list content/NAME.yaml holds under its key NAME."""
    return yaml.load((site / "content" / f"{name}.yaml").read_text("utf-8"), Loader=yaml.CSafeLoader)[name]


def _page(path: Path, title: str, lang: str, body: str = "", **params: str) -> None:
    """One content file: its front matter (JSON strings are YAML strings) and body."""
    path.parent.mkdir(parents=True, exist_ok=True)
    front = {"title": title, "lang": lang, **params}
    lines = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in front.items())
    path.write_text(f"---\n{lines}---\n{body}", "utf-8")
