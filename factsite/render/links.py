"""Links inside the site: relative to each page, so the site works under any sub-path."""
from __future__ import annotations

import re
from html import unescape

from markupsafe import escape


def relative_url(page: str, target: str) -> str:
    """A link from the page at `page` to `target`, both site-relative, that works under any sub-path."""
    path, hash_, fragment = target.partition("#")
    if path == page and fragment:
        return "#" + fragment
    folders = page.split("/")[:-1]  # "fa/provinces/kerman/" → fa, provinces, kerman; "fa/x.html" → fa
    parts = path.split("/")
    common = 0
    while common < len(folders) and common < len(parts) - 1 and folders[common] == parts[common]:
        common += 1
    rel = "../" * (len(folders) - common) + "/".join(parts[common:])
    return (rel or "./") + hash_ + fragment


# url() marks a site-relative target as LINK_OPEN target LINK_CLOSE; once a page is rendered, each
# mark becomes the link relative to that page. A fragment rendered once can so serve every page.
LINK_OPEN, LINK_CLOSE = "\x1e", "\x1f"
_LINK = re.compile("\x1e([^\x1f]*)\x1f")


def url(target: str) -> str:
    """The mark of a site-relative link, made relative to its page by resolve_links."""
    return LINK_OPEN + target + LINK_CLOSE


def resolve_links(html: str, page: str) -> str:
    """Replace every url() mark in a rendered page with the link relative to that page."""
    links: dict[str, str] = {}

    def relative(match: re.Match[str]) -> str:
        target = match.group(1)
        link = links.get(target)
        if link is None:
            plain = unescape(target) if "&" in target else target
            link = links[target] = str(escape(relative_url(page, plain)))
        return link

    return _LINK.sub(relative, html)


def file_for(path: str) -> str:
    """The file a page path is written to."""
    return path + "index.html" if path.endswith("/") or not path else path


def path_for(name: str) -> str:
    """The page path of a written file."""
    return name.removesuffix("index.html")
