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
    ("  2/10 ok      raw stages (batches -> lake)     2/3 batches extracted, 40 articles (12 new), 900 sentences "
     "(300 new), gx 7/7 passed   13.2s",
     (2, "ok", "raw stages (batches -> lake)",
      "2/3 batches extracted, 40 articles (12 new), 900 sentences (300 new), gx 7/7 passed", 13.2)),
    ("  9/21 skipped raw/talks_mentions   0.0s", (9, "skipped", "raw/talks_mentions", "", 0.0)),
])
def test_step_lines_are_read(line, expected) -> None:
    step = benchmark.parse_step(line)
    assert (step.index, step.status, step.label, step.detail, step.seconds) == expected


def test_other_lines_are_not_steps() -> None:
    for line in ["done in 139s: 21/21 steps", "marts:", "  marts.fct_tariffs   5 rows", "full log: /x/run.log",
                 "nothing new: input, code and warehouse as last published; no step to run (--force runs them)",
                 "done in 3s: 0/0 steps"]:
        assert benchmark.parse_step(line) is None


LOG = [
    "2026-12-01 05:06:20 +0000 - dagster - INFO - news_etl_main - 44de - raw_stages - 3 input files in 3 batches: "
    "2 to extract, 0 retired, 3 files hashed",
    "2026-12-01 05:06:29 +0000 - dagster - INFO - news_etl_main - 44de - raw_stages - batch 1/2 b1a2: 2 files, "
    "30 articles, 700 sentences written; ingest 0.50s segment 1.25s amounts 0.25s tariffs 1.00s talks 2.00s "
    "sources 0.75s validate 3.00s write 0.10s",
    "2026-12-01 05:06:31 +0000 - dagster - INFO - news_etl_main - 44de - raw_stages - batch 2/2 c3d4: 1 files, "
    "10 articles, 200 sentences NOT written: sentences; ingest 0.25s segment 0.50s amounts 0.05s tariffs 0.20s "
    "talks 0.40s sources 0.15s validate 1.00s",
    "2026-12-01 05:06:40 +0000 - dagster - INFO - news_etl_main - 44de - dbt_models - batch 9/9 is not a raw line",
]


def test_batch_lines_of_the_log_are_summed_per_stage() -> None:
    batches, seconds = benchmark.batch_seconds(LOG)
    assert batches == 2
    assert seconds == {"ingest": 0.75, "segment": 1.75, "amounts": 0.3, "tariffs": 1.2, "talks": 2.4,
                       "sources": 0.9, "validate": 4.0, "write": 0.1}


def test_a_log_without_batch_lines_gives_nothing() -> None:
    assert benchmark.batch_seconds(LOG[:1] + LOG[3:]) == (0, {})


def _run(steps, stage_seconds=None, **kw) -> "benchmark.Run":
    return benchmark.Run("full", 10, 0.03, 0, 40.0, 38.0, 900.0, 950.0, steps, stage_seconds=stage_seconds or {}, **kw)


def test_markdown_groups_step_seconds() -> None:
    steps = [benchmark.Step(1, "ok", "dbt seeds (reference/*)", "", 3.0),
             benchmark.Step(2, "ok", "raw stages (batches -> lake)", "", 12.0),
             benchmark.Step(3, "ok", "check records_accounted", "", 0.5),
             benchmark.Step(4, "ok", "dbt models (staging..marts)", "", 7.0),
             benchmark.Step(5, "ok", "check gx_marts_fct_talks", "", 0.5),
             benchmark.Step(6, "ok", "analytics_warehouse", "", 0.25)]
    _, seconds = benchmark.batch_seconds(LOG)
    row = benchmark.markdown(None, [_run(steps, seconds)]).splitlines()[-1]
    # raw step | ingest | segmentation | families (amounts+tariffs+talks+sources) | lake write | dbt seeds |
    # dbt models | GX checks (two check steps + raw validation) | analytics
    assert row == "| full | 10 | 0.0 | 40 | 900 | 12.0 | 0.8 | 1.8 | 4.8 | 0.1 | 3.0 | 7.0 | 5.0 | 0.2 |"


def test_markdown_marks_a_run_with_nothing_new() -> None:
    row = benchmark.markdown(None, [_run([], nothing_new="input unchanged")]).splitlines()[-1]
    assert row == "| full (nothing new, no step) | 10 | 0.0 | 40 | 900 | - | - | - | - | - | - | - | - | - |"
