"""Extraction quality on real articles: the team's scorer against the dev gold annotations.

Builds a fresh warehouse from all the dev corpus (``../shared/corpus/articles.jsonl``, ``seed.jsonl``
and ``modern.jsonl``) with the main job and runs ``../shared/eval/score_extraction.py`` on it against
all dev gold. Skips when ``../shared`` is absent. ``scripts/evaluate.py`` gives the same scores faster
(without Dagster), and on the tuning and checking parts apart.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import run_main_job

pytestmark = pytest.mark.slow

DEV_FILES = ("articles.jsonl", "seed.jsonl", "modern.jsonl")

#: F1 floors on all dev gold (issue 6 raises them towards its targets as the rules improve).
F1_TARGETS = {
    "tariff_rated": 0.663,
    "tariff_mention": 0.717,
    "tariff_fact": 0.449,
    "tariff_action": 0.734,
    "talks_location": 0.90,
    "talks_parties": 0.765,
    "talks_participant": 0.736,
    "source_named": 0.952,
    "source_named_role": 0.939,
    "source_anon": 0.852,
    "amounts": 0.90,
}


@pytest.fixture(scope="module")
def scores(shared_dir, tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("corpus_run")
    inputs = tmp / "in"
    inputs.mkdir()
    corpus = shared_dir / "corpus"
    for name in DEV_FILES:
        (inputs / name).write_bytes((corpus / name).read_bytes())
    mp = pytest.MonkeyPatch()
    mp.setenv("NEWS_VALIDATION_DIR", str(tmp / "validation"))
    result = run_main_job(inputs, tmp / "news.duckdb", tmp)
    mp.undo()
    assert result.success
    out = tmp / "scores.json"
    proc = subprocess.run(
        [sys.executable, str(shared_dir / "eval" / "score_extraction.py"), "--warehouse", str(tmp / "news.duckdb"),
         *(arg for name in DEV_FILES for arg in ("--articles", str(corpus / name))),
         "--gold", str(shared_dir / "gold" / "dev"), "--json", str(out)],
        capture_output=True, text=True, check=False,
    )
    print(proc.stdout)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads(out.read_text())


@pytest.mark.parametrize("metric", sorted(F1_TARGETS))
def test_f1_meets_target(scores, metric):
    got = scores[metric]
    assert got["f1"] >= F1_TARGETS[metric], f"{metric}: {got}"


def test_scored_every_gold_document(scores):
    assert scores["_documents"] == 87
