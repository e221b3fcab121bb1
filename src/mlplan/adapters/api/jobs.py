"""In-process jobs for LLM drafting: an asyncio task per job, state and events in the store.

The store is the source of truth, so a job survives the process: on start-up
`store.recover_jobs()` puts jobs a crash or restart left `running` back in the queue (or
fails them with a reason after too many attempts), and this runner starts them again. A job
is never left `running` with nobody working on it. Events (`drafted`, `repairing`,
`fallback`, then `done` or `failed`) are written as they happen; /v1/jobs/{id}/events
streams them from the store, so any replica can serve the stream.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mlplan.adapters.api.inputs import make_plan_async
from mlplan.adapters.api.uploads import discard, sweep
from mlplan.errors import DataFileError, MlplanError
from mlplan.revision import plan_changes
from mlplan.service import DataRequest
from mlplan.store.api import JobKind, JobRecord, PlanRecord

if TYPE_CHECKING:
    from mlplan.adapters.api.metrics import Metrics
    from mlplan.config import Settings
    from mlplan.service import PlanService
    from mlplan.store.api import Store

log = logging.getLogger("mlplan.api.jobs")

STREAMED_EVENTS = frozenset({"profiling", "measuring", "drafted", "repairing", "fallback"})
"""Drafter steps worth a client's attention; `drafting` (every start) is noise."""
TERMINAL_EVENTS = frozenset({"done", "failed"})


class JobRunner:
    def __init__(
        self, *, service: PlanService, store: Store, settings: Settings, metrics: Metrics
    ) -> None:
        self.service = service
        self.store = store
        self.settings = settings
        self.metrics = metrics
        self._loop: asyncio.AbstractEventLoop | None = None
        self._tasks: dict[str, asyncio.Task[None]] = {}

    # -- lifecycle ----------------------------------------------------------------------------
    async def start(self) -> list[JobRecord]:
        """Bind to the running loop and restart what a previous process left unfinished."""
        self._loop = asyncio.get_running_loop()
        swept = await asyncio.to_thread(sweep, self.settings.data_dir)
        if swept:
            log.info("removed %d data uploads left by a stopped process", swept)
        recovered = await asyncio.to_thread(
            self.store.recover_jobs, max_attempts=self.settings.api_job_max_attempts
        )
        for job in recovered:
            log.info("job %s recovered after a restart (attempt %d)", job.job_id, job.attempts)
            self.metrics.job_moved(job.kind, None, "queued")
            self._spawn(job.job_id)
        return recovered

    async def stop(self) -> None:
        """Cancel running tasks; their jobs stay `running` in the store for the next start."""
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._tasks.clear()

    async def drain(self) -> None:
        """Wait for every job started so far (tests)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks.values()), return_exceptions=True)

    # -- submission ---------------------------------------------------------------------------
    def submit(self, kind: JobKind, request: dict[str, Any], *, owner: str | None) -> JobRecord:
        """Create the job (durably) and start it; callable from a worker thread."""
        if self._loop is None:
            raise RuntimeError("the job runner is not started (use the app's lifespan)")
        job = self.store.create_job(kind, request, owner=owner)
        self.store.add_job_event(job.job_id, "queued")
        self.metrics.job_moved(kind, None, "queued")
        self._loop.call_soon_threadsafe(self._spawn, job.job_id)
        return job

    def _spawn(self, job_id: str) -> None:
        if job_id in self._tasks:
            return
        task = asyncio.get_running_loop().create_task(self._run(job_id), name=f"job {job_id}")
        self._tasks[job_id] = task
        task.add_done_callback(lambda _: self._tasks.pop(job_id, None))

    # -- running ------------------------------------------------------------------------------
    async def _run(self, job_id: str) -> None:
        job = await asyncio.to_thread(self.store.claim_job, job_id)
        if job is None:
            return  # another worker has it, or it is already finished
        self.metrics.job_moved(job.kind, "queued", "running")
        self.store.add_job_event(job_id, "running", detail=f"attempt {job.attempts}")
        try:
            record = await self._execute(job)
        except asyncio.CancelledError:
            raise  # shutdown: left `running`; recover_jobs() requeues it on the next start
        except MlplanError as exc:
            self._fail(job, f"{exc.code}: {exc.message}")
        except Exception as exc:
            log.exception("job %s failed", job_id)
            self._fail(job, f"internal: {type(exc).__name__}")
        else:
            self._done(job, record)
        # only a finished job lets its upload go: a cancelled one is resumed after a restart
        discard((job.request.get("data") or {}).get("path"))

    def _done(self, job: JobRecord, record: PlanRecord) -> None:
        detail = f"{record.plan_id} v{record.version}"
        self.store.add_job_event(job.job_id, "done", detail=detail)
        self.store.finish_job(job.job_id, result_id=record.plan_id)
        self.metrics.job_moved(job.kind, "running", "done")

    def _fail(self, job: JobRecord, reason: str) -> None:
        self.store.add_job_event(job.job_id, "failed", detail=reason)
        self.store.finish_job(job.job_id, error=reason)
        self.metrics.job_moved(job.kind, "running", "failed")

    async def _execute(self, job: JobRecord) -> PlanRecord:
        req = job.request
        job_id = job.job_id

        def on_event(event: str, section: str, detail: str) -> None:
            if event in STREAMED_EVENTS:
                self.store.add_job_event(job_id, event, section, detail)

        parent: PlanRecord | None = None
        if job.kind == "revision":
            parent = await asyncio.to_thread(
                self.store.get_plan, req["plan_id"], req.get("parent_version")
            )
            if parent is None:
                raise MlplanError(f"plan {req['plan_id']} no longer exists")
        plan = await make_plan_async(
            self.service,
            req["brief"],
            llm=req.get("llm") or self.settings.llm,
            prompts=req.get("prompts"),
            events=on_event,
            data=_data_request(req.get("data")),
            grounded_on=parent.plan if parent else None,
        )
        errors = sum(1 for f in plan.findings if f.severity.value == "error")
        self.store.add_job_event(
            job_id, "validated", detail=f"{len(plan.findings)} findings, {errors} errors"
        )
        self.metrics.record_plan(plan)
        return await asyncio.to_thread(
            self.store.save_plan,
            plan,
            brief_text=req["brief_text"],
            plan_id=parent.plan_id if parent else None,
            parent_version=parent.version if parent else None,
            changes=(plan_changes(parent.plan, plan) or ["no planned field changed"])
            if parent
            else None,
            owner=job.owner,
        )


def _data_request(spec: dict[str, Any] | None) -> DataRequest | None:
    """The job's uploaded data file, which must still be on this server's disk."""
    if not spec:
        return None
    path = Path(spec["path"])
    if not path.is_file():
        raise DataFileError(
            f"the uploaded data file {spec.get('name') or path.name} is no longer on the "
            "server (the job outlived its upload); send the request again"
        )
    return DataRequest(
        path,
        target=spec.get("target"),
        time_column=spec.get("time_column"),
        group_column=spec.get("group_column"),
    )
