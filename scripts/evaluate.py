"""Score extraction on annotated articles, on a tuning part and a checking part kept apart.

usage: .venv/bin/python scripts/evaluate.py [--articles JSONL ...] [--gold DIR] [--warehouse PATH]
                                            [--parts all,tune,check] [--json OUT]

The split (fixed before any rule is studied, issue 6): in every articles file, records on odd
line numbers (1, 3, 5, ...) are the **tuning** part and records on even line numbers the
**checking** part. Study errors on the tuning part only; report both. For PolNeAR, score its
converted ``train`` split as tuning and ``dev`` as checking (pass each as its own ``--gold``).

Fast path, for iterating on rules: the articles are read, segmented and extracted with the same
pure Polars stages the Dagster assets run, loaded into a fresh DuckDB file, and the dbt models
are built on it with ``dbt run`` (tests skipped). The CI quality test builds its warehouse with
the real main job instead (``tests/test_extraction_quality.py``).
Scores come from ``../shared/eval/score_extraction.py`` (the team's scorer), run once per part.

Defaults: the dev corpus ``../shared/corpus/{articles,seed,modern}.jsonl`` and ``../shared/gold/dev``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
DEV_ARTICLES = [SHARED / "corpus" / n for n in ("articles.jsonl", "seed.jsonl", "modern.jsonl")]
PARTS = ("all", "tune", "check")


def split_records(path: Path, part: str) -> list[str]:
    """Lines of ``path`` (a JSONL file) in ``part``: ``all``, ``tune`` (odd line numbers, 1-based)
    or ``check`` (even line numbers). Blank lines count as lines, so the split never shifts."""
    lines = path.read_text(encoding="utf-8").split("\n")
    keep = {"all": lambda n: True, "tune": lambda n: n % 2 == 1, "check": lambda n: n % 2 == 0}[part]
    return [line for n, line in enumerate(lines, start=1) if line.strip() and keep(n)]


def build_warehouse(articles: list[Path], warehouse: Path) -> None:
    """Extract ``articles`` (JSONL files) into ``warehouse`` and build the dbt models on it."""
    sys.path.insert(0, str(REPO))
    from dagster_project.lake import extract_batch
    from dagster_project.load import replace_table

    tables = extract_batch("evaluate", articles).frames  # the raw stages of a run, on these files
    warehouse.unlink(missing_ok=True)
    with duckdb.connect(str(warehouse)) as con:
        for name, frame in tables.items():
            replace_table(con, name, frame)
    dbt = Path(sys.executable).parent / "dbt"
    project = str(REPO / "dbt")
    proc = subprocess.run(
        [str(dbt), "run", "--project-dir", project, "--profiles-dir", project, "--quiet"],
        env={**os.environ, "NEWS_WAREHOUSE": str(warehouse)}, capture_output=True, text=True, check=False)
    if proc.returncode:
        # seeds are tables the models join: load them once, then build the models
        subprocess.run([str(dbt), "seed", "--project-dir", project, "--profiles-dir", project, "--quiet"],
                       env={**os.environ, "NEWS_WAREHOUSE": str(warehouse)}, check=True)
        subprocess.run([str(dbt), "run", "--project-dir", project, "--profiles-dir", project, "--quiet"],
                       env={**os.environ, "NEWS_WAREHOUSE": str(warehouse)}, check=True)


def score(warehouse: Path, articles: list[Path], gold: Path, part: str, tmp: Path) -> dict:
    """Run the team scorer on ``part`` of ``articles``; prints its report, returns its JSON."""
    files = []
    for path in articles:
        records = split_records(path, part)
        if records:
            subset = tmp / f"{part}-{path.name}"
            subset.write_text("\n".join(records) + "\n", encoding="utf-8")
            files += ["--articles", str(subset)]
    out = tmp / f"{part}.json"
    proc = subprocess.run(
        [sys.executable, str(SHARED / "eval" / "score_extraction.py"), "--warehouse", str(warehouse), *files,
         "--gold", str(gold), "--json", str(out)], capture_output=True, text=True, check=False)
    print(f"== {part} ==\n{proc.stdout}{proc.stderr}", end="")
    return json.loads(out.read_text()) if out.exists() else {}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=Path, action="append")
    ap.add_argument("--gold", type=Path, default=SHARED / "gold" / "dev")
    ap.add_argument("--warehouse", type=Path, help="keep the built warehouse here (default: a temp file)")
    ap.add_argument("--parts", default="all,tune,check")
    ap.add_argument("--json", type=Path, help="write {part: scores} here")
    a = ap.parse_args()
    articles = a.articles or DEV_ARTICLES
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        warehouse = a.warehouse or tmp / "eval.duckdb"
        build_warehouse(articles, warehouse)
        results = {part: score(warehouse, articles, a.gold, part, tmp) for part in a.parts.split(",")}
    if a.json:
        a.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
