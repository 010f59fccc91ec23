"""text_for: escaping, <bdi> isolation of the other script, Persian digits — exact strings."""
from __future__ import annotations

import pytest
from markupsafe import Markup

from factsite.render.typography import text_for


@pytest.mark.parametrize(("text", "lang", "html"), [
    ("به گزارش IRNA، ۲۵ درصد", "fa", 'به گزارش <bdi lang="en">IRNA</bdi>، ۲۵ درصد'),
    ("سهم 25 درصد و 1,200 نفر", "fa", "سهم ۲۵ درصد و ۱٬۲۰۰ نفر"),
    ("نشانی ihio.gov.ir در سال 1403", "fa", 'نشانی <bdi lang="en">ihio.gov.ir</bdi> در سال ۱۴۰۳'),
    ("A & B < 3", "fa", '<bdi lang="en">A</bdi> &amp; <bdi lang="en">B</bdi> &lt; ۳'),
    ("بدون رقم و بدون لاتین", "fa", "بدون رقم و بدون لاتین"),
    ("Tehran (تهران) had 25%", "en", 'Tehran (<bdi lang="fa">تهران</bdi>) had 25%'),
    ("x < y & 2", "en", "x &lt; y &amp; 2"),
])
def test_text_is_escaped_and_the_other_script_isolated(text, lang, html):
    assert text_for(text, lang) == Markup(html)
    assert text_for(text, lang) == Markup(html)  # asked again: the remembered answer


def test_markup_is_not_escaped_again_even_after_the_same_text():
    """The memo tells text from Markup: "a &amp; b" as text is escaped; as Markup it is kept."""
    assert text_for("a &amp; b", "en") == Markup("a &amp;amp; b")
    assert text_for(Markup("a &amp; b"), "en") == Markup("a &amp; b")
