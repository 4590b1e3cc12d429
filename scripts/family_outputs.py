"""Save or compare the four fact families' full outputs on a folder of articles (speed work's guard).

usage: .venv/bin/python scripts/family_outputs.py save DIR [--input FOLDER] [--articles N]
       .venv/bin/python scripts/family_outputs.py compare DIR [--input FOLDER] [--articles N]

``save`` reads every file under ``--input`` (default ``../shared/corpus``: the JSONL files and the
``raw/`` folder) with the project's readers, segments it and runs amounts, tariffs, talks and
sources as a run does (``dagster_project.lake.extract_batch``), and writes each family's frame to
``DIR/<table>.parquet`` (plus ``sentences``). ``compare`` runs the same on the current code and
reports, per table, whether the frame is identical (same rows, same order, same values, same
dtypes) to the saved one; it exits 1 on any difference and prints the first differing rows.
``--articles N`` instead builds the benchmark's synthetic corpus of N articles
(``scripts/benchmark.py``'s recombined paragraphs) in a temporary folder.

A change meant to make extraction faster without changing what it finds (prefilters, toolkit
hot spots) is checked by ``save`` on the old commit and ``compare`` on the new one.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

REPO = Path(__file__).resolve().parent.parent
SHARED_CORPUS = REPO.parent / "shared" / "corpus"
TABLES = ("sentences", "amount_mentions", "tariff_mentions", "talks_mentions", "source_mentions")


def family_frames(folder: Path) -> dict[str, pl.DataFrame]:
    """The raw stages on every file under ``folder``: ``{table: frame}`` for :data:`TABLES`
    (schemas of ``dagster_project.schemas``), as ``lake.extract_batch`` computes them."""
    sys.path.insert(0, str(REPO))
    from dagster_project.lake import extract_batch
    from dagster_project.readers import discover_files

    out = extract_batch("family-outputs", discover_files(folder))
    print("  stage seconds: " + " ".join(f"{k} {v:.2f}" for k, v in out.seconds.items()), flush=True)
    return {t: out.frames[t] for t in TABLES}


def differences(old: pl.DataFrame, new: pl.DataFrame, show: int = 5) -> str:
    """"" when ``new`` equals ``old`` exactly (schema, order, values), else a short description."""
    if old.schema != new.schema:
        return f"schema differs: {dict(old.schema)} vs {dict(new.schema)}"
    if old.equals(new, null_equal=True):
        return ""
    lost = old.join(new, on=old.columns, how="anti", nulls_equal=True)
    gained = new.join(old, on=old.columns, how="anti", nulls_equal=True)
    return (f"{old.height} rows before, {new.height} after; {lost.height} lost, {gained.height} gained "
            f"(or the order differs)\n  lost: {lost.head(show)}\n  gained: {gained.head(show)}")


def _input(args: argparse.Namespace, tmp: Path) -> Path:
    if args.articles is None:
        if not args.input.is_dir():
            raise SystemExit(f"input folder not found: {args.input}")
        return args.input
    sys.path.insert(0, str(REPO / "scripts"))
    from benchmark import paragraph_pool, write_corpus

    write_corpus(tmp, 0, args.articles, paragraph_pool(), per_file=1000)
    return tmp


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=("save", "compare"))
    parser.add_argument("dir", type=Path)
    parser.add_argument("--input", type=Path, default=SHARED_CORPUS)
    parser.add_argument("--articles", type=int, default=None)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="family-outputs-") as tmp:
        started = time.perf_counter()
        frames = family_frames(_input(args, Path(tmp)))
    print(f"  extracted in {time.perf_counter() - started:.1f} s", flush=True)
    if args.action == "save":
        args.dir.mkdir(parents=True, exist_ok=True)
        for table, frame in frames.items():
            frame.write_parquet(args.dir / f"{table}.parquet")
            print(f"  {table}: {frame.height} rows saved")
        return 0
    failed = 0
    for table, frame in frames.items():
        diff = differences(pl.read_parquet(args.dir / f"{table}.parquet"), frame)
        print(f"  {table}: {'identical, ' + str(frame.height) + ' rows' if not diff else 'DIFFERENT: ' + diff}")
        failed += bool(diff)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
