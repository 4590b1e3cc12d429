"""The lake: the raw stages' output as Parquet, one file per input batch and table, the ledger
that makes a run do only new work, and the DuckDB views ``raw.<table>`` over it.

**Batches.** The input folder's files are grouped into *batches* (Dagster's dynamic partitions
``input_batches``): the files found new or changed by one planning, in path order, cut into
groups of near-equal numbers of files, of at most ``config.batch_limits()`` (500 files, 16 MB; a
larger file is alone), at least one per extraction worker when there are enough files and bytes
(:func:`cut_batches`). A batch's
key is ``b`` + 20 hex of the SHA-256 of the code fingerprint (:func:`code_fingerprint`: readers,
extraction rules, lexicons, gazetteers, schemas) and its files' paths and content hashes, so the
same files under the same code give the same key, and a rule change re-plans every batch.

**The ledger** is the batches' plan files. A file whose path, size and modification time match
its plan is not read again (the no-op check reads no article); a file whose stat changed is
hashed, and counts as unchanged when its content is. A batch stays current while every file of it
is unchanged; when one of its files is edited or deleted (or the code changes) the batch is
*retired*: its output goes, and its other files are planned again with the new input.

Layout of the lake folder (``config.lake_path_for(warehouse)``, ``warehouse/news_lake/`` by default)::

    _plans/<batch>.json       the batch: code fingerprint, files (path, size, mtime_ns, sha256)
    _done/<batch>.json        its counts, written after every table of it: the commit marker
    <table>/<batch>.parquet   rows of raw.<table> from that batch (columns of schemas.RAW_TABLES,
                              then the hidden columns _batch; articles also _file, _ord, _url_key)
    <table>/_empty.parquet    no rows, the table's columns (so the views exist with no batch)

Every file is written to a temporary name and renamed, and the done marker comes last, so a
batch is complete or absent; a killed run leaves at most files that no view reads, removed by the
next run (:func:`collect_garbage`). Writing a batch takes no DuckDB lock: batches can be extracted
in parallel (processes, Dagster runs) while the warehouse is in use.

**Views.** ``lake.<table>`` reads the Parquet files of the done, current batches (an explicit
list, so a half-written or stray file is never read); ``raw.<table>`` (names and columns as in
``schemas.RAW_TABLES``, what dbt reads) applies the ingest's duplicate rule across batches: in
path order, the first article with a text (``article_id``) or a canonical URL is kept; a later one
becomes a ``duplicate`` row of ``raw.quarantined_files`` (naming the article it repeats, as
within a batch), and its sentences and mentions are not shown. So ``records seen = articles +
duplicates + rejected`` holds over the whole lake. (Across batches the rule is decided per key: a
record repeating the text of one article and the URL of another is a duplicate of the first.)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import duckdb
import polars as pl

from dagster_project import config, schemas
from dagster_project.extract.amounts import extract_amounts
from dagster_project.extract.segment import segment_sentences
from dagster_project.extract.sources import extract_sources
from dagster_project.extract.talks import extract_talks
from dagster_project.extract.tariffs import extract_tariffs
from dagster_project.readers import discover_files, keep_first_seen, read_articles
from dagster_project.readers.urls import url_key

#: Schema in DuckDB of the helper views over the Parquet files (with the hidden columns).
LAKE_SCHEMA = "lake"
#: Hidden columns: every table has ``_batch``; articles also their file, order and URL key.
HIDDEN: dict[str, pl.DataType] = {"_batch": pl.String}
ARTICLE_HIDDEN: dict[str, pl.DataType] = {"_batch": pl.String, "_file": pl.String, "_ord": pl.Int64,
                                          "_url_key": pl.String}
_PLANS, _DONE, _EMPTY = "_plans", "_done", "_empty"

# ------------------------------------------------------------------------------------ ledger


@dataclass(frozen=True)
class FileEntry:
    """One input file as the ledger knows it: absolute path, size (bytes), mtime (ns), SHA-256 hex."""

    path: str
    size: int
    mtime_ns: int
    sha256: str


@dataclass
class Plan:
    """What a run has to do, from :func:`plan_batches`.

    ``batches``: current batches, key -> files in path order (kept ones and new ones);
    ``todo``: keys of current batches without output yet (to extract); ``retired``: planned
    batches whose files changed or went, or made by other code (their output goes);
    ``files``: input files; ``hashed``: files whose content was read to hash it.
    """

    batches: dict[str, list[FileEntry]]
    todo: list[str]
    retired: list[str]
    fingerprint: str
    files: int = 0
    hashed: int = 0
    _changed_stats: set[str] = field(default_factory=set)

    @property
    def state(self) -> str:
        """SHA-256 hex of the sorted current batch keys: equal states, equal raw relations."""
        return hashlib.sha256("\n".join(sorted(self.batches)).encode()).hexdigest()


_FINGERPRINTED = ("dagster_project/extract", "dagster_project/readers", "dagster_project/lexicons",
                  "dagster_project/schemas.py", "dagster_project/lake.py", "dbt/seeds")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """SHA-256 hex over the files that decide a batch's output (readers, extraction, lexicons,
    gazetteer seeds, schemas, this module): when one changes, every batch is extracted again."""
    digest = hashlib.sha256()
    for root in _FINGERPRINTED:
        base = config.REPO_ROOT / root
        paths = sorted(p for p in base.rglob("*") if p.is_file() and p.suffix in (".py", ".csv")) \
            if base.is_dir() else [base]
        for p in paths:
            digest.update(str(p.relative_to(config.REPO_ROOT)).encode() + b"\0" + p.read_bytes() + b"\0")
    return digest.hexdigest()


_PUBLISHED_INPUTS = ("dbt/models", "dbt/macros", "dbt/dbt_project.yml", "expectations")


@lru_cache(maxsize=1)
def pipeline_fingerprint() -> str:
    """SHA-256 hex of :func:`code_fingerprint` and of what decides the marts from the raw relations
    (dbt models, macros and project file, GX suites): a published state is only current under it."""
    digest = hashlib.sha256(code_fingerprint().encode())
    for root in _PUBLISHED_INPUTS:
        base = config.REPO_ROOT / root
        for p in (sorted(q for q in base.rglob("*") if q.is_file()) if base.is_dir() else [base]):
            digest.update(str(p.relative_to(config.REPO_ROOT)).encode() + b"\0" + p.read_bytes() + b"\0")
    return digest.hexdigest()


def mark_current(lake: Path, state: str) -> None:
    """Record that the ``raw`` views now show the batches of ``state`` (``Plan.state``)."""
    _write_atomic(lake / "_current.json", json.dumps({"state": state}).encode())


def mark_published(lake: Path) -> None:
    """Record that a validated run published the current state (the analytics copy's last step)."""
    current = json.loads((lake / "_current.json").read_text())
    _write_atomic(lake / "_published.json", json.dumps({"state": current["state"],
                                                        "pipeline": pipeline_fingerprint()}).encode())


def nothing_to_do(lake: Path, plan: Plan) -> bool:
    """True when a run would change nothing: no batch to extract or retire, and the last validated
    run published exactly these batches under this pipeline (code, dbt models, suites)."""
    if plan.todo or plan.retired or not plan.batches:
        return False
    try:
        published = json.loads((lake / "_published.json").read_text())
    except (OSError, ValueError):
        return False
    return published == {"state": plan.state, "pipeline": pipeline_fingerprint()}


def file_sha256(path: Path) -> str:
    """SHA-256 hex of the file's bytes (read in 1 MB blocks)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def batch_key(fingerprint: str, files: Iterable[FileEntry]) -> str:
    """``b`` + 20 hex of SHA-256 over the code fingerprint and the files' (path, sha256)."""
    text = fingerprint + "\n" + "\n".join(f"{f.path}\0{f.sha256}" for f in sorted(files, key=lambda f: f.path))
    return "b" + hashlib.sha256(text.encode()).hexdigest()[:20]


def read_plans(lake: Path) -> dict[str, dict]:
    """Every plan file of the lake: key -> {"fingerprint", "created_at", "files": [FileEntry]}."""
    plans = {}
    for path in sorted((lake / _PLANS).glob("*.json")):
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            continue  # a torn or vanished plan is no plan: its files are planned again
        data["files"] = [FileEntry(**f) for f in data.get("files", [])]
        plans[path.stem] = data
    return plans


def is_done(lake: Path, key: str) -> bool:
    """True when every table of batch ``key`` is written (its done marker exists)."""
    return (lake / _DONE / f"{key}.json").exists()


def plan_batches(input_dir: Path, lake: Path, *, limits: tuple[int, int] | None = None,
                 workers: int | None = None) -> Plan:
    """Compare the input folder with the ledger (see the module docstring).

    Reads no file whose path, size and mtime match the ledger; hashes the others. The new files
    are cut into batches by :func:`cut_batches` (``limits``: (files, bytes) a batch, default
    ``config.batch_limits()``; ``workers``: default ``config.extract_workers()``).

    Raises:
        FileNotFoundError: ``input_dir`` is not a folder.
    """
    max_files, max_bytes = limits or config.batch_limits()
    fingerprint = code_fingerprint()
    plans = read_plans(lake)
    known = {f.path: f for p in plans.values() for f in p["files"]}
    entries: dict[str, FileEntry] = {}
    hashed = 0
    changed_stats: set[str] = set()
    for path in discover_files(input_dir):
        st = path.stat()
        old = known.get(str(path))
        if old is not None and old.size == st.st_size and old.mtime_ns == st.st_mtime_ns:
            entries[str(path)] = old
            continue
        hashed += 1
        entries[str(path)] = FileEntry(str(path), st.st_size, st.st_mtime_ns, file_sha256(path))
        if old is not None and old.sha256 == entries[str(path)].sha256:
            changed_stats.add(str(path))  # touched, not changed: the plan keeps it with the new stat
    kept: dict[str, list[FileEntry]] = {}
    retired: list[str] = []
    claimed: set[str] = set()
    for key, p in sorted(plans.items(), key=lambda kv: (kv[1].get("created_at", ""), kv[0])):
        files = p["files"]
        current = (p.get("fingerprint") == fingerprint and files
                   and all(f.path in entries and entries[f.path].sha256 == f.sha256 and f.path not in claimed
                           for f in files))
        if current:
            kept[key] = [entries[f.path] for f in files]
            claimed.update(f.path for f in files)
        else:
            retired.append(key)
    pending = [entries[path] for path in sorted(entries) if path not in claimed]
    new = {batch_key(fingerprint, group): group
           for group in cut_batches(pending, max_files, max_bytes, workers or config.extract_workers())}
    retired = [k for k in retired if k not in new]  # the same files again (a plan file rewritten)
    batches = {**kept, **new}
    todo = [key for key in batches if not is_done(lake, key)]
    stale = {key for key, files in kept.items() if any(f.path in changed_stats for f in files)}
    return Plan(batches, todo, retired, fingerprint, len(entries), hashed, stale | set(new))


def cut_batches(files: list[FileEntry], max_files: int, max_bytes: int, workers: int = 1) -> list[list[FileEntry]]:
    """Cut ``files`` (in path order) into consecutive batches of near-equal numbers of files.

    As few batches as the limits allow (at most ``max_files`` files and ``max_bytes`` bytes each;
    a file larger than ``max_bytes`` is a batch alone), but at least one per worker when there
    are that many files and each part would hold a quarter of ``max_bytes`` (a worker process
    costs seconds to start: two small new files are one batch, extracted in the run's own
    process), so that a run's batches keep every worker busy; the files are then
    spread evenly (sizes differ by at most one file), not filled greedily, which left a last
    batch of one file beside full ones. If an even cut breaks the byte limit, one more batch is
    tried, until it holds.

    Returns the batches (lists of ``FileEntry``), in path order; none for no files.
    """
    if not files:
        return []
    total = sum(f.size for f in files)
    # a worker process costs its start (imports, GX): a split for the workers' sake only when each
    # part is worth it (at least a quarter of the byte limit, 4 MB by default)
    per_worker = min(workers, len(files), max(int(total // (max_bytes / 4)), 1))
    count = max(-(-len(files) // max_files), -(-total // max_bytes), per_worker, 1)
    while True:
        base, extra = divmod(len(files), count)
        groups, start = [], 0
        for i in range(count):
            stop = start + base + (i < extra)
            groups.append(files[start:stop])
            start = stop
        if count >= len(files) or all(len(g) == 1 or sum(f.size for f in g) <= max_bytes for g in groups):
            return groups
        count += 1


def save_plans(lake: Path, plan: Plan) -> None:
    """Write the plan files of new batches (and of kept ones whose files' stats changed)."""
    now = dt.datetime.now(dt.UTC).isoformat()
    for key in plan._changed_stats:
        path = lake / _PLANS / f"{key}.json"
        created = now
        with contextlib.suppress(OSError, ValueError):
            created = json.loads(path.read_text()).get("created_at", now)
        _write_atomic(path, json.dumps({"key": key, "fingerprint": plan.fingerprint, "created_at": created,
                                        "files": [f.__dict__ for f in plan.batches[key]]}, indent=1).encode())


def load_plan(lake: Path, key: str) -> list[FileEntry]:
    """The files of batch ``key``.

    Raises:
        KeyError: no plan of that batch in the lake (never planned, or retired).
    """
    try:
        data = json.loads((lake / _PLANS / f"{key}.json").read_text())
    except FileNotFoundError:
        raise KeyError(f"batch {key} is not planned in {lake} (retired, or planned elsewhere)") from None
    return [FileEntry(**f) for f in data["files"]]


def done_stats(lake: Path, keys: Iterable[str]) -> dict[str, dict]:
    """The done markers (counts) of ``keys``: key -> {"records_seen", "articles", "duplicates", "rejected", ...}."""
    out = {}
    for key in keys:
        with contextlib.suppress(OSError, ValueError):
            out[key] = json.loads((lake / _DONE / f"{key}.json").read_text())
    return out


# ----------------------------------------------------------------------------------- batches


@dataclass
class BatchOutput:
    """One batch's frames (``frames``: raw table -> rows, conformed to ``schemas.RAW_TABLES``),
    its ingest counts and the seconds each stage took (``seconds``: stage -> s)."""

    key: str
    frames: dict[str, pl.DataFrame]
    records_seen: int
    duplicates: int
    rejected: int
    formats: dict[str, int]
    seconds: dict[str, float]
    files: int


def extract_batch(key: str, files: list[Path], *, first_seen: dict[str, pl.DataFrame] | None = None,
                  now: dt.datetime | None = None) -> BatchOutput:
    """Read ``files`` and run every raw stage on them: ingest (``readers.read_articles``),
    segmentation, amounts, tariffs (with the amounts), talks (with the articles' dates), sources.

    ``first_seen``: ``{"articles": (article_id, ingested_at), "quarantined_files": (quarantine_id,
    quarantined_at)}`` of earlier batches, whose timestamps rows seen before keep.
    """
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now_ = time.perf_counter()
        seconds[stage] = round(now_ - clock, 3)
        clock = now_

    ingest = read_articles(files, now=now)
    articles, quarantine = ingest.articles, ingest.quarantine
    if first_seen:
        articles = keep_first_seen(articles, first_seen.get("articles"), key="article_id", column="ingested_at")
        quarantine = keep_first_seen(quarantine, first_seen.get("quarantined_files"), key="quarantine_id",
                                     column="quarantined_at")
    lap("ingest")
    sentences = schemas.conform(segment_sentences(articles.select("article_id", "text")), schemas.SENTENCES)
    lap("segment")
    amounts = schemas.conform(extract_amounts(sentences), schemas.AMOUNT_MENTIONS)
    lap("amounts")
    tariffs = schemas.conform(extract_tariffs(sentences, amounts), schemas.TARIFF_MENTIONS)
    lap("tariffs")
    talks = schemas.conform(extract_talks(sentences, articles.select("article_id", "published_date")),
                            schemas.TALKS_MENTIONS)
    lap("talks")
    sources = schemas.conform(extract_sources(sentences), schemas.SOURCE_MENTIONS)
    lap("sources")
    frames = {"articles": articles, "quarantined_files": quarantine, "sentences": sentences,
              "tariff_mentions": tariffs, "talks_mentions": talks, "source_mentions": sources,
              "amount_mentions": amounts}
    return BatchOutput(key, frames, ingest.records_seen, ingest.duplicates, ingest.rejected, ingest.formats,
                       seconds, len(files))


def first_seen(lake: Path, keys: Iterable[str]) -> dict[str, pl.DataFrame]:
    """(article_id, ingested_at) and (quarantine_id, quarantined_at) of the done batches ``keys``
    (only those columns are read)."""
    keys = [k for k in keys if is_done(lake, k)]
    out = {}
    for table, cols in (("articles", ["article_id", "ingested_at"]),
                        ("quarantined_files", ["quarantine_id", "quarantined_at"])):
        paths = [lake / table / f"{k}.parquet" for k in keys]
        paths = [p for p in paths if p.exists()]
        out[table] = pl.read_parquet(paths, columns=cols) if paths else None
    return out


def with_hidden(table: str, frame: pl.DataFrame, key: str) -> pl.DataFrame:
    """``frame`` with the hidden columns of ``table`` (see the module docstring) appended."""
    if table != "articles":
        return frame.with_columns(pl.lit(key, pl.String).alias("_batch"))
    return frame.with_columns(
        pl.lit(key, pl.String).alias("_batch"),
        pl.col("source_path").str.replace(r"#.*$", "").alias("_file"),
        pl.int_range(pl.len(), dtype=pl.Int64).alias("_ord"),
        pl.col("url").map_elements(url_key, return_dtype=pl.String, skip_nulls=True).alias("_url_key"),
    )


def write_batch(lake: Path, batch: BatchOutput) -> dict:
    """Write every table of ``batch`` (Parquet, zstd) and then its done marker; returns the marker."""
    rows = {}
    for table, frame in batch.frames.items():
        path = lake / table / f"{batch.key}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with_hidden(table, frame, batch.key).write_parquet(tmp, compression="zstd")
        os.replace(tmp, path)
        rows[table] = frame.height
    marker = {"key": batch.key, "files": batch.files, "records_seen": batch.records_seen,
              "articles": batch.frames["articles"].height, "duplicates": batch.duplicates,
              "rejected": batch.rejected, "formats": batch.formats, "rows": rows, "seconds": batch.seconds,
              "written_at": dt.datetime.now(dt.UTC).isoformat()}
    _write_atomic(lake / _DONE / f"{batch.key}.json", json.dumps(marker, indent=1).encode())
    return marker


@dataclass
class BatchReport:
    """What :func:`process_batch` did, without the frames (small enough to come back from a worker
    process): rows per table (``rows``), ingest counts, seconds per stage, the GX outcomes per
    table (``validations``: raw table -> ``validation.ValidationOutcome``) and whether the batch
    was written (``committed``: False when a critical expectation failed)."""

    key: str
    files: int
    rows: dict[str, int]
    records_seen: int
    duplicates: int
    rejected: int
    seconds: dict[str, float]
    validations: dict
    committed: bool = False

    @property
    def critical(self) -> list[str]:
        """Tables with a failed critical expectation."""
        return [t for t, o in self.validations.items() if any(f.get("severity") == "critical" for f in o.failed)]


def process_batch(lake: Path, key: str, *, first_seen_of: Iterable[str] = (), build_docs: bool = False) -> BatchReport:
    """Extract batch ``key`` (its plan's files), validate every table with its GX suite
    ``raw_<table>`` and, unless a critical expectation failed, write it to the lake.

    ``first_seen_of``: done batches whose timestamps rows seen before keep (see :func:`first_seen`).

    Raises:
        KeyError: the batch is not planned.
    """
    from dagster_project.validation import build_data_docs, validate_frame

    files = [Path(f.path) for f in load_plan(lake, key)]
    output = extract_batch(key, files, first_seen=first_seen(lake, first_seen_of))
    started = time.perf_counter()
    validations = {table: validate_frame(frame, f"raw_{table}", build_docs=False)
                   for table, frame in output.frames.items()}
    if build_docs:
        build_data_docs()  # the seven pages and the index in one build
    output.seconds["validate"] = round(time.perf_counter() - started, 3)
    report = BatchReport(key, output.files, {t: f.height for t, f in output.frames.items()}, output.records_seen,
                         output.duplicates, output.rejected, output.seconds, validations)
    if not report.critical:
        started = time.perf_counter()
        write_batch(lake, output)
        report.seconds["write"] = round(time.perf_counter() - started, 3)
        report.committed = True
    return report


def process_batches(lake: Path, keys: list[str], *, first_seen_of: Iterable[str] = (), workers: int | None = None,
                    ) -> Iterator[BatchReport]:
    """:func:`process_batch` for each of ``keys``, in ``workers`` processes at once (default
    ``config.extract_workers()``; one: in this process), yielding the reports as batches finish.
    The last batch (in this process: the last one) also rebuilds the GX Data Docs."""
    workers = min(workers or config.extract_workers(), len(keys))
    first_seen_of = list(first_seen_of)
    if workers <= 1:
        for n, key in enumerate(keys, start=1):
            yield process_batch(lake, key, first_seen_of=first_seen_of, build_docs=n == len(keys))
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # spawn: a fresh interpreter per worker (forking a process with Dagster's threads is unsafe)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(process_batch, lake, key, first_seen_of=first_seen_of, build_docs=n == len(keys))
                   for n, key in enumerate(keys, start=1)]
        for future in as_completed(futures):
            yield future.result()


def retire(lake: Path, keys: Iterable[str]) -> None:
    """Remove the output, done marker and plan of each batch in ``keys``."""
    for key in keys:
        (lake / _DONE / f"{key}.json").unlink(missing_ok=True)
        for table in schemas.RAW_TABLES:
            (lake / table / f"{key}.parquet").unlink(missing_ok=True)
        (lake / _PLANS / f"{key}.json").unlink(missing_ok=True)


def collect_garbage(lake: Path, planned: set[str], *, min_age_s: float = 3600) -> int:
    """Remove output of batches that have no plan (from a killed or raced run), and temporary
    files older than ``min_age_s``. Returns the files removed."""
    removed = 0
    now = time.time()
    for table in (*schemas.RAW_TABLES, _DONE):
        folder = lake / table
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            if path.name.endswith(".tmp"):
                stale = now - path.stat().st_mtime > min_age_s
            else:
                stale = path.name.split(".")[0] not in planned and path.stem != _EMPTY
            if stale:
                path.unlink(missing_ok=True)
                removed += 1
    return removed


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


# ------------------------------------------------------------------------------------- views


def _sql_list(paths: Iterable[Path]) -> str:
    return "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"


def _empty_file(lake: Path, table: str) -> Path:
    path = lake / table / f"{_EMPTY}.parquet"
    if not path.exists():
        hidden = ARTICLE_HIDDEN if table == "articles" else HIDDEN
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        pl.DataFrame(schema={**schemas.RAW_TABLES[table], **hidden}).write_parquet(tmp)
        os.replace(tmp, path)
    return path


_KEPT = f"""
create or replace view "{LAKE_SCHEMA}".article_ranks as
select *,
       row_number() over (partition by article_id order by _file, _ord) as by_text,
       row_number() over (partition by coalesce(_url_key, article_id) order by _file, _ord) as by_url
from "{LAKE_SCHEMA}".articles;
create or replace view "{LAKE_SCHEMA}".kept_articles as
select article_id, _batch from "{LAKE_SCHEMA}".article_ranks where by_text = 1 and by_url = 1;
"""

_DUPLICATES = f"""
select sha256(concat_ws('|', _file, coalesce(record_ref, ''), reason)) as quarantine_id,
       _file as source_path, record_ref, 'duplicate' as kind, reason, left(text, 500) as raw_excerpt,
       ingested_at as quarantined_at
from (
    select r._file, nullif(split_part(r.source_path, '#', 2), '') as record_ref, r.text, r.ingested_at,
           case when r.by_text > 1
                then 'duplicate (same text) of article ' || t.external_id || ' from ' || t.source_path
                else 'duplicate (same canonical URL) of article ' || u.external_id || ' from ' || u.source_path
           end as reason
    from "{LAKE_SCHEMA}".article_ranks r
    left join "{LAKE_SCHEMA}".article_ranks t on t.article_id = r.article_id and t.by_text = 1
    left join "{LAKE_SCHEMA}".article_ranks u on u._url_key = r._url_key and u.by_url = 1
    where r.by_text > 1 or r.by_url > 1
)
"""


def create_views(con: duckdb.DuckDBPyConnection, lake: Path, keys: Iterable[str]) -> None:
    """(Re)create ``lake.<table>`` over the Parquet files of the batches ``keys`` and ``raw.<table>``
    over those (see the module docstring), in one transaction."""
    keys = sorted(keys)
    con.begin()
    try:
        for schema in (LAKE_SCHEMA, config.RAW_SCHEMA):
            con.execute(f'create schema if not exists "{schema}"')
        for (table,) in con.execute(  # raw tables of a warehouse written before the lake
                "select table_name from duckdb_tables() where database_name = current_database() "
                "and schema_name = ?", [config.RAW_SCHEMA]).fetchall():
            if table in schemas.RAW_TABLES:
                con.execute(f'drop table "{config.RAW_SCHEMA}"."{table}"')
        for table in schemas.RAW_TABLES:
            files = [_empty_file(lake, table)] + [lake / table / f"{k}.parquet" for k in keys]
            con.execute(f'create or replace view "{LAKE_SCHEMA}"."{table}" as '
                        f"select * from read_parquet({_sql_list(files)})")
        con.execute(_KEPT)
        raw = config.RAW_SCHEMA
        con.execute(f'create or replace view "{raw}".articles as select a.* exclude ({", ".join(ARTICLE_HIDDEN)}) '
                    f'from "{LAKE_SCHEMA}".articles a semi join "{LAKE_SCHEMA}".kept_articles k '
                    "on a.article_id = k.article_id and a._batch = k._batch")
        con.execute(f'create or replace view "{raw}".quarantined_files as '
                    f'select * exclude (_batch) from "{LAKE_SCHEMA}".quarantined_files union all {_DUPLICATES}')
        for table in schemas.RAW_TABLES:
            if table in ("articles", "quarantined_files"):
                continue
            con.execute(f'create or replace view "{raw}"."{table}" as select m.* exclude (_batch) '
                        f'from "{LAKE_SCHEMA}"."{table}" m semi join "{LAKE_SCHEMA}".kept_articles k '
                        "on m.article_id = k.article_id and m._batch = k._batch")
        con.commit()
    except Exception:
        con.rollback()
        raise
