"""Great Expectations (GX Core 1.24.1) validation of stage tables.

Every stage table is validated against the suite ``expectations/<suite_name>.json`` (one per table,
named after it: ``raw_articles``, ``raw_sentences``, ..., ``marts_fct_tariffs``).

How it works (see ``/work/shared/STACK.md``): GX 1.x has no Polars or usable DuckDB datasource, so a
frame is converted to pandas and validated through the pandas datasource of an *ephemeral* context
(one ``dataframe`` asset per suite, a whole-dataframe batch definition and a ``ValidationDefinition``,
whose results go to GX's result store). Data Docs are built from the store by
:func:`build_data_docs`: once for all the validations of a step (the pages of the new results and
the index), not once per validation.

Files written under :func:`dagster_project.config.validation_dir` (``$NEWS_VALIDATION_DIR``)::

    results/<suite_name>/<YYYYmmddTHHMMSS.ffffffZ>.json   GX validation result (to_json_dict())
    results/<suite_name>/latest.json                      copy of the newest one
    data_docs/index.html                                  GX Data Docs (static HTML)
    gx_store/validations/...                              GX's own result store, feeds Data Docs

The GX result store is on disk (not in memory) on purpose: the Data Docs index is rebuilt from the
store on every build and GX *deletes* pages whose result is not in the store, so an in-memory store
would make every process (every Dagster step) wipe the pages of the others. The newest
:data:`KEEP_RESULTS` results per suite are kept in both places; older ones are pruned.

Data Docs build offline; viewed offline they render unstyled (the HTML links CSS/JS on CDNs).

``great_expectations`` is imported lazily (about 3-5 s) on the first validation in a process; the
context, the datasource and each suite's validation definition are cached per validation directory and rebuilt
for a suite when its JSON file changes. Validations in one process are serialised by a lock.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import math
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dagster_project import config

logger = logging.getLogger(__name__)

#: Newest results kept per suite (in ``results/<suite>/`` and in GX's store); older ones are pruned.
KEEP_RESULTS = 100
#: Runs listed on the Data Docs index (newest first, all suites). Each docs build re-reads these
#: results from GX's store, so this bounds the build time (~10 ms per listed run).
DOCS_INDEX_LIMIT = 48
#: At most this many unexpected values are reported per failed expectation.
UNEXPECTED_SAMPLE = 10

_DATASOURCE = "news_etl_pandas"
_BATCH_DEFINITION = "whole_dataframe"
_DOCS_SITE = "local_site"


@dataclass(frozen=True)
class ValidationOutcome:
    """Summary of one validation, small enough for Dagster metadata.

    Attributes:
        success: True when every expectation passed.
        suite_name: the suite (= table) name, e.g. ``"raw_articles"``.
        evaluated: number of expectations evaluated.
        failed: one dict per failed expectation, JSON-serialisable::

            {"expectation_type": "expect_column_values_to_be_in_set",
             "column": "action",            # "column_A,column_B" for pair checks, None for table checks
             "kwargs": {...},               # the expectation's kwargs (no batch_id)
             "notes": "...",                # meta.notes: why the expectation exists
             "observed_value": ...,         # for aggregate/table expectations, else None
             "unexpected_count": 1, "unexpected_percent": 50.0,   # map expectations, else None
             "unexpected_sample": ["bogus"],  # up to UNEXPECTED_SAMPLE values
             "unexpected_index_sample": [1],  # their row positions (pandas index)
             "exception": None}             # message when GX raised while evaluating it

        statistics: GX statistics (``evaluated_expectations``, ``successful_expectations``,
            ``unsuccessful_expectations``, ``success_percent``) plus ``row_count`` and
            ``duration_s`` (wall time of this call, seconds).
        result_path: the timestamped result JSON written, or None if none was written.
    """

    success: bool
    suite_name: str
    evaluated: int
    failed: list[dict[str, Any]] = field(default_factory=list)
    statistics: dict[str, Any] = field(default_factory=dict)
    result_path: Path | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable dict (``result_path`` as a string), e.g. for ``MetadataValue.json``."""
        data = dataclasses.asdict(self)
        data["result_path"] = str(self.result_path) if self.result_path is not None else None
        return data

    @property
    def failed_expectations(self) -> list[str]:
        """``"<expectation_type>(<column>)"`` for each failure, for one-line messages."""
        return [f"{f['expectation_type']}({f['column'] or ''})" for f in self.failed]


