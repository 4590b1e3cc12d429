"""Run the main job quietly, with progress: ``python -m dagster_project.run [--verbose]``.

What ``scripts/run.sh`` calls. The job runs in this process against the Dagster instance of
``$DAGSTER_HOME`` (so the run shows in the UI, as one from ``dagster job execute`` does), and this
module listens to its events:

- one line per step (an asset, a dbt build or a GX check) with its counts and time, then the
  marts' row counts;
- on a terminal (and not ``CI=true``), a progress bar under those lines;
- the full Dagster and dbt logs (every event, dbt's per-node lines, warnings) go to a log file,
  ``logs/run-<UTC time>.log`` (``$NEWS_LOG_DIR``), whose path is printed first;
- ``--verbose`` or ``NEWS_VERBOSE=1`` shows those logs on the terminal too (and still writes the file).

Exit code 0 when the run succeeded, 1 when it failed (the failing step and the log's path are printed).
``dagster job execute -m dagster_project -j news_etl_main`` still works and prints everything.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import threading
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from dagster_project import config

JOB_NAME = "news_etl_main"
#: Log files kept in the log folder (older ones are deleted).
KEEP_LOGS = 20
_BAR_WIDTH = 24


def log_dir() -> Path:
    """Folder of the run logs: ``$NEWS_LOG_DIR`` or ``<repo>/logs``."""
    value = os.environ.get("NEWS_LOG_DIR")
    return Path(value).expanduser().resolve() if value else config.REPO_ROOT / "logs"


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


# ------------------------------------------------------------------------------------ progress


@dataclass
class _Step:
    key: str
    started: float | None = None
    materialized: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (asset, metadata)
    checks: list[tuple[str, bool, str, dict[str, Any]]] = field(default_factory=list)  # (name, passed, severity, md)


def _value(metadata: dict[str, Any], key: str) -> Any:
    entry = metadata.get(key)
    return getattr(entry, "value", entry)


def _rows(metadata: dict[str, Any]) -> str:
    rows, new = _value(metadata, "dagster/row_count"), _value(metadata, "rows_new")
    if rows is None:
        return ""
    return _n(rows, "row") + (f" ({new} new)" if new else "")  # "(0 new)" is noise on a re-run


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


class Progress:
    """Turns the run's events into one line per finished step, and a progress bar on a terminal.

    ``out`` is where the lines go (the terminal, even when stdout/stderr go to the log file);
    ``total`` the number of steps of the job.
    """

    def __init__(self, out: IO[str], total: int, *, bar: bool):
        self.out, self.total, self.bar = out, total, bar
        self.steps: dict[str, _Step] = {}
        self.done = 0
        self.failed: list[tuple[str, str]] = []  # (step, message)
        self.warnings: list[str] = []
        self.started = time.perf_counter()
        self._lock = threading.Lock()
        self._running: str | None = None
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None
        if bar:
            self._ticker = threading.Thread(target=self._tick, daemon=True)
            self._ticker.start()

    # -- events

    def __call__(self, entry) -> None:
        """Event listener (``DagsterInstance.add_event_listener``)."""
        event = entry.dagster_event
        if event is None:
            return
        try:
            self._handle(event, entry)
        except Exception as exc:  # progress must never break the run
            self._print(f"(progress: {exc!r})")

    def _handle(self, event, entry) -> None:
        kind = event.event_type_value
        step = self.steps.setdefault(event.step_key, _Step(event.step_key)) if event.step_key else None
        if kind == "STEP_START":
            step.started = time.perf_counter()
            self._running = _label(step.key)
            self._draw()
        elif kind == "ASSET_MATERIALIZATION":
            mat = event.event_specific_data.materialization
            step.materialized.append((mat.asset_key.to_user_string(), dict(mat.metadata)))
        elif kind == "ASSET_CHECK_EVALUATION":
            ev = event.event_specific_data
            step.checks.append((ev.check_name, ev.passed, ev.severity.value, dict(ev.metadata)))
        elif kind == "STEP_SUCCESS":
            self._finish(step, "ok", event.event_specific_data.duration_ms / 1000)
        elif kind == "STEP_FAILURE":
            error = event.event_specific_data.error
            message = (error.message.strip().splitlines() or [""])[0] if error else entry.user_message
            self.failed.append((step.key, message))
            self._finish(step, "FAILED", time.perf_counter() - (step.started or self.started))
        elif kind == "STEP_SKIPPED":
            self._finish(step, "skipped", 0.0)

    def _finish(self, step: _Step, status: str, seconds: float) -> None:
        self.done += 1
        detail = _detail(step)
        if status == "ok" and any(not passed for _, passed, _, _ in step.checks):
            status = "WARN"
            self.warnings.append(step.key)
        self._running = None
        self._print(f"{self.done:>3}/{self.total} {status:<7} {_label(step.key):<32} {detail:<40} {seconds:6.1f}s")

    # -- terminal

    def _print(self, line: str) -> None:
        with self._lock:
            if self.bar:
                self.out.write("\r\033[K")
            self.out.write(line + "\n")
            self._draw_locked()
            self.out.flush()

    def _draw(self) -> None:
        with self._lock:
            self._draw_locked()
            self.out.flush()

    def _draw_locked(self) -> None:
        if not self.bar:
            return
        filled = int(_BAR_WIDTH * self.done / max(self.total, 1))
        elapsed = time.perf_counter() - self.started
        running = f" {self._running}" if self._running else ""
        self.out.write(f"\r\033[K[{'#' * filled}{'.' * (_BAR_WIDTH - filled)}] {self.done}/{self.total}"
                       f" {elapsed:5.0f}s{running}")

    def _tick(self) -> None:
        while not self._stop.wait(0.5):
            self._draw()

    def close(self) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
        if self.bar:
            with self._lock:
                self.out.write("\r\033[K")
                self.out.flush()


def _label(step_key: str) -> str:
    """A step key as people read it: ``raw__sentences`` -> ``raw/sentences``; checks by their name."""
    if step_key == "gx_marts_checks":
        return "check gx_marts_* (one per mart)"
    if "_gx_" in step_key:
        return "check " + step_key[step_key.index("_gx_") + 1:]
    if step_key.endswith("_records_accounted"):
        return "check records_accounted"
    return {"raw_stages": "raw stages (batches -> lake)", "dbt_seeds": "dbt seeds (reference/*)",
            "dbt_models": "dbt models (staging..marts)"}.get(step_key, step_key.replace("__", "/"))


def _detail(step: _Step) -> str:
    """Counts of a finished step: rows of its tables, or dbt's nodes and tests, or the GX outcome."""
    if step.key.startswith("dbt_"):
        tests = step.checks
        failed = [name for name, passed, severity, _ in tests if not passed and severity == "ERROR"]
        warned = [name for name, passed, severity, _ in tests if not passed and severity != "ERROR"]
        kind = "seed" if step.key == "dbt_seeds" else "model"
        if step.materialized and not tests and all(_value(md, "rebuilt") is False for _, md in step.materialized):
            return f"{_n(len(step.materialized), kind)} unchanged since their last build: not rebuilt"
        parts = [_n(len(step.materialized), kind), f"{len(tests) - len(failed) - len(warned)}/{len(tests)} tests passed"]
        if warned:
            parts.append(f"{len(warned)} warn")
        if failed:
            parts.append(f"{len(failed)} failed")
        return ", ".join(parts)
    if step.key == "raw_stages":
        return _raw_detail(step)
    if len(step.checks) > 1:  # several GX checks in one step (the marts'): their rows and expectations added up
        rows = sum(_value(md, "rows") or 0 for *_, md in step.checks)
        evaluated = sum(_value(md, "expectations_evaluated") or 0 for *_, md in step.checks)
        failed = [f"{name} {_value(md, 'expectations_failed')} failed ({severity})"
                  for name, passed, severity, md in step.checks if not passed]
        outcome = "passed" if not failed else "; ".join(failed)
        return f"{_n(len(step.checks), 'table')}, {_n(rows, 'row')}, {evaluated} expectations {outcome}"
    if step.checks:
        _, passed, severity, md = step.checks[0]
        if _value(md, "records_seen") is not None:
            return (f"{_value(md, 'records_seen')} records = {_value(md, 'articles_loaded')} articles + "
                    f"{_value(md, 'duplicates')} duplicates + {_value(md, 'quarantined')} quarantined")
        evaluated, failed = _value(md, "expectations_evaluated"), _value(md, "expectations_failed")
        outcome = "passed" if passed else f"{failed} failed ({severity})"
        return f"{_n(_value(md, 'rows'), 'row')}, {evaluated} expectations {outcome}"
    if len(step.materialized) == 1:
        asset, md = step.materialized[0]
        tables = _value(md, "tables")
        return f"{tables} tables published" if tables is not None else _rows(md)
    return ", ".join(f"{asset.split('/')[-1]} {_rows(md)}" for asset, md in step.materialized)


