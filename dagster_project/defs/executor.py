"""The project's executor: in-process, after giving back what dead runs held in the pools.

Why: steps that open the warehouse share the Dagster pool ``duckdb_warehouse`` (limit 1). A run
killed with ``kill -9`` (or by the OOM killer, or a reboot) never releases its slot, and its
status stays STARTED; every later run then waits forever ("Step still blocked by limit for pool
duckdb_warehouse"). Dagster's own remedy, ``run_monitoring.free_slots_after_run_end_seconds``
(set in ``dagster_home/dagster.yaml``), frees the slots of runs that have *ended*, and only where
the daemon runs (``dagster dev``); a run whose process died unseen has not ended, and
``dagster job execute`` has no daemon at all.

So every run, before its first step and again while one of its steps waits for a slot (every
:data:`RECLAIM_INTERVAL_S`: the holder may be killed while this run waits), looks at the runs that hold or wait for pool slots
(:func:`reclaim_dead_runs`): a run that has ended, or whose worker process (the pid its
in-process executor recorded in its "Executing steps in process (pid: N)" event) is gone, is
marked failed if it was still "running", and its slots are freed. A live run is never touched:
its pid exists and started before that run did. This needs the runs of the instance to execute on
this machine, which is the case for the project's local instance (``DAGSTER_HOME=dagster_home``).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
from dagster._core.events import DagsterEvent, DagsterEventType, EngineEventData
from dagster._core.execution.api import ExecuteRunWithPlanIterable
from dagster._core.execution.context_creation_job import PlanExecutionContextManager
from dagster._core.execution.plan.execute_plan import inner_plan_execution_iterator
from dagster._core.execution.plan.instance_concurrency_context import InstanceConcurrencyContext
from dagster._core.executor.in_process import InProcessExecutor
from dagster._core.storage.dagster_run import FINISHED_STATUSES, DagsterRunStatus
from dagster._utils.timing import time_execution_scope
from dagster_shared.utils.timing import format_duration


def _process_start(pid: int) -> float | None:
    """Start time (epoch seconds) of process ``pid`` from /proc, or None when unknown (not Linux)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        ticks = int(stat.rsplit(")", 1)[1].split()[19])
        boot = next(float(line.split()[1]) for line in Path("/proc/stat").read_text().splitlines()
                    if line.startswith("btime "))
        return boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return None


def process_alive(pid: int, started_before: float | None = None) -> bool:
    """True when ``pid`` is a live process (not a zombie) that started before ``started_before``
    (epoch seconds; a pid reused by a newer process is not the run's worker)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        if state in ("Z", "X"):
            return False
    except (OSError, IndexError):
        pass
    if started_before is not None:
        began = _process_start(pid)
        if began is not None and began > started_before + 2:
            return False
    return True


def _worker_pid(instance: dg.DagsterInstance, run_id: str) -> int | None:
    """The pid of the process that executed the run's steps (its last in-process engine event)."""
    records = instance.get_records_for_run(run_id, of_type=DagsterEventType.ENGINE_EVENT, ascending=False, limit=200)
    for record in records.records:
        data = record.event_log_entry.dagster_event.engine_event_data if record.event_log_entry.dagster_event else None
        pid = data.metadata.get("pid") if data and data.metadata else None
        if pid is not None:
            try:
                return int(pid.value)
            except (TypeError, ValueError):
                continue
    return None


def _slot_holders(instance: dg.DagsterInstance) -> set[str]:
    storage = instance.event_log_storage
    holders = set(storage.get_concurrency_run_ids())
    for key in storage.get_concurrency_keys():
        holders.update(slot.run_id for slot in storage.get_concurrency_info(key).claimed_slots)
    return holders


def reclaim_dead_runs(instance: dg.DagsterInstance, current_run_id: str | None = None) -> list[str]:
    """Free the pool slots held by runs that are over or whose worker process is gone; mark the
    latter failed. Returns one line per run freed (for the run's log)."""
    storage = instance.event_log_storage
    if not storage.supports_global_concurrency_limits:
        return []
    freed = []
    for run_id in sorted(_slot_holders(instance) - {current_run_id}):
        record = instance.get_run_record_by_id(run_id)
        if record is None:
            storage.free_concurrency_slots_for_run(run_id)
            freed.append(f"run {run_id}: deleted; its pool slots freed")
            continue
        run = record.dagster_run
        if run.status in FINISHED_STATUSES:
            storage.free_concurrency_slots_for_run(run_id)
            freed.append(f"run {run_id}: {run.status.value}; its pool slots freed")
            continue
        if run.status not in (DagsterRunStatus.STARTED, DagsterRunStatus.STARTING, DagsterRunStatus.CANCELING):
            continue
        pid = _worker_pid(instance, run_id)
        started = record.start_time or record.create_timestamp.timestamp()
        if pid is None or process_alive(pid, started_before=started):
            continue
        instance.report_run_failed(run, f"The run's worker process (pid {pid}) is gone (killed or crashed); "
                                        "its pool slots were freed by a later run.")
        storage.free_concurrency_slots_for_run(run_id)
        freed.append(f"run {run_id}: worker process {pid} gone; marked failed, its pool slots freed")
    return freed


