"""Check that sentence segmentation gives the same sentences as a saved reference run.

usage:
  .venv/bin/python scripts/check_segmentation.py --save /tmp/segments-before.parquet   # before a change
  .venv/bin/python scripts/check_segmentation.py --against /tmp/segments-before.parquet  # after it

The articles are the team corpus under ``../shared/corpus`` (``--corpus``): every ``text`` of its
JSONL files, every article its raw files give through the project's readers, and a few long
articles made by joining those texts (with blank lines, single newlines and spaces between them,
about 0.5 MB each) so that long-article behaviour is compared too. Every sentence's
``sentence_id``, ``article_id``, ``paragraph_index``, ``sentence_index``, ``char_start``,
``char_end`` and ``text`` must be equal; the first differences are printed and the exit code is 1.
The reference file holds corpus text: keep it outside the repository. Exit code 2: no corpus.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import polars as pl

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from dagster_project.extract.segment import segment_sentences  # noqa: E402
from dagster_project.readers import article_id_for, discover_files, read_articles  # noqa: E402

#: Size of the joined long articles, in characters.
LONG_CHARS = 500_000


def _join(sep: str, texts: list[str], limit: int = LONG_CHARS) -> str:
    """``texts`` joined by ``sep``, up to ``limit`` characters (whole texts only)."""
    out: list[str] = []
    size = 0
    for t in texts:
        if size + len(t) > limit:
            break
        out.append(t)
        size += len(t) + len(sep)
    return sep.join(out)


def corpus_articles(corpus: Path) -> pl.DataFrame:
    """``article_id``, ``text`` (String) of the corpus texts, its raw files' articles and joined long ones."""
    texts: list[str] = []
    for path in sorted(corpus.glob("*.jsonl")):
        texts += [json.loads(line)["text"] or "" for line in path.open(encoding="utf-8") if line.strip()]
    raw = read_articles(discover_files(corpus / "raw")).articles["text"].to_list() if (corpus / "raw").is_dir() else []
    joined = [_join(sep, texts) for sep in ("\n\n", "\n", " ")] + [_join(sep, raw) for sep in ("\n", "\n\n")]
    everything = texts + raw + joined
    ids = [f"{i}-{article_id_for(t)[:12]}" for i, t in enumerate(everything)]
    return pl.DataFrame({"article_id": ids, "text": everything}, schema={"article_id": pl.String, "text": pl.String})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--save", type=Path, help="write the sentences of the current code here")
    mode.add_argument("--against", type=Path, help="compare the current code's sentences with this file")
    a = ap.parse_args()
    if not (a.corpus / "articles.jsonl").exists():
        print(f"no corpus at {a.corpus}", file=sys.stderr)
        return 2
    articles = corpus_articles(a.corpus)
    mb = articles["text"].str.len_bytes().sum() / 1e6
    started = time.perf_counter()
    sentences = segment_sentences(articles)
    seconds = time.perf_counter() - started
    print(f"{articles.height} articles, {mb:.1f} MB -> {sentences.height} sentences in {seconds:.2f} s")
    if a.save:
        sentences.write_parquet(a.save)
        print(f"saved {a.save}")
        return 0
    reference = pl.read_parquet(a.against)
    if sentences.columns != reference.columns or sentences.schema != reference.schema:
        print(f"schema differs: {sentences.schema} vs {reference.schema}")
        return 1
    if sentences.equals(reference):
        print(f"identical to {a.against}: {reference.height} sentences, every column equal")
        return 0
    diff = sentences.join(reference, on="sentence_id", how="full", suffix="_ref", coalesce=True).filter(
        pl.any_horizontal(pl.col(c).ne_missing(pl.col(f"{c}_ref")) for c in sentences.columns if c != "sentence_id")
    )
    print(f"DIFFERENT: {sentences.height} sentences vs {reference.height} in the reference; {diff.height} differ")
    with pl.Config(tbl_rows=10, fmt_str_lengths=40, tbl_cols=-1, tbl_width_chars=200):
        print(diff.select("sentence_id", "char_start", "char_start_ref", "char_end", "char_end_ref", "text", "text_ref")
              .head(10))
    return 1


if __name__ == "__main__":
    sys.exit(main())