# --------------------------------------------------------------------------------------- suites


def list_suites() -> list[str]:
    """Names of the suites in :data:`config.EXPECTATIONS_DIR` (``*.json`` stems), sorted."""
    return sorted(p.stem for p in config.EXPECTATIONS_DIR.glob("*.json"))


def suite_path(suite_name: str) -> Path:
    """Path of the suite file ``expectations/<suite_name>.json`` (may not exist)."""
    if not suite_name or "/" in suite_name or "\\" in suite_name or suite_name.startswith("."):
        raise ValueError(f"invalid suite name: {suite_name!r}")
    return config.EXPECTATIONS_DIR / f"{suite_name}.json"


_suite_json_cache: dict[Path, tuple[tuple[int, int], dict[str, Any]]] = {}


def _file_signature(path: Path) -> tuple[int, int]:
    st = path.stat()
    return (st.st_mtime_ns, st.st_size)


def load_suite_json(suite_name: str) -> dict[str, Any]:
    """Parsed JSON of ``expectations/<suite_name>.json`` (cached until the file changes).

    The suite's ``name`` is forced to ``suite_name`` (the file name is the single source of truth).

    Raises:
        FileNotFoundError: the suite file does not exist (message names the path).
        ValueError: the file is not a JSON object.
    """
    path = suite_path(suite_name)
    try:
        sig = _file_signature(path)
    except FileNotFoundError:
        raise FileNotFoundError(
            f"expectation suite {suite_name!r} not found: {path} (available: {', '.join(list_suites()) or 'none'})"
        ) from None
    cached = _suite_json_cache.get(path)
    if cached is not None and cached[0] == sig:
        return json.loads(json.dumps(cached[1]))  # a copy: GX mutates what it is given
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: an expectation suite must be a JSON object")
    data["name"] = suite_name
    _suite_json_cache[path] = (sig, data)
    return json.loads(json.dumps(data))


# ------------------------------------------------------------------------------ frame conversion


def to_pandas(df: Any):
    """Convert a Polars or pandas frame to a pandas frame GX can validate.

    - Polars: ``to_pandas()`` (Date -> ``datetime64``, tz-aware Datetime -> ``datetime64[.., UTC]``);
      nested columns (List/Array/Struct, e.g. ``parties``) become object columns of Python
      lists/dicts instead of numpy arrays.
    - pandas: returned as is, unless an object column holds ``datetime.date`` values (converted to
      ``datetime64``, as the suites' date bounds are datetimes) or numpy arrays (-> lists); the
      caller's frame is never modified.

    Raises:
        TypeError: ``df`` is neither a Polars nor a pandas DataFrame.
    """
    import pandas as pd

    if isinstance(df, pd.DataFrame):
        return _normalise_pandas(df)
    try:
        import polars as pl
    except ImportError:  # pragma: no cover - polars is a project dependency
        pl = None
    if pl is not None and isinstance(df, pl.LazyFrame):
        df = df.collect()
    if pl is not None and isinstance(df, pl.DataFrame):
        nested = [name for name, dtype in df.schema.items() if dtype.is_nested()]
        if not nested:
            return df.to_pandas()
        flat = df.drop(nested)
        pdf = flat.to_pandas() if flat.width else pd.DataFrame(index=pd.RangeIndex(df.height))
        for name in nested:
            pdf[name] = pd.Series(df[name].to_list(), dtype=object, index=pdf.index)
        return pdf[df.columns]
    raise TypeError(f"validate_frame expects a polars or pandas DataFrame, got {type(df).__name__}")