#: While a step waits for a pool slot, the holders are looked at again at most this often (seconds).
RECLAIM_INTERVAL_S = 5.0


class ReclaimingConcurrencyContext(InstanceConcurrencyContext):
    """Dagster's per-run pool-slot claims, which also free the slots of dead runs while waiting.

    A run that starts while another one holds the pool waits in :meth:`claim`; if the holder is
    then killed outright, its slot would never come back (the check at the run's start saw it
    alive). So a claim that is refused calls :func:`reclaim_dead_runs` (at most every
    :data:`RECLAIM_INTERVAL_S`), and when that freed a slot, the claim is tried again at once.
    """

    def __init__(self, instance: dg.DagsterInstance, dagster_run, log) -> None:
        super().__init__(instance, dagster_run)
        self._log = log
        self._last_reclaim = time.monotonic()  # the run's start has just reclaimed

    def claim(self, concurrency_key: str, step_key: str, step_priority: int = 0) -> bool:
        if super().claim(concurrency_key, step_key, step_priority):
            return True
        if time.monotonic() - self._last_reclaim < RECLAIM_INTERVAL_S:
            return False
        self._last_reclaim = time.monotonic()
        freed = reclaim_dead_runs(self._instance, self._run_id)
        if not freed:
            return False
        self._log.warning(f"Freed pool slots of dead runs while step {step_key} waited: " + "; ".join(freed))
        self._pending_timeouts.pop(step_key, None)  # try again now, not after the back-off
        return super().claim(concurrency_key, step_key, step_priority)


def _reclaiming_iterator(job_context, execution_plan) -> Iterator[dg.DagsterEvent]:
    """Dagster's in-process plan iterator, with :class:`ReclaimingConcurrencyContext`."""
    with ReclaimingConcurrencyContext(job_context.instance, job_context.dagster_run, job_context.log) as claims:
        yield from inner_plan_execution_iterator(job_context, execution_plan, claims)


class ReclaimingInProcessExecutor(InProcessExecutor):
    """:class:`InProcessExecutor` that calls :func:`reclaim_dead_runs` first, and again while a step
    waits for a pool slot (:class:`ReclaimingConcurrencyContext`)."""

    def execute(self, plan_context, execution_plan) -> Iterator[dg.DagsterEvent]:
        freed = reclaim_dead_runs(plan_context.instance, plan_context.dagster_run.run_id)
        if freed:
            plan_context.log.warning("Freed pool slots of dead runs: " + "; ".join(freed))
        # InProcessExecutor.execute (dagster 1.13) with the plan iterator above
        step_keys = execution_plan.step_keys_to_execute
        yield DagsterEvent.engine_event(plan_context, f"Executing steps in process (pid: {os.getpid()})",
                                        event_specific_data=EngineEventData.in_process(os.getpid(), step_keys))
        with time_execution_scope() as timer:
            yield from iter(ExecuteRunWithPlanIterable(
                execution_plan=plan_context.execution_plan,
                iterator=_reclaiming_iterator,
                execution_context_manager=PlanExecutionContextManager(
                    job=plan_context.job, retry_mode=plan_context.retry_mode,
                    execution_plan=plan_context.execution_plan, run_config=plan_context.run_config,
                    dagster_run=plan_context.dagster_run, instance=plan_context.instance,
                    raise_on_error=plan_context.raise_on_error, output_capture=plan_context.output_capture,
                    step_dependency_config=self.step_dependency_config,
                ),
            ))
        yield DagsterEvent.engine_event(
            plan_context, f"Finished steps in process (pid: {os.getpid()}) in {format_duration(timer.millis)}",
            event_specific_data=EngineEventData.in_process(os.getpid(), step_keys))


@dg.executor(name="in_process_reclaiming", config_schema=dg.in_process_executor.config_schema)
def warehouse_executor(init_context: dg.InitExecutorContext) -> ReclaimingInProcessExecutor:
    """The in-process executor (steps one after another in the run's process, as DuckDB wants one
    writer) that gives back the pool slots of dead runs before the first step."""
    base = dg.in_process_executor.executor_creation_fn(init_context)
    return ReclaimingInProcessExecutor(retries=base.retries, step_dependency_config=base.step_dependency_config,
                                       marker_to_close=base.marker_to_close)
