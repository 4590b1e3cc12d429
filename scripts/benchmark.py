"""Measure the extraction stages' speed and memory on N synthetic articles (no Dagster, no dbt).

usage: .venv/bin/python scripts/benchmark.py [--articles 20000] [--corpus ../shared/corpus/articles.jsonl]

Articles are built by cycling the texts of ``--corpus`` (when present, else the seed article),
each made distinct by a numbered first line, so every stage sees realistic prose at volume.
Prints seconds and MB/s per stage (segment, tariffs, talks, sources, amounts) and the peak RSS.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

import polars as pl

from dagster_project.extract.amounts import extract_amounts
from dagster_project.readers import article_id_for
from dagster_project.extract.segment import segment_sentences
from dagster_project.extract.sources import extract_sources
from dagster_project.extract.talks import extract_talks
from dagster_project.extract.tariffs import extract_tariffs

REPO = Path(__file__).resolve().parent.parent


def build_articles(n: int, corpus: Path) -> pl.DataFrame:
    """``n`` distinct articles: ``article_id``, ``text``, ``published_date`` (Date)."""
    if corpus.exists():
        texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")]
    else:
        texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))]
    body = [f"Bulletin {i}.\n{texts[i % len(texts)]}" for i in range(n)]
    return pl.DataFrame({"text": body}).with_columns(
        pl.col("text").map_batches(lambda s: pl.Series([article_id_for(t) for t in s]), return_dtype=pl.String)
        .alias("article_id"),
        pl.lit("2025-05-09").str.to_date().alias("published_date"),
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=20000)
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus" / "articles.jsonl")
    a = ap.parse_args()
    articles = build_articles(a.articles, a.corpus)
    mb = articles["text"].str.len_bytes().sum() / 1e6
    print(f"{articles.height} articles, {mb:.1f} MB of text")
    t0 = time.perf_counter()
    sentences = segment_sentences(articles)
    stages = {"segment": time.perf_counter() - t0}
    outputs: dict[str, pl.DataFrame] = {}
    # amounts first: the tariffs stage reads its output (value_usd), as the Dagster asset does
    for name, run in [("amounts", lambda: extract_amounts(sentences)),
                      ("tariffs", lambda: extract_tariffs(sentences, outputs["amounts"])),
                      ("talks", lambda: extract_talks(sentences, articles)),
                      ("sources", lambda: extract_sources(sentences))]:
        t0 = time.perf_counter()
        outputs[name] = run()
        rows = outputs[name].height
        stages[name] = time.perf_counter() - t0
        print(f"  {name:<8} {stages[name]:6.2f} s  {mb / stages[name]:7.1f} MB/s  {rows} rows")
    print(f"  segment  {stages['segment']:6.2f} s  {mb / stages['segment']:7.1f} MB/s  {sentences.height} sentences")
    total = sum(stages.values())
    print(f"total {total:.2f} s = {mb / total:.1f} MB/s; peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.0f} MB")


if __name__ == "__main__":
    main()