def _normalise_pandas(pdf):
    import numpy as np
    import pandas as pd

    out = None
    for name in pdf.columns:
        col = pdf[name]
        if col.dtype != object:
            continue
        values = col.dropna()
        if values.empty:
            continue
        if all(isinstance(v, dt.date) and not isinstance(v, dt.datetime) for v in values):
            new = pd.to_datetime(col)
        elif any(isinstance(v, np.ndarray) for v in values):
            new = col.map(lambda v: v.tolist() if isinstance(v, np.ndarray) else v)
        else:
            continue
        if out is None:
            out = pdf.copy(deep=False)
        out[name] = new
    return pdf if out is None else out


# ---------------------------------------------------------------------------------- GX runtime


@dataclass
class _Runtime:
    """One ephemeral GX context per validation directory, with per-suite validation definitions."""

    context: Any
    datasource: Any
    docs_dir: Path
    store_dir: Path
    suites: dict[str, tuple[tuple[int, int], Any, Any]] = field(default_factory=dict)
    # suite name -> (file signature, suite, validation definition)


_LOCK = threading.RLock()
_RUNTIMES: dict[Path, _Runtime] = {}


def _new_runtime(vdir: Path) -> _Runtime:
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    docs_dir = vdir / "data_docs"
    store_dir = vdir / "gx_store" / "validations"
    cfg = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
    )
    cfg.stores[cfg.validation_results_store_name] = {
        "class_name": "ValidationResultsStore",
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(store_dir)},
    }
    cfg.data_docs_sites = {
        _DOCS_SITE: {
            "class_name": "SiteBuilder",
            "show_how_to_buttons": False,
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
            "site_index_builder": {
                "class_name": "DefaultSiteIndexBuilder",
                "validation_results_limit": DOCS_INDEX_LIMIT,
            },
        }
    }
    context = gx.get_context(mode="ephemeral", project_config=cfg)
    datasource = context.data_sources.add_pandas(_DATASOURCE)
    runtime = _Runtime(context=context, datasource=datasource, docs_dir=docs_dir, store_dir=store_dir)
    # Register every suite: the Data Docs index drops the pages of suites missing from the store.
    for name in list_suites():
        try:
            _ensure_suite(runtime, name)
        except Exception as exc:  # a broken suite file must not block the others
            logger.warning("could not load expectation suite %s: %s", name, exc)
    return runtime


def _runtime() -> _Runtime:
    vdir = config.validation_dir()
    runtime = _RUNTIMES.get(vdir)
    if runtime is None:
        runtime = _RUNTIMES[vdir] = _new_runtime(vdir)
    return runtime


def _ensure_suite(runtime: _Runtime, suite_name: str):
    """Return ``(suite, validation_definition)`` for ``suite_name``, (re)registering if the file changed."""
    import great_expectations as gx

    path = suite_path(suite_name)
    data = load_suite_json(suite_name)  # raises FileNotFoundError
    sig = _file_signature(path)
    cached = runtime.suites.get(suite_name)
    if cached is not None and cached[0] == sig:
        return cached[1:]

    ctx = runtime.context
    if cached is not None:  # the file changed: drop the old objects
        for factory in (ctx.validation_definitions, ctx.suites):
            try:
                factory.delete(suite_name)
            except Exception:  # pragma: no cover - best effort
                logger.debug("could not delete %s from %s", suite_name, factory, exc_info=True)

    suite = ctx.suites.add(gx.ExpectationSuite(**data))
    try:
        asset = runtime.datasource.get_asset(suite_name)
    except LookupError:
        asset = runtime.datasource.add_dataframe_asset(name=suite_name)
    try:
        batch_definition = asset.get_batch_definition(_BATCH_DEFINITION)
    except (KeyError, LookupError):
        batch_definition = asset.add_batch_definition_whole_dataframe(_BATCH_DEFINITION)
    vd = ctx.validation_definitions.add(
        gx.ValidationDefinition(name=suite_name, data=batch_definition, suite=suite)
    )
    runtime.suites[suite_name] = (sig, suite, vd)
    return suite, vd


