"""benchmarks/table.py: the comparison with Hugo is reported protocol by protocol, and its target is
met only when it is met under both."""
from __future__ import annotations

from benchmarks.budgets import page_budgets
from benchmarks.compare import Compared, Output
from benchmarks.table import comparison_table, report
from benchmarks.timing import Run


def compared(protocol: str, ours: float, hugo: float, indexed: tuple[int, int] = (1000, 1000)) -> Compared:
    return Compared(protocol, 3, Run(ours, 250.0, ""), Run(hugo, 400.0, ""),
                    Output(1006, 8_000_000, indexed[0]), Output(1008, 8_100_000, indexed[1]))


def test_each_protocol_is_a_row_with_both_times_the_ratio_and_what_each_side_wrote():
    rows = comparison_table([compared("clean", 41.6, 48.4), compared("over", 31.5, 30.4)]).splitlines()
    assert rows[2] == ("| `clean`: each side deletes its previous output first | 3 | 41.60 s | 48.40 s | **0.86×** | met "
                       "| 1,006 pages, 8.0 MB of HTML, 1,000 indexed | 1,008 pages, 8.1 MB of HTML, 1,000 indexed |")
    assert rows[3].startswith("| `over`: each side writes over its own previous output | 3 | 31.50 s | 30.40 s | "
                              "**1.04×** | **not met** |")
    assert rows[-1] == ("Both sides' search indexes hold 1,000 pages (pagefind-entry.json), indexed by the same "
                        "index_for_search.")


def test_the_table_says_when_the_search_indexes_differ():
    table = comparison_table([compared("clean", 10.0, 12.0, indexed=(1000, 998))])
    assert table.splitlines()[-1] == "**The search indexes differ** (pages, ours ÷ Hugo's): 1,000 ÷ 998"


def test_the_hugo_target_is_met_only_under_both_protocols(tmp_path):
    (tmp_path / "index.html").write_bytes(b"<html>page</html>")
    run = Run(1.0, 100.0, "built 1006 pages and 305 facts in 1.00 s")
    one = {"scale": 1, "pages": 1006, "cold": run, "noop": run, "edit": run, "check": run, "check_again": run,
           "search": run, "budgets": page_budgets(tmp_path)}
    lines = report([one], [0.02], [compared("clean", 8.0, 10.0), compared("over", 9.5, 10.0)], None,
                   (run, run), [0.01], (0, 0)).splitlines()
    assert lines[2] == ("| national cold build with search ÷ Hugo + Pagefind, same content | ≤ 0.9× under both "
                        "protocols | `clean` 0.80×, `over` 0.95× | **not met** |")
    assert "peak memory" not in "\n".join(lines[:8]) and "pages per second at" not in "\n".join(lines)