def _raw_detail(step: _Step) -> str:
    """The raw step: batches extracted of all, articles and sentences (new), GX checks passed."""
    tables = {asset.split("/")[-1]: md for asset, md in step.materialized}
    articles = tables.get("articles", {})
    batches = _value(articles, "batches") or 0
    parts = [f"{_value(articles, 'batches_extracted') or 0}/{batches} {'batch' if batches == 1 else 'batches'} extracted"]
    for table, noun in (("articles", "article"), ("sentences", "sentence")):
        if table in tables:
            rows, new = _value(tables[table], "dagster/row_count"), _value(tables[table], "rows_new")
            parts.append(_n(rows or 0, noun) + (f" ({new} new)" if new else ""))
    failed = [name for name, passed, _, _ in step.checks if not passed]
    parts.append(f"gx {len(step.checks) - len(failed)}/{len(step.checks)} passed")
    return ", ".join(parts)


# --------------------------------------------------------------------------------------- logs


@contextmanager
def _output_to_log(log_path: Path, *, verbose: bool):
    """Send this process's stdout and stderr (fds 1 and 2: Dagster, dbt's subprocess, warnings) to
    ``log_path``, and also to the terminal when ``verbose``. Yields a text stream on the terminal."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    sys.stdout.flush()
    sys.stderr.flush()
    saved_out, saved_err = os.dup(1), os.dup(2)
    terminal = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8", errors="replace")
    log = open(log_path, "ab", buffering=0)  # noqa: SIM115 - closed below
    copier = None
    if verbose:  # tee: a pipe whose reader writes to the log and the terminal
        read_fd, write_fd = os.pipe()
        target = write_fd

        def copy() -> None:
            while chunk := os.read(read_fd, 65536):
                log.write(chunk)
                os.write(saved_err, chunk)
            os.close(read_fd)

        copier = threading.Thread(target=copy, daemon=True)
        copier.start()
    else:
        target = log.fileno()
    os.dup2(target, 1)
    os.dup2(target, 2)
    try:
        yield terminal
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(saved_out, 1)
        os.dup2(saved_err, 2)
        if copier is not None:
            os.close(target)
            copier.join(timeout=5)
        os.close(saved_out)
        os.close(saved_err)
        log.close()


def _prune_logs(folder: Path) -> None:
    for old in sorted(folder.glob("run-*.log"))[:-KEEP_LOGS]:
        old.unlink(missing_ok=True)


# ------------------------------------------------------------------------------------ the run


def _instance():
    import dagster as dg

    return dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()


def execute(progress_factory: Callable[[int], Progress], instance):
    """Execute the main job in process on ``instance``, feeding every event to the ``Progress``
    made for its step count. Returns the ``ExecuteInProcessResult`` and the progress."""
    from dagster_project.definitions import defs

    job = defs.resolve_job_def(JOB_NAME)
    progress = progress_factory(len(job.graph.nodes))
    run_id = str(uuid.uuid4())
    instance.add_event_listener(run_id, progress)
    result = job.execute_in_process(instance=instance, run_id=run_id, raise_on_error=False)
    return result, progress


def summary_lines(warehouse: Path | str) -> list[str]:
    """The marts' row counts and where to query them (``warehouse``: a file or an ``md:`` database)."""
    from dagster_project.report import table_counts

    counts = [(t, n) for s, t, n in table_counts(str(warehouse)) if s == "marts"]
    width = max((len(t) for t, _ in counts), default=10)
    lines = ["marts:"] + [f"  marts.{t:<{width}} {n:>7} {'row' if n == 1 else 'rows'}" for t, n in counts]
    analytics = config.analytics_path_for(warehouse)
    lines.append(f"query: {analytics} (read-only copy for analysts)" if analytics else f"query: {warehouse}")
    lines.append(f"validation: {config.validation_dir() / 'data_docs' / 'index.html'}")
    return lines


