"""Interface strings: compile the gettext catalogs in locale/ at build time."""
from __future__ import annotations

import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from .inputs import UnsafeInput, read_input
from .model import Problem, Where

DOMAIN = "messages"


def load_translations(root: Path, lang: str, problems: list[Problem]) -> Translations:
    """Compile locale/{lang}/LC_MESSAGES/messages.po in memory; a broken catalog is a problem."""
    rel = f"locale/{lang}/LC_MESSAGES/{DOMAIN}.po"
    try:
        catalog = read_po(io.BytesIO(read_input(root / rel, rel)), locale=lang)
    except FileNotFoundError:
        if lang != "en":
            problems.append(Problem(Where(rel), f"the {lang} catalog is missing — run pybabel init "
                                    "(see the README, Translating the interface)"))
        return Translations()
    except UnsafeInput as err:
        problems.append(err.problem)
        return Translations()
    except Exception as err:  # babel raises plain errors for malformed catalogs
        problems.append(Problem(Where(rel), f"the catalog cannot be read ({err}) — fix its syntax"))
        return Translations()
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)
