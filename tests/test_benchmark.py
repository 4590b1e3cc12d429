"""scripts/benchmark.py: the corpus builder and the reading of the runner's step lines (no timing here)."""

import importlib.util
import json
import sys

import pytest

from tests.conftest import REPO

_spec = importlib.util.spec_from_file_location("benchmark", REPO / "scripts" / "benchmark.py")
benchmark = importlib.util.module_from_spec(_spec)
sys.modules["benchmark"] = benchmark  # dataclasses look their module up while the script loads
_spec.loader.exec_module(benchmark)

POOL = [("First paragraph about duties on steel imports.", "Daily A"),
        ("Second paragraph: ministers met in a hotel to talk.", None),
        ("Third paragraph, where a spokesman said nothing at all.", "Daily B")]


def test_articles_are_the_same_whatever_the_range() -> None:
    whole = list(benchmark.make_articles(0, 8, POOL))
    assert list(benchmark.make_articles(5, 8, POOL)) == whole[5:]
    assert [a["id"] for a in whole[:2]] == ["bench-000000", "bench-000001"]
    assert whole[3]["text"].startswith("Bulletin 3.\n\n")
    assert len({a["text"] for a in whole}) == 8
    lo, hi = benchmark.PARAGRAPHS
    for a in whole:
        paragraphs = a["text"].split("\n\n")[1:]
        assert lo <= len(paragraphs) <= hi and set(paragraphs) <= {p for p, _ in POOL}


def test_corpus_files_hold_every_article(tmp_path) -> None:
    mb = benchmark.write_corpus(tmp_path, 0, 25, POOL, per_file=10)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["part-000000.jsonl", "part-000010.jsonl", "part-000020.jsonl"]
    rows = [json.loads(line) for f in files for line in (tmp_path / f).read_text().splitlines()]
    assert [r["id"] for r in rows] == [f"bench-{i:06d}" for i in range(25)]
    assert mb == pytest.approx(sum(len(r["text"].encode()) for r in rows) / 1e6)


def test_paragraph_pool_falls_back_to_the_seed(tmp_path) -> None:
    pool = benchmark.paragraph_pool(tmp_path / "absent")
    seed = (REPO / "seeds").glob("*.txt").__next__().read_text()
    assert pool and all(p in seed and len(p) >= benchmark.MIN_PARAGRAPH for p, _ in pool)


@pytest.mark.parametrize(("line", "expected"), [
    ("  1/21 ok      dbt seeds (reference/*)          4 seeds, 6/6 tests passed                  24.7s",
     (1, "ok", "dbt seeds (reference/*)", "4 seeds, 6/6 tests passed", 24.7)),
    (" 14/21 WARN    check gx_raw_tariff_mentions     5 rows, 1 failed (WARN)                     0.6s",
     (14, "WARN", "check gx_raw_tariff_mentions", "5 rows, 1 failed (WARN)", 0.6)),
    ("  2/21 ok      raw/articles + quarantine        articles 1 row (1 new), quarantined_files 0 rows    0.4s",
     (2, "ok", "raw/articles + quarantine", "articles 1 row (1 new), quarantined_files 0 rows", 0.4)),
    ("  9/21 skipped raw/talks_mentions   0.0s", (9, "skipped", "raw/talks_mentions", "", 0.0)),
])
def test_step_lines_are_read(line, expected) -> None:
    step = benchmark.parse_step(line)
    assert (step.index, step.status, step.label, step.detail, step.seconds) == expected


def test_other_lines_are_not_steps() -> None:
    for line in ["done in 139s: 21/21 steps", "marts:", "  marts.fct_tariffs   5 rows", "full log: /x/run.log"]:
        assert benchmark.parse_step(line) is None


def test_markdown_groups_step_seconds() -> None:
    steps = [benchmark.Step(1, "ok", "dbt seeds (reference/*)", "", 3.0),
             benchmark.Step(2, "ok", "raw/articles + quarantine", "", 2.0),
             benchmark.Step(3, "ok", "check gx_raw_articles", "", 1.5),
             benchmark.Step(4, "ok", "raw/sentences", "", 4.0),
             benchmark.Step(5, "ok", "raw/talks_mentions", "", 5.0),
             benchmark.Step(6, "ok", "raw/tariff_mentions", "", 6.0),
             benchmark.Step(7, "ok", "check gx_marts_fct_talks", "", 0.5),
             benchmark.Step(8, "ok", "dbt models (staging..marts)", "", 7.0),
             benchmark.Step(9, "ok", "analytics_warehouse", "", 0.25)]
    run = benchmark.Run("full", 10, 0.03, 0, 40.0, 38.0, 900.0, 950.0, steps)
    row = benchmark.markdown(None, [run]).splitlines()[-1]
    assert row == "| full | 10 | 0.0 | 40 | 900 | 17.0 | 3.0 | 7.0 | 2.0 | 0.2 |"


def test_markdown_groups_the_lake_runners_raw_step() -> None:
    """The runner's one raw step (ingest, segmentation, the families and their GX checks on the new
    batches) is a column of its own, not lost among the unknown labels."""
    steps = [benchmark.Step(1, "ok", "dbt seeds (reference/*)", "4 seeds, 6/6 tests passed", 3.0),
             benchmark.Step(2, "ok", "raw stages (batches -> lake)", "1/1 batch extracted", 12.5),
             benchmark.Step(3, "ok", "check records_accounted", "", 0.5),
             benchmark.Step(4, "ok", "dbt models (staging..marts)", "", 7.0),
             benchmark.Step(5, "ok", "check gx_marts_fct_talks", "", 1.5),
             benchmark.Step(6, "ok", "analytics_warehouse", "", 0.25)]
    run = benchmark.Run("full", 10, 0.03, 0, 40.0, 38.0, 900.0, 950.0, steps)
    header, _, row = benchmark.markdown(None, [run]).splitlines()
    assert header == ("| run | articles | MB | wall s | peak RSS MB | raw stages | dbt seeds | dbt models | "
                      "GX checks | analytics |")
    assert row == "| full | 10 | 0.0 | 40 | 900 | 12.5 | 3.0 | 7.0 | 2.0 | 0.2 |"