# --------------------------------------------------------------------------------- validation


def validate_frame(
    df: Any,
    suite_name: str,
    *,
    results_dir: Path | None = None,
    build_docs: bool = True,
) -> ValidationOutcome:
    """Validate a Polars or pandas frame against ``expectations/<suite_name>.json``.

    Args:
        df: ``polars.DataFrame`` (or ``LazyFrame``) or ``pandas.DataFrame``; any shape, including 0
            rows. List and tz-aware timestamp columns are supported (see :func:`to_pandas`).
        suite_name: suite file stem = table name, e.g. ``"raw_tariff_mentions"``.
        results_dir: folder for result JSON (default ``<validation_dir()>/results``); the result
            goes to ``<results_dir>/<suite_name>/<UTC timestamp>.json`` plus ``latest.json``.
        build_docs: build this result's Data Docs page and the index into
            ``<validation_dir()>/data_docs/`` now (adds ~0.3-0.5 s); with False the page waits
            for the next :func:`build_data_docs` (one build for a step's validations). A Data
            Docs failure is logged and does not fail the validation.

    Returns:
        :class:`ValidationOutcome`; ``success`` is False when any expectation failed (this function
        does not raise on failed expectations: the caller decides, e.g. a blocking asset check).

    Raises:
        FileNotFoundError: ``expectations/<suite_name>.json`` does not exist (message has the path).
        ValueError: invalid suite name or a suite file that is not a JSON object.
        TypeError: ``df`` is not a Polars or pandas DataFrame.
        OSError: the result files cannot be written.
    """
    started = dt.datetime.now(dt.timezone.utc)
    load_suite_json(suite_name)  # fail fast, before importing GX
    pdf = to_pandas(df)

    with _LOCK:
        runtime = _runtime()
        _suite, vd = _ensure_suite(runtime, suite_name)
        from great_expectations.core.run_identifier import RunIdentifier

        run_id = RunIdentifier(run_time=started)
        # the result goes to GX's store; its Data Docs page is built by build_data_docs(), at once
        # (build_docs) or with the pages of the step's other validations
        result = vd.run(
            batch_parameters={"dataframe": pdf},
            run_id=run_id,
            result_format={"result_format": "SUMMARY", "partial_unexpected_count": UNEXPECTED_SAMPLE},
        )
        _PENDING_DOCS.append((suite_name, run_id, _batch_id(result)))
        _prune_gx_store(runtime.store_dir / suite_name)
    if build_docs:
        build_data_docs()

    result_json = _json_safe(result.to_json_dict())
    base = Path(results_dir) if results_dir is not None else config.validation_dir() / "results"
    result_path = _write_result(base / suite_name, started, result_json)

    statistics = dict(result_json.get("statistics") or {})
    statistics["row_count"] = int(len(pdf))
    statistics["duration_s"] = round((dt.datetime.now(dt.timezone.utc) - started).total_seconds(), 3)
    failed = [_failure(r) for r in result_json.get("results", []) if not r.get("success")]
    return ValidationOutcome(
        success=bool(result_json.get("success")),
        suite_name=suite_name,
        evaluated=int(statistics.get("evaluated_expectations") or 0),
        failed=failed,
        statistics=statistics,
        result_path=result_path,
    )


#: Validations whose Data Docs pages are not built yet: (suite, GX run id, batch id).
_PENDING_DOCS: list[tuple[str, Any, str | None]] = []


def _batch_id(result: Any) -> str | None:
    """The GX batch id a validation result is filed under in the store (from its expectations' kwargs)."""
    for res in result.results:
        batch_id = (res.expectation_config.kwargs or {}).get("batch_id") if res.expectation_config else None
        if batch_id:
            return batch_id
    return None


