"""Benchmark: build a corpus of N articles, time every stage in process and the real runner end to end.

usage:
  .venv/bin/python scripts/benchmark.py stages --articles 10000            # in-process stages
  .venv/bin/python scripts/benchmark.py stages --articles 100000 --stages segment
  .venv/bin/python scripts/benchmark.py e2e --articles 1000 10000          # runner: full, +1%, no-op
  .venv/bin/python scripts/benchmark.py e2e --articles 100000 --scenarios full
  .venv/bin/python scripts/benchmark.py e2e --scenarios seed               # the seed article alone
  .venv/bin/python scripts/benchmark.py corpus --articles 5000 --out /tmp/bench-5k   # only write a corpus

The corpus. Article ``i`` is a numbered first line ("Bulletin i.") followed by 4 to 20 paragraphs
drawn (seeded, so every run builds the same articles, and the first 1,000 of the 10,000 are the
1,000) from the paragraphs of the seed article and of ``../shared/corpus/*.jsonl`` when present,
else of the texts in ``seeds/``. About 3 KB of text per article (the issue's 10,000 articles
made 31 MB). It is written as JSONL files of ``--per-file`` articles (``id``, ``title``,
``published``, ``publisher``, ``text``) into a work folder outside the repository (a temporary
folder unless ``--workdir``), which is deleted afterwards unless ``--keep``.

``stages`` reads the corpus with the project's readers (ingest), then runs segmentation and the
four fact families in this process, as the Dagster assets call them; for each stage it prints
the wall time, the MB/s of article text (UTF-8 bytes of ``text``), the CPU time of the process
(all threads; on a shared machine it moves less than the wall time) and the peak RSS of the
process during the stage (Linux VmHWM, reset before each stage; the frames kept from earlier
stages count). It then times one plain ``str.contains`` pass over the same text (the word
"tariff"; repeated for half a second, best of 3 rounds) and prints extraction throughput as a
ratio of it, a figure that compares across machines and across loads.

``e2e`` runs the real runner, ``python -m dagster_project.run`` (what ``scripts/run.sh``
runs), in a subprocess with ``CI=true`` on a fresh input folder, warehouse, ``DAGSTER_HOME`` (the
repo's ``dagster.yaml``), log and validation folder, and reads its per-step lines
(``  n/N ok  <step>  <counts>  <secs>s``). The raw stages are one step (``raw stages (batches ->
lake)``); the seconds of its stages (ingest, segment, the four families, GX validation, lake
write) are read from the run's log file (the ``full log:`` line), whose ``batch i/N <key>: ...;
ingest Xs segment Ys ...`` lines are summed over the batches extracted (batches run in parallel
workers overlap, so the sum can exceed the step's wall time). Scenarios: ``full`` (first run on N
articles), ``incremental`` (then 1% more articles written as ``--new-files`` new input files,
the old ones untouched), ``noop`` (then again: the runner prints ``nothing new: ...`` and runs no
step), ``seed`` (the seed article alone, fresh warehouse). For each run: the wall time, the peak
RSS (the largest process of the run's tree, from ``wait4``), per step its seconds and the peak
RSS of the process tree while it ran (sampled every 0.2 s), the batches extracted and their
per-stage seconds, and for the full run the MB/s of ingest and of extraction (segmentation and
families). ``--json`` writes every figure; ``--markdown`` prints the README table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SHARED_CORPUS = REPO.parent / "shared" / "corpus"
#: Paragraphs per article (uniform), and the shortest paragraph kept in the pool (characters).
PARAGRAPHS = (4, 20)
MIN_PARAGRAPH = 40
#: The word searched by the reference ``str.contains`` pass.
REFERENCE_WORD = "tariff"
#: The runner's one step that extracts every input batch (ingest, segmentation, families, raw GX, lake write).
RAW_STEP = "raw stages"
#: Stages of a batch (``seconds_by_stage``, lake.extract_batch/process_batch) -> the table's column.
STAGE_GROUPS = {"ingest": "ingest", "segment": "segmentation", "amounts": "families", "tariffs": "families",
                "talks": "families", "sources": "families", "validate": "GX checks", "write": "lake write"}
#: The table's columns after wall s and peak RSS: step groups (see ``group_seconds``).
GROUPS = ("raw step", "ingest", "segmentation", "families", "lake write", "dbt seeds", "dbt models", "GX checks",
          "analytics")
_STEP_LINE = re.compile(r"^\s*(\d+)/(\d+)\s+(ok|WARN|FAILED|skipped)\s+(.*?)\s+([\d.]+)s\s*$")
_DONE_LINE = re.compile(r"^(done in|FAILED after) ([\d.]+)s")
#: The raw step's log line per batch (defs/assets/raw.py):
#: ``batch 2/3 <key>: 5 files, ... written; ingest 0.02s segment 0.03s ... write 0.03s``.
_BATCH_LINE = re.compile(r"\bbatch (\d+)/(\d+) (\S+): (.*); ((?:[a-z_]+ [\d.]+s ?)+)\s*$")
_STAGE_SECONDS = re.compile(r"([a-z_]+) ([\d.]+)s")


# ------------------------------------------------------------------------------------- corpus


def paragraph_pool(corpus: Path = SHARED_CORPUS) -> list[tuple[str, str | None]]:
    """(paragraph, publisher) pairs from ``corpus/*.jsonl`` (seed included) or, when absent, ``seeds/``.

    Paragraphs are split at blank lines and at indented line starts (Reuters style); those
    shorter than :data:`MIN_PARAGRAPH` characters are left out.
    """
    records: list[tuple[str, str | None]] = []
    if corpus.is_dir() and any(corpus.glob("*.jsonl")):
        for path in sorted(corpus.glob("*.jsonl")):
            for line in path.open(encoding="utf-8"):
                if line.strip():
                    rec = json.loads(line)
                    records.append((rec.get("text") or "", rec.get("publisher")))
    else:
        records = [(p.read_text(encoding="utf-8"), None) for p in sorted((REPO / "seeds").glob("*.txt"))]
    pool = []
    for text, publisher in records:
        for para in re.split(r"\n[ \t]*\n|\n(?=[ \t]{2,}\S)", text):
            para = para.strip()
            if len(para) >= MIN_PARAGRAPH:
                pool.append((para, publisher))
    if not pool:
        raise SystemExit(f"no paragraphs to build a corpus from ({corpus}, {REPO / 'seeds'})")
    return pool


def make_articles(start: int, stop: int, pool: list[tuple[str, str | None]]) -> Iterator[dict]:
    """Articles ``start`` .. ``stop - 1``; article ``i`` is the same whatever the range asked."""
    for i in range(start, stop):
        rng = random.Random(i)
        picked = [pool[rng.randrange(len(pool))] for _ in range(rng.randint(*PARAGRAPHS))]
        first = picked[0][0]
        yield {
            "id": f"bench-{i:06d}",
            "title": " ".join(first.split()[:8]),
            "published": (dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(3600))).isoformat(),
            "publisher": picked[0][1],
            "text": f"Bulletin {i}.\n\n" + "\n\n".join(p for p, _ in picked),
        }


def write_corpus(folder: Path, start: int, stop: int, pool, *, per_file: int, prefix: str = "part") -> float:
    """Write articles ``start``..``stop-1`` as JSONL files of ``per_file`` articles; returns MB of text."""
    folder.mkdir(parents=True, exist_ok=True)
    text_bytes = 0
    for first in range(start, stop, per_file):
        with (folder / f"{prefix}-{first:06d}.jsonl").open("w", encoding="utf-8") as out:
            for art in make_articles(first, min(first + per_file, stop), pool):
                text_bytes += len(art["text"].encode("utf-8"))
                out.write(json.dumps(art, ensure_ascii=False) + "\n")
    return text_bytes / 1e6


# --------------------------------------------------------------------------------- measuring


def _reset_peak() -> bool:
    """Reset this process's peak RSS (Linux: ``5`` into ``/proc/self/clear_refs``); False if not possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _status_kb(pid: int | str, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _peak_mb() -> float:
    """Peak RSS of this process since the last reset (VmHWM), else since it started, in MB."""
    kb = _status_kb("self", "VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024


@dataclass
class Stage:
    name: str
    seconds: float
    cpu_s: float
    mb_per_s: float | None
    peak_rss_mb: float
    rows: int | None = None


def timed(name: str, mb: float, run: Callable[[], object], stages: list[Stage]) -> object:
    """Run ``run()`` as stage ``name`` over ``mb`` MB of text, append its figures and print them."""
    gc.collect()
    _reset_peak()
    started, cpu = time.perf_counter(), time.process_time()
    result = run()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    rows = getattr(result, "height", None)
    stage = Stage(name, seconds, cpu, mb / seconds if seconds > 0 else None, _peak_mb(), rows)
    stages.append(stage)
    print(f"  {name:<12} {seconds:8.2f} s {stage.mb_per_s or 0:8.1f} MB/s {stage.peak_rss_mb:8.0f} MB {cpu:8.2f} s CPU"
          + (f"  {rows} rows" if rows is not None else ""), flush=True)
    return result


def contains_pass(texts, min_seconds: float = 0.5, repeat: int = 3) -> float:
    """Seconds of one plain ``str.contains`` pass of :data:`REFERENCE_WORD` over ``texts``.

    One pass over a few MB takes milliseconds, so passes are repeated for at least
    ``min_seconds`` and the time per pass is the total over the count; the best of ``repeat``
    such rounds is returned (the least disturbed by other processes).
    """
    best = float("inf")
    for _ in range(repeat):
        passes, started = 0, time.perf_counter()
        while (elapsed := time.perf_counter() - started) < min_seconds or passes == 0:
            texts.str.contains(REFERENCE_WORD).sum()
            passes += 1
        best = min(best, elapsed / passes)
    return best


def machine() -> str:
    """CPU model, cores, memory and OS of this machine, in one line."""
    cpu = platform.processor() or platform.machine()
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem_kb = _status_kb("self", "VmRSS") and next(
        (int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), 0)
    gb = f", {mem_kb / 1024 / 1024:.0f} GB RAM" if mem_kb else ""
    return f"{cpu}, {os.cpu_count()} cores{gb}, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def load_average() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


# ------------------------------------------------------------------------------------- stages


STAGES = ("ingest", "segment", "amounts", "tariffs", "talks", "sources")


def run_stages(n: int, workdir: Path, pool, per_file: int, only: tuple[str, ...] = STAGES) -> dict:
    """Ingest, segmentation and the four fact families in process on a corpus of ``n`` articles.

    ``only``: the stages to run (the families need ``segment``; ``tariffs`` needs ``amounts``).
    Without ``ingest`` the articles are built in memory (cleaned as the readers clean them)
    instead of written and read back.
    """
    import polars as pl

    from dagster_project.extract.amounts import extract_amounts
    from dagster_project.extract.segment import segment_sentences
    from dagster_project.extract.sources import extract_sources
    from dagster_project.extract.talks import extract_talks
    from dagster_project.extract.tariffs import extract_tariffs
    from dagster_project.readers import article_id_for, discover_files, read_articles
    from dagster_project.readers.base import clean_text

    stages: list[Stage] = []
    folder = workdir / f"stages-{n}"
    if "ingest" in only:
        shutil.rmtree(folder, ignore_errors=True)
        mb = write_corpus(folder, 0, n, pool, per_file=per_file)
        print(f"stages: {n} articles, {mb:.1f} MB of text in {folder} (load average {load_average()})", flush=True)
        articles = timed("ingest", mb, lambda: read_articles(discover_files(folder)).articles, stages)
        shutil.rmtree(folder, ignore_errors=True)
    else:
        arts = list(make_articles(0, n, pool))
        texts = [clean_text(a["text"]) for a in arts]  # as the readers store it (ftfy, spaces, controls)
        articles = pl.DataFrame({"article_id": [article_id_for(t) for t in texts], "text": texts,
                                 "published_date": [dt.date.fromisoformat(a["published"]) for a in arts]})
        del arts, texts
        print(f"stages: {n} articles built in memory (load average {load_average()})", flush=True)
    articles = articles.select("article_id", "text", "published_date")
    mb = articles["text"].str.len_bytes().sum() / 1e6  # the text the extraction reads
    print(f"  {mb:.1f} MB of article text", flush=True)
    out: dict[str, pl.DataFrame] = {}
    families = {
        "amounts": lambda: extract_amounts(out["segment"]),
        "tariffs": lambda: extract_tariffs(out["segment"], out["amounts"]),
        "talks": lambda: extract_talks(out["segment"], articles.select("article_id", "published_date")),
        "sources": lambda: extract_sources(out["segment"]),
    }
    if "segment" in only:
        out["segment"] = timed("segment", mb, lambda: segment_sentences(articles), stages)
        for name, run in families.items():
            if name in only:
                out[name] = timed(name, mb, run, stages)
    extraction = sum(s.seconds for s in stages if s.name != "ingest")
    contains = contains_pass(articles["text"])
    ratio = (mb / extraction) / (mb / contains) if extraction else float("nan")
    done = [s.name for s in stages if s.name != "ingest"]
    print(f"  {'extraction':<12} {extraction:8.2f} s {mb / extraction if extraction else 0:8.1f} MB/s  ({' + '.join(done)})")
    print(f"  {'str.contains':<12} {contains:8.4f} s {mb / contains:8.0f} MB/s  (reference pass: {REFERENCE_WORD!r})")
    print(f"  extraction throughput / str.contains throughput = {ratio:.2e} (1/{1 / ratio:.0f})")
    print(f"  peak RSS of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB", flush=True)
    return {"articles": n, "mb": mb, "stages": [asdict(s) for s in stages], "extraction": done,
            "extraction_s": extraction, "extraction_mb_s": mb / extraction if extraction else None,
            "contains_s": contains, "contains_mb_s": mb / contains, "ratio": ratio, "load_average": load_average()}


# ---------------------------------------------------------------------------------------- e2e


@dataclass
class Step:
    index: int
    status: str
    label: str
    detail: str
    seconds: float
    tree_rss_mb: float = 0.0


@dataclass
class Run:
    scenario: str
    articles: int
    mb: float
    exit_code: int
    wall_s: float
    runner_s: float | None
    peak_rss_mb: float
    tree_peak_mb: float
    steps: list[Step] = field(default_factory=list)
    log: str = ""
    #: Seconds per raw stage summed over the batches extracted (from the log file; see ``batch_seconds``).
    stage_seconds: dict[str, float] = field(default_factory=dict)
    batches_extracted: int = 0
    #: The runner's ``nothing new: ...`` line (a no-op run runs no step), else "".
    nothing_new: str = ""


def parse_step(line: str) -> Step | None:
    """A runner step line (``  3/21 ok      raw/sentences   58 rows (58 new)   0.3s``) or None."""
    m = _STEP_LINE.match(line)
    if not m:
        return None
    index, _, status, middle, seconds = m.groups()
    label, *detail = re.split(r"\s{2,}", middle.strip(), maxsplit=1)
    return Step(int(index), status, label, detail[0] if detail else "", float(seconds))


def batch_seconds(lines: Iterable[str]) -> tuple[int, dict[str, float]]:
    """Batches extracted and seconds per raw stage summed over them, from the run log's batch lines
    (``... raw_stages - batch 1/2 <key>: 5 files, ... written; ingest 0.02s segment 0.03s ...``).

    Returns ``(batches, {stage: seconds})``, stages as lake.extract_batch/process_batch name them
    (ingest, segment, amounts, tariffs, talks, sources, validate, write). Batches extracted in
    parallel workers overlap, so the sum can exceed the raw step's wall time.
    """
    batches, seconds = 0, {}
    for line in lines:
        m = _BATCH_LINE.search(line)
        if not m:
            continue
        batches += 1
        for stage, value in _STAGE_SECONDS.findall(m.group(5)):
            seconds[stage] = round(seconds.get(stage, 0.0) + float(value), 3)
    return batches, seconds


def group_seconds(run: Run) -> dict[str, float]:
    """Seconds of ``run`` per column of the table (``GROUPS``): the raw step's wall time, its stages
    summed over batches (``run.stage_seconds``: ingest, segmentation, families, lake write; raw GX
    validation goes to GX checks), dbt seeds, dbt models, GX checks (every ``check ...`` step, plus
    raw validation) and the analytics copy. A group with no step is absent."""
    per: dict[str, float] = {}

    def add(group: str, seconds: float) -> None:
        per[group] = per.get(group, 0.0) + seconds

    for s in run.steps:
        if s.label.startswith(RAW_STEP):
            add("raw step", s.seconds)
        elif s.label.startswith("check "):
            add("GX checks", s.seconds)
        elif s.label.startswith("dbt"):
            add(s.label.split(" (")[0], s.seconds)
        elif s.label.startswith("analytics"):
            add("analytics", s.seconds)
        else:
            add(s.label, s.seconds)
    for stage, seconds in run.stage_seconds.items():
        add(STAGE_GROUPS.get(stage, "lake write"), seconds)
    return per


def _tree(root: int) -> list[int]:
    """``root`` and its descendants (from ``/proc/*/stat``)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


