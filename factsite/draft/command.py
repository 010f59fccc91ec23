"""`suggest` as the command line runs it: the drafts on stdout (or appended with --write), one line
on stderr saying how many figures the report states and how many were drafted."""
from __future__ import annotations

import sys
from pathlib import Path

from factsite.draft.suggest import SuggestError, append_drafts, draft_scope, facts_file, find_seed, suggest
from factsite.model import Site


def run_suggest(site: Site, root: Path, seed_name: str | None, scope: str | None, write: bool) -> int:
    """Print (or with write append) the drafts for one seed; return the exit code."""
    try:
        if not seed_name:
            raise SuggestError("name the report: python build.py suggest SEED, with SEED a file name in seeds/ "
                               f"({', '.join(site.seeds) or 'none yet'})")
        seed = find_seed(site, seed_name)
        chosen = draft_scope(site, seed, scope)
        if write and chosen is None:
            raise SuggestError(f"content/seeds.yaml gives no `scope` for {seed.file} — add `scope:` to its entry, "
                               "or pass --scope with the facts file to write to")
        found = suggest(site, seed, chosen)
        summary = (f"seeds/{seed.file}: {found.figures} figure(s), {found.figures - found.drafts} cited by a fact, "
                   f"{found.drafts} drafted")
        if not found.drafts:
            print(f"{summary} — nothing to add", file=sys.stderr)
            return 0
        if write:
            path, line = append_drafts(root, chosen, found.text)
            print(f"{summary} — appended to {path.relative_to(root)} from line {line}; write each {TODO_WORD}, then "
                  "run python build.py check", file=sys.stderr)
            return 0
    except SuggestError as err:
        print(err, file=sys.stderr)
        return 1
    target = facts_file(Path("."), chosen).as_posix().removeprefix("./") if chosen else "content/facts/{scope}.yaml"
    print(f"# Drafts from seeds/{seed.file}: paste them under `facts:` in {target}, write each {TODO_WORD}, then "
          f"run python build.py check\n{found.text}", end="")
    print(f"{summary} — paste them, or run again with --write", file=sys.stderr)
    return 0


TODO_WORD = "TODO"