def build_data_docs() -> int:
    """Build the Data Docs pages of the validations run since the last build (in this process), and
    the index, in one pass (``<validation_dir()>/data_docs/``).

    A step validating several tables calls this once at its end: GX rebuilds the index (reading
    the newest :data:`DOCS_INDEX_LIMIT` results from its store) on every build, which is what
    made one build per validation cost 0.3-0.5 s each. A Data Docs failure is logged, never raised:
    the results are in the store and in ``results/`` either way. Returns the pages built.
    """
    with _LOCK:
        pending = [p for p in _PENDING_DOCS if p[2] is not None]
        _PENDING_DOCS.clear()
        if not pending:
            return 0
        from great_expectations.data_context.types.resource_identifiers import (
            ExpectationSuiteIdentifier,
            ValidationResultIdentifier,
        )

        identifiers: list[Any] = []
        for suite_name, run_id, batch_id in pending:
            suite_id = ExpectationSuiteIdentifier(name=suite_name)
            identifiers += [ValidationResultIdentifier(expectation_suite_identifier=suite_id, run_id=run_id,
                                                       batch_identifier=batch_id), suite_id]
        try:
            _runtime().context.build_data_docs(site_names=[_DOCS_SITE], resource_identifiers=identifiers)
        except Exception as exc:  # the results are stored; only the HTML is missing
            logger.warning("GX Data Docs build failed (%s); results are in the store", exc)
            return 0
        return len(pending)


# ------------------------------------------------------------------- marts: what a run wrote


#: Expectations that need every row of a table: a mart validated on its new rows only (see
#: :func:`validate_new_rows`) has them evaluated over the whole table by SQL aggregates in DuckDB.
#: Every other expectation of the marts' suites holds row by row (or on the columns), so rows
#: validated when they were written stay valid: incremental builds never rewrite old rows.
WHOLE_TABLE_EXPECTATIONS = ("expect_column_values_to_be_unique",)


def whole_table_failures(con: Any, schema: str, table: str, suite_name: str) -> tuple[int, list[dict[str, Any]]]:
    """Evaluate the suite's :data:`WHOLE_TABLE_EXPECTATIONS` on every row of ``schema.table`` in DuckDB.

    ``expect_column_values_to_be_unique``: ``count(col) - count(distinct col)`` must be 0 (NULLs
    are skipped, as GX does). One aggregate query per table, whatever its size.

    Returns:
        (expectations evaluated, failures shaped as :attr:`ValidationOutcome.failed`, with
        ``observed_value`` the duplicate count and ``unexpected_sample`` up to
        :data:`UNEXPECTED_SAMPLE` duplicated values).

    Raises:
        duckdb.Error: the table or a column does not exist.
    """
    rules = [e for e in load_suite_json(suite_name).get("expectations", []) if e.get("type") in WHOLE_TABLE_EXPECTATIONS]
    failed = []
    for rule in rules:
        column = rule["kwargs"]["column"]
        quoted = '"' + column.replace('"', '""') + '"'
        relation = f'"{schema}"."{table}"'
        total, duplicates = con.execute(
            f"select count({quoted}), count({quoted}) - count(distinct {quoted}) from {relation}").fetchone()
        if duplicates:
            sample = [v for (v,) in con.execute(
                f"select {quoted} from {relation} where {quoted} is not null group by 1 having count(*) > 1 "
                f"order by 1 limit {UNEXPECTED_SAMPLE}").fetchall()]
            failed.append({
                "expectation_type": rule["type"], "severity": rule.get("severity") or "critical", "column": column,
                "kwargs": rule["kwargs"], "notes": (rule.get("meta") or {}).get("notes"),
                "observed_value": int(duplicates), "unexpected_count": int(duplicates),
                "unexpected_percent": round(100.0 * duplicates / total, 3) if total else None,
                "unexpected_sample": _json_safe(sample), "unexpected_index_sample": [],
                "details": {"evaluated_on": f"every row of {schema}.{table} (SQL aggregate in DuckDB)"},
                "exception": None,
            })
    return len(rules), failed