class TreeSampler:
    """Samples the summed RSS of a process tree every ``interval`` s; ``take()`` returns the peak since the last take."""

    def __init__(self, root: int, interval: float = 0.2):
        self.root, self.interval = root, interval
        self.window = self.overall = 0.0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            mb = sum(_status_kb(pid, "VmRSS") for pid in _tree(self.root)) / 1024
            with self._lock:
                self.window = max(self.window, mb)
                self.overall = max(self.overall, mb)

    def take(self) -> float:
        with self._lock:
            peak, self.window = self.window, 0.0
        return peak

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def run_runner(scenario: str, root: Path, input_dir: Path, n: int, mb: float, timeout: float) -> Run:
    """Run ``python -m dagster_project.run`` on ``input_dir`` with the warehouse etc. under ``root``."""
    home = root / "dagster_home"
    (root / "warehouse").mkdir(parents=True, exist_ok=True)
    if not home.exists():
        home.mkdir(parents=True)
        shutil.copy(REPO / "dagster_home" / "dagster.yaml", home / "dagster.yaml")
    env = {**os.environ, "CI": "true", "NEWS_INPUT_DIR": str(input_dir), "DAGSTER_HOME": str(home),
           "NEWS_WAREHOUSE": str(root / "warehouse" / "news.duckdb"), "NEWS_LOG_DIR": str(root / "logs"),
           "NEWS_VALIDATION_DIR": str(root / "validation"), "PYTHONUNBUFFERED": "1"}
    env.pop("NEWS_VERBOSE", None)
    print(f"e2e {scenario}: {n} articles, {mb:.1f} MB of text (load average {load_average()})", flush=True)
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "dagster_project.run"], cwd=REPO, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, bufsize=1, start_new_session=True)
    sampler = TreeSampler(proc.pid)
    timer = threading.Timer(timeout, lambda: os.killpg(proc.pid, signal.SIGKILL))
    timer.start()
    steps: list[Step] = []
    runner_s, log, nothing_new = None, "", ""
    assert proc.stdout is not None
    for line in proc.stdout:
        print("    " + line.rstrip(), flush=True)
        if line.startswith("full log:"):
            log = line.split(":", 1)[1].strip().split(" (")[0]
        if line.startswith("nothing new:"):
            nothing_new = line.split(":", 1)[1].split("; no step")[0].strip()
        step = parse_step(line)
        if step:
            step.tree_rss_mb = sampler.take()
            steps.append(step)
        done = _DONE_LINE.match(line)
        if done:
            runner_s = float(done.group(2))
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    timer.cancel()
    sampler.stop()
    run = Run(scenario, n, mb, proc.returncode, wall, runner_s, usage.ru_maxrss / 1024, sampler.overall, steps, log,
              nothing_new=nothing_new)
    if log and Path(log).exists():
        with open(log, errors="replace") as f:
            run.batches_extracted, run.stage_seconds = batch_seconds(f)
    extraction = sum(v for k, v in run.stage_seconds.items() if STAGE_GROUPS.get(k) in ("segmentation", "families"))
    rates = "".join(f", {what} {mb / sec:.2f} MB/s" for what, sec in
                    (("ingest", run.stage_seconds.get("ingest", 0)), ("extraction", extraction))
                    if scenario == "full" and sec > 0)
    print(f"  -> exit {run.exit_code}, wall {wall:.1f} s, peak RSS {run.peak_rss_mb:.0f} MB "
          f"(process tree {run.tree_peak_mb:.0f} MB); {run.batches_extracted} batches extracted "
          f"{run.stage_seconds}{rates}" + (f"; nothing new ({nothing_new})" if nothing_new else ""), flush=True)
    return run


