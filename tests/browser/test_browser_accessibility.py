"""Check 1 — accessibility: axe-core finds no WCAG 2.0/2.1 A or AA violation on any page."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t).join(', '),
                              html: n.html, summary: n.failureSummary})),
  }));
}"""


def describe(url: str, violations: list[dict]) -> str:
    lines = [f"{sum(len(v['nodes']) for v in violations)} axe violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- rule {violation['id']} ({violation['impact']}): {violation['help']} — {url}")
        for node in violation["nodes"]:
            html = " ".join(node["html"].split())
            lines.append(f"    target: {node['target']}")
            lines.append(f"      html: {html[:300]}")
            summary = " ".join((node["summary"] or "").split())
            if summary:
                lines.append(f"      why:  {summary[:300]}")
    return "\n".join(lines)


def test_axe_wcag_a_aa(desktop, axe_path, html_page):
    url = desktop.visit(html_page).url
    desktop.page.add_script_tag(path=str(axe_path))
    violations = desktop.page.evaluate(RUN_AXE, WCAG_TAGS)
    if violations:
        pytest.fail(describe(url, violations), pytrace=False)