#: Loads of the incremental marts whose rows passed their suite (no failed critical expectation):
#: ``table_name`` (``schema.table``), ``suite_sha256`` (of the suite file), ``load_id``. In schema
#: ``main`` of the warehouse, which is not published to the analytics copy.
VALIDATED_LOADS = "main.validated_loads"


def suite_sha256(suite_name: str) -> str:
    """SHA-256 hex of the suite file ``expectations/<suite_name>.json``.

    Raises:
        FileNotFoundError: the suite file does not exist.
    """
    return hashlib.sha256(suite_path(suite_name).read_bytes()).hexdigest()


def validate_new_rows(con: Any, schema: str, table: str, suite_name: str, *, load_id: str,
                      build_docs: bool = True) -> ValidationOutcome:
    """Validate what one build wrote to an incremental mart: GX on its new rows, SQL on all rows.

    The rows that go through the whole suite with GX (:func:`validate_frame`; so a run's cost
    follows its input, not the table's size) are those whose ``load_id`` column is ``load_id``
    (those the build wrote: new and changed articles) and those of every load not recorded in
    :data:`VALIDATED_LOADS` as passed under this very suite file: rows a build wrote in a run whose
    check then failed (they stay in the table, so the next run validates them again instead of
    publishing them unchecked) and, after an edit of the suite, every row. The suite's
    :data:`WHOLE_TABLE_EXPECTATIONS` are also evaluated over every row of the table by
    :func:`whole_table_failures`; either failing fails the outcome. When no critical expectation
    failed, the loads validated are recorded in :data:`VALIDATED_LOADS` (a write to ``con``).
    ``statistics`` gains ``table_row_count`` and ``validated`` (what was validated how).
    ``build_docs`` as in :func:`validate_frame`.

    Raises:
        as :func:`validate_frame` and :func:`whole_table_failures`.
    """
    name, suite_hash = f"{schema}.{table}", suite_sha256(suite_name)
    con.execute(f"create table if not exists {VALIDATED_LOADS} (table_name varchar, suite_sha256 varchar, "
                "load_id varchar, primary key (table_name, suite_sha256, load_id))")
    frame = con.execute(
        f'select * from "{schema}"."{table}" where load_id = ? or load_id not in '
        f"(select load_id from {VALIDATED_LOADS} where table_name = ? and suite_sha256 = ?)",
        [load_id, name, suite_hash]).pl()
    outcome = validate_frame(frame, suite_name, build_docs=build_docs)
    evaluated, failed = whole_table_failures(con, schema, table, suite_name)
    rows = con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0]
    loads = sorted({load_id, *frame.get_column("load_id").drop_nulls().unique().to_list()})
    if not any(f.get("severity") == "critical" for f in [*outcome.failed, *failed]):
        con.executemany(f"insert or ignore into {VALIDATED_LOADS} values (?, ?, ?)",
                        [[name, suite_hash, load] for load in loads])
    statistics = {**outcome.statistics, "table_row_count": int(rows),
                  "validated": f"GX suite on the {frame.height} rows of load(s) {', '.join(loads)} "
                               f"(this build's and any not yet passed under this suite); "
                               f"{evaluated} whole-table expectation(s) by SQL on all {rows} rows"}
    return dataclasses.replace(outcome, success=outcome.success and not failed, evaluated=outcome.evaluated + evaluated,
                               failed=[*outcome.failed, *failed], statistics=statistics)


