"""The placeholders `suggest` leaves in a draft fact (each begins with TODO): every one is an error,
said at its line with what to write there, until the editor has written it."""
from __future__ import annotations

from factsite.load.yamlfile import Items, Record
from factsite.model import Problem, Where

PLACEHOLDER = "TODO"
# What to write in place of a placeholder, by the key it stands under.
TO_WRITE = {
    "id": "give the fact an id, unique site-wide, that begins with its scope, like kerman-insured-population",
    "scope": "write the scope the figure is about: the name of this file",
    "programs": "list the program slugs of content/programs.yaml the figure belongs to",
    "metric": "write the key of its measure in content/metrics.yaml (one counted in the fact's unit)",
    "label": "write what the figure counts, of whom, where and when",
    "translation": "translate the quote, no more and no less than it says",
    "name": "write the speaker's name",
    "role": "write the speaker's role as the text gives it, or remove `role`",
}
LANGUAGES = {"fa": " (in Persian)", "en": " (in English)"}


def placeholder_problems(value: object) -> list[Problem]:
    """A problem for every placeholder in an entry, at its line (looked for first without
    noting where, which is what every entry but a draft needs: 6,000 facts in some 20 ms)."""
    return _found(value, ()) if _holds_placeholder(value) else []


def _holds_placeholder(value: object) -> bool:
    """Whether any text in value begins with the placeholder."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if item.startswith(PLACEHOLDER):
                return True
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _found(value: object, path: tuple[str, ...]) -> list[Problem]:
    """The placeholders in value, each with where it is written."""
    if isinstance(value, Record):
        return [problem for key, item in value.items()
                for problem in _here(item, (*path, key), value.at(key))]
    if isinstance(value, Items):
        return [problem for item, where in zip(value, value.item_where) for problem in _here(item, path, where)]
    return []


def _here(value: object, path: tuple[str, ...], where: Where) -> list[Problem]:
    """The placeholder value is, or those inside it."""
    if not (isinstance(value, str) and value.startswith(PLACEHOLDER)):
        return _found(value, path)
    key = next((part for part in reversed(path) if part in TO_WRITE), path[-1])
    todo = TO_WRITE.get(key, "write it") + LANGUAGES.get(path[-1], "")
    return [Problem(where, f"`{'.'.join(path)}` is still the draft's placeholder ({value}) — {todo}")]