def _unchanged(warehouse: Path | str) -> str | None:
    """Why a run would change nothing (the ledger: no file read, see ``lake.nothing_to_do``), or None.

    ``warehouse`` is :func:`config.warehouse_target` (a string); a MotherDuck database has no local
    lake or analytics copy to compare, so it always runs.
    """
    from dagster_project import lake

    if config.is_motherduck(str(warehouse)):
        return None
    warehouse = Path(warehouse)
    try:
        if not (warehouse.exists() and config.analytics_path_for(warehouse).exists()):
            return None
        lake_dir = config.lake_path_for(warehouse)
        plan = lake.plan_batches(config.input_dir(), lake_dir)
        if not lake.nothing_to_do(lake_dir, plan):
            return None
        # the warehouse must be the one that published it (not emptied or replaced since, e.g. by a
        # killed run after the warehouse file was deleted)
        import duckdb

        from dagster_project.build_state import PUBLISHED_STEP, stored_fingerprint

        with duckdb.connect(str(warehouse), read_only=True) as con:
            stored = stored_fingerprint(con, PUBLISHED_STEP)
        if stored is None or json.loads(stored) != json.loads((lake_dir / "_published.json").read_text()):
            return None
    except Exception:  # any doubt: run
        return None
    return (f"{plan.files} input files in {len(plan.batches)} batches, as published by the last validated run "
            f"({plan.hashed} files read)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dagster_project.run", description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="also show the full Dagster and dbt logs on the terminal (or NEWS_VERBOSE=1)")
    parser.add_argument("--log-file", type=Path, help="where the full logs go (default logs/run-<time>.log)")
    parser.add_argument("--force", action="store_true",
                        help="run every step even when the input, the code and the warehouse are as last published")
    args = parser.parse_args(argv)
    verbose = args.verbose or _truthy(os.environ.get("NEWS_VERBOSE"))
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    log_path = (args.log_file or log_dir() / f"run-{stamp}.log").resolve()
    warehouse = config.warehouse_target()
    bar = sys.stdout.isatty() and not _truthy(os.environ.get("CI")) and not verbose
    started = time.perf_counter()

    print(f"news-etl: {JOB_NAME} on {config.input_dir()} -> {warehouse}", flush=True)
    if not args.force and (unchanged := _unchanged(warehouse)):
        print(f"nothing new: {unchanged}; no step to run (--force runs them)")
        print(f"done in {time.perf_counter() - started:.0f}s: 0/0 steps")
        for line in summary_lines(warehouse):
            print(line)
        return 0
    print(f"full log: {log_path}" + (" (and below)" if verbose else ""), flush=True)
    with _output_to_log(log_path, verbose=verbose) as terminal:
        if bar:
            terminal.write("loading the Dagster definitions...")
            terminal.flush()
        try:
            with _instance() as instance:
                result, progress = execute(lambda total: Progress(terminal, total, bar=bar), instance)
        except BaseException as exc:
            terminal.write(f"the run could not start: {exc!r}; see {log_path}\n")
            import traceback

            traceback.print_exc()
            return 1
        finally:
            terminal.flush()
        progress.close()
    _prune_logs(log_path.parent)
    elapsed = time.perf_counter() - started
    if not result.success:
        print(f"FAILED after {elapsed:.0f}s: " + "; ".join(f"{step}: {msg}" for step, msg in progress.failed))
        print(f"steps done {progress.done}/{progress.total}; full log: {log_path}")
        return 1
    warned = f", {len(progress.warnings)} with warnings" if progress.warnings else ""
    print(f"done in {elapsed:.0f}s: {progress.done}/{progress.total} steps{warned}")
    for line in summary_lines(warehouse):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