def _failure(res: dict[str, Any]) -> dict[str, Any]:
    cfg = res.get("expectation_config") or {}
    kwargs = {k: v for k, v in (cfg.get("kwargs") or {}).items() if k != "batch_id"}
    if "column" in kwargs:
        column = kwargs["column"]
    elif "column_A" in kwargs:
        column = f"{kwargs['column_A']},{kwargs['column_B']}"
    elif "column_list" in kwargs:
        column = ",".join(kwargs["column_list"])
    else:
        column = None
    result = res.get("result") or {}
    return {
        "expectation_type": cfg.get("type"),
        "severity": cfg.get("severity") or "critical",
        "column": column,
        "kwargs": kwargs,
        "notes": (cfg.get("meta") or {}).get("notes"),
        "observed_value": result.get("observed_value"),
        "unexpected_count": result.get("unexpected_count"),
        "unexpected_percent": result.get("unexpected_percent"),
        "unexpected_sample": list(result.get("partial_unexpected_list") or [])[:UNEXPECTED_SAMPLE],
        "unexpected_index_sample": list(result.get("partial_unexpected_index_list") or [])[:UNEXPECTED_SAMPLE],
        "details": result.get("details"),
        "exception": _exception_message(res.get("exception_info")),
    }


def _exception_message(info: Any) -> str | None:
    """GX gives either ``{"raised_exception": bool, "exception_message": ...}`` or a dict of those per metric."""
    if not isinstance(info, dict):
        return None
    if "raised_exception" in info:
        return info.get("exception_message") if info.get("raised_exception") else None
    messages = [
        v.get("exception_message")
        for v in info.values()
        if isinstance(v, dict) and v.get("raised_exception")
    ]
    return "; ".join(m for m in messages if m) or None


def _json_safe(value: Any) -> Any:
    """Recursively make ``value`` strict-JSON-safe (NaN/inf -> None, unknown objects -> str)."""
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_json_safe(v) for v in value]
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if value is None or isinstance(value, (str, int, bool)):
        return value
    try:  # numpy scalars and the like
        item = value.item()
        if isinstance(item, (str, int, bool, float)) or item is None:
            return _json_safe(item)
    except (AttributeError, ValueError, TypeError):
        pass
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def _write_result(folder: Path, started: dt.datetime, data: dict[str, Any]) -> Path:
    """Write ``<folder>/<timestamp>.json`` (never overwriting) and replace ``latest.json`` atomically."""
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, indent=2, allow_nan=False) + "\n"
    stamp = started.strftime("%Y%m%dT%H%M%S.%fZ")
    for n in range(1000):
        path = folder / (f"{stamp}.json" if n == 0 else f"{stamp}-{n}.json")
        try:
            with path.open("x", encoding="utf-8") as fh:
                fh.write(text)
            break
        except FileExistsError:
            continue
    else:  # pragma: no cover
        raise FileExistsError(f"could not find a free result file name in {folder}")
    fd, tmp = tempfile.mkstemp(prefix=".latest-", suffix=".json", dir=folder)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, folder / "latest.json")
    _prune_results(folder)
    return path


def _prune_results(folder: Path) -> None:
    stamped = sorted(p for p in folder.glob("*.json") if p.name != "latest.json")
    for old in stamped[:-KEEP_RESULTS]:
        old.unlink(missing_ok=True)


def _prune_gx_store(suite_dir: Path) -> None:
    """Keep the newest KEEP_RESULTS runs in GX's store (``<suite>/<run_name>/<run_time>/``).

    Data Docs pages of pruned runs disappear at the next docs build (GX cleans pages without a result).
    """
    if not suite_dir.is_dir():
        return
    runs = sorted(
        (run for run_name in suite_dir.iterdir() if run_name.is_dir() for run in run_name.iterdir() if run.is_dir()),
        key=lambda p: p.name,
    )
    for old in runs[:-KEEP_RESULTS]:
        shutil.rmtree(old, ignore_errors=True)


def data_docs_index() -> Path:
    """Path of the Data Docs index page (``<validation_dir()>/data_docs/index.html``; may not exist yet)."""
    return config.validation_dir() / "data_docs" / "index.html"


__all__ = [
    "DOCS_INDEX_LIMIT",
    "KEEP_RESULTS",
    "ValidationOutcome",
    "data_docs_index",
    "list_suites",
    "load_suite_json",
    "suite_path",
    "to_pandas",
    "build_data_docs",
    "validate_frame",
    "validate_new_rows",
    "whole_table_failures",
]
