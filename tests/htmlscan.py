"""A small HTML reader for tests: links, ids, the html element, and text with its language."""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Scan:
    """What a page contains."""

    html_attrs: dict = field(default_factory=dict)
    links: list[tuple[str, str]] = field(default_factory=list)  # (tag, url)
    ids: set[str] = field(default_factory=set)
    texts: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)  # (lang, text, classes)
    elements: list[tuple[str, dict]] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = Scan()
        self.stack: list[tuple[str, str, tuple[str, ...]]] = []  # (tag, lang, classes)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.scan.elements.append((tag, attrs))
        if tag == "html":
            self.scan.html_attrs = attrs
        if "id" in attrs:
            self.scan.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name) is not None:
                self.scan.links.append((tag, attrs[name]))
        if tag in VOID:
            return
        lang = attrs.get("lang") or (self.stack[-1][1] if self.stack else "")
        classes = tuple((attrs.get("class") or "").split()) + (self.stack[-1][2] if self.stack else ())
        self.stack.append((tag, lang, classes))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] in ("script", "style"):
            return
        if data.strip():
            lang, classes = (self.stack[-1][1], self.stack[-1][2]) if self.stack else ("", ())
            self.scan.texts.append((lang, data, classes))


def scan_html(text: str) -> Scan:
    reader = _Reader()
    reader.feed(text)
    return reader.scan


def scan_file(path: Path) -> Scan:
    return scan_html(path.read_text("utf-8"))