def run_e2e(sizes: list[int], scenarios: list[str], workdir: Path, pool, per_file: int, timeout: float,
            new_files: int = 2) -> list[Run]:
    """The ``e2e`` scenarios for every N in ``sizes`` (and ``seed`` once). ``incremental`` writes its
    1% new articles as ``new_files`` new shards (files ``new-<first id>.jsonl``) next to the
    unchanged ones."""
    runs: list[Run] = []
    for n in sizes:
        if not {"full", "incremental", "noop"} & set(scenarios):
            break
        root = workdir / f"e2e-{n}"
        shutil.rmtree(root, ignore_errors=True)
        input_dir = root / "input"
        mb = write_corpus(input_dir, 0, n, pool, per_file=per_file)
        runs.append(run_runner("full", root, input_dir, n, mb, timeout))
        if runs[-1].exit_code != 0:
            print(f"  the full run failed: no later scenario for {n} articles (work folder {root})", flush=True)
            continue
        if "incremental" in scenarios:
            extra = max(1, n // 100)
            before = {p.name: p.stat().st_mtime_ns for p in input_dir.iterdir()}
            mb += write_corpus(input_dir, n, n + extra, pool, per_file=-(-extra // new_files), prefix="new")
            if any(input_dir.joinpath(name).stat().st_mtime_ns != t for name, t in before.items()):
                raise RuntimeError(f"the +1% files overwrote input files in {input_dir}: only new files may be added")
            n += extra
            runs.append(run_runner("incremental", root, input_dir, n, mb, timeout))
        if "noop" in scenarios:
            runs.append(run_runner("noop", root, input_dir, n, mb, timeout))
            if not runs[-1].nothing_new:
                print("  the no-op run ran steps: it did not find its input unchanged", flush=True)
        shutil.rmtree(root / "input", ignore_errors=True)
    if "seed" in scenarios:
        root = workdir / "e2e-seed"
        shutil.rmtree(root, ignore_errors=True)
        shutil.copytree(REPO / "seeds", root / "input")
        mb = sum(len(p.read_bytes()) for p in (root / "input").iterdir()) / 1e6
        runs.append(run_runner("seed", root, root / "input", 1, mb, timeout))
    return runs


# ------------------------------------------------------------------------------------ reports


def markdown(stages: dict | None, runs: list[Run]) -> str:
    """The README tables: in-process stages, then one row per end-to-end run."""
    lines = []
    if stages:
        lines += [f"In process, {stages['articles']:,} articles ({stages['mb']:.0f} MB of text):", "",
                  "| stage | wall s | MB/s | peak RSS MB | CPU s |", "|---|---:|---:|---:|---:|"]
        lines += [f"| {s['name']} | {s['seconds']:.2f} | {s['mb_per_s']:.1f} | {s['peak_rss_mb']:.0f} | {s['cpu_s']:.2f} |"
                  for s in stages["stages"]]
        lines += [f"| extraction ({' + '.join(stages['extraction'])}) | {stages['extraction_s']:.2f} | "
                  f"{stages['extraction_mb_s']:.1f} | | |",
                  f"| `str.contains` reference pass | {stages['contains_s']:.4f} | {stages['contains_mb_s']:.0f} | | |",
                  "", f"Extraction throughput / `str.contains` throughput: **{stages['ratio']:.2e}** "
                  f"(extraction runs at 1/{1 / stages['ratio']:.0f} of the reference pass's speed).", ""]
    if runs:
        lines += ["| run | articles | MB | wall s | peak RSS MB | " + " | ".join(GROUPS) + " |",
                  "|---|---:|---:|---:|---:|" + "---:|" * len(GROUPS)]
        for r in runs:
            per = group_seconds(r)
            status = "" if r.exit_code == 0 else f" (exit {r.exit_code} after step {len(r.steps)})"
            if r.nothing_new:
                status += " (nothing new, no step)"
            lines.append(f"| {r.scenario}{status} | {r.articles:,} | {r.mb:.1f} | {r.wall_s:.0f} | {r.peak_rss_mb:.0f} | "
                         + " | ".join(f"{per[g]:.1f}" if g in per else "-" for g in GROUPS) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=["stages", "e2e", "corpus"])
    ap.add_argument("--articles", type=int, nargs="+", default=[10000], help="corpus sizes N (default 10000)")
    ap.add_argument("--scenarios", default="full,incremental,noop,seed",
                    help="e2e scenarios, comma-separated: full, incremental, noop, seed")
    ap.add_argument("--stages", default=",".join(STAGES),
                    help=f"stages: which in-process stages to run, comma-separated (default {','.join(STAGES)})")
    ap.add_argument("--corpus", type=Path, default=SHARED_CORPUS, help="JSONL texts to take paragraphs from")
    ap.add_argument("--per-file", type=int, default=1000, help="articles per JSONL file (default 1000)")
    ap.add_argument("--new-files", type=int, default=2,
                    help="e2e incremental: new input files (shards) holding the 1%% new articles (default 2)")
    ap.add_argument("--workdir", type=Path, help="work folder (default: a temporary folder)")
    ap.add_argument("--out", type=Path, help="corpus: the folder to write")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds before a runner is killed")
    ap.add_argument("--json", type=Path, help="write every figure here")
    ap.add_argument("--markdown", action="store_true", help="print the README tables at the end")
    a = ap.parse_args(argv)
    pool = paragraph_pool(a.corpus)
    if a.command == "corpus":
        if not a.out:
            ap.error("corpus needs --out")
        mb = write_corpus(a.out, 0, a.articles[0], pool, per_file=a.per_file)
        print(f"{a.articles[0]} articles, {mb:.1f} MB of text in {a.out}")
        return 0
    workdir = a.workdir or Path(tempfile.mkdtemp(prefix="news-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"news-etl benchmark {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC on {machine()}")
    print(f"paragraph pool: {len(pool)} paragraphs; work folder {workdir}", flush=True)
    stages, runs = None, []
    try:
        if a.command == "stages":
            only = tuple(x.strip() for x in a.stages.split(",") if x.strip())
            unknown = set(only) - set(STAGES)
            if unknown:
                ap.error(f"unknown stages: {', '.join(sorted(unknown))}")
            stages = run_stages(a.articles[0], workdir, pool, a.per_file, only)
        else:
            scenarios = [s.strip() for s in a.scenarios.split(",") if s.strip()]
            runs = run_e2e(a.articles, scenarios, workdir, pool, a.per_file, a.timeout, a.new_files)
    finally:
        if not a.keep and not a.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    report = {"date": f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC", "machine": machine(),
              "load_average": load_average(), "stages": stages, "runs": [asdict(r) for r in runs]}
    if a.json:
        a.json.write_text(json.dumps(report, indent=1))
    if a.markdown:
        print()
        print(markdown(stages, runs))
    return 0 if all(r.exit_code == 0 for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
