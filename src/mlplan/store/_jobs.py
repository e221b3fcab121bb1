"""Jobs and their event log: durable, so a restart re-runs or fails them instead of losing them.

State changes are conditional UPDATEs (`… WHERE state = 'queued'`), so two workers (threads,
processes or replicas) can never both run a job. The store writes events only for the
transitions it makes on its own (`recover_jobs`); the runner reports the rest.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import Session

from mlplan.errors import UserInputError
from mlplan.store._secrets import new_id
from mlplan.store._session import SessionHost
from mlplan.store._tables import JobEventRow, JobRow, utcnow
from mlplan.store.api import JobEvent, JobKind, JobRecord, JobState

_KINDS: frozenset[str] = frozenset({"plan", "revision", "review"})


def _job_record(row: JobRow) -> JobRecord:
    return JobRecord(
        job_id=row.job_id,
        kind=row.kind,
        state=row.state,
        created_at=row.created_at,
        updated_at=row.updated_at,
        request=json.loads(row.request_json),
        result_id=row.result_id,
        error=row.error,
        attempts=row.attempts,
        owner=row.owner,
    )


def _event(row: JobEventRow) -> JobEvent:
    return JobEvent(seq=row.seq, at=row.at, event=row.event, section=row.section, detail=row.detail)


class JobOps(SessionHost):
    def create_job(
        self, kind: JobKind, request: dict[str, Any], *, owner: str | None = None
    ) -> JobRecord:
        if kind not in _KINDS:
            raise UserInputError(f"unknown job kind {kind!r}")
        now = utcnow()
        row = JobRow(
            job_id=new_id("job"),
            kind=kind,
            state="queued",
            created_at=now,
            updated_at=now,
            request_json=json.dumps(request),
            attempts=0,
            owner=owner,
        )
        with self._write() as s:
            s.add(row)
        return _job_record(row)

    def claim_job(self, job_id: str) -> JobRecord | None:
        """queued -> running (attempts + 1) in one conditional UPDATE; None if someone has it."""
        with self._write() as s:
            result = s.execute(
                update(JobRow)
                .where(JobRow.job_id == job_id, JobRow.state == "queued")
                .values(state="running", attempts=JobRow.attempts + 1, updated_at=utcnow())
                .execution_options(synchronize_session=False)
            )
            if _rowcount(result) != 1:
                return None
            row = s.get(JobRow, job_id, populate_existing=True)
            assert row is not None
            return _job_record(row)

    def add_job_event(
        self, job_id: str, event: str, section: str = "", detail: str = ""
    ) -> JobEvent:
        """Append an event with the next sequence number (the job row lock orders writers)."""
        with self._write() as s:
            job = s.scalars(select(JobRow).where(JobRow.job_id == job_id).with_for_update()).first()
            if job is None:
                raise UserInputError(f"no job {job_id}")
            row = self._append_event(s, job_id, event, section=section, detail=detail)
            return _event(row)

    @staticmethod
    def _append_event(
        s: Session, job_id: str, event: str, *, section: str = "", detail: str = ""
    ) -> JobEventRow:
        last = s.scalar(select(func.max(JobEventRow.seq)).where(JobEventRow.job_id == job_id))
        row = JobEventRow(
            job_id=job_id,
            seq=(last or 0) + 1,
            at=utcnow(),
            event=event,
            section=section,
            detail=detail,
        )
        s.add(row)
        s.flush()
        return row

    def finish_job(
        self, job_id: str, *, result_id: str | None = None, error: str | None = None
    ) -> JobRecord:
        """running -> done (with `result_id`) or failed (when `error` is given)."""
        state: JobState = "failed" if error is not None else "done"
        with self._write() as s:
            result = s.execute(
                update(JobRow)
                .where(JobRow.job_id == job_id, JobRow.state == "running")
                .values(state=state, result_id=result_id, error=error, updated_at=utcnow())
                .execution_options(synchronize_session=False)
            )
            row = s.get(JobRow, job_id, populate_existing=True)
            if row is None:
                raise UserInputError(f"no job {job_id}")
            if _rowcount(result) != 1:
                raise UserInputError(f"job {job_id} is {row.state}, not running")
            return _job_record(row)

    def get_job(self, job_id: str) -> JobRecord | None:
        with self._read() as s:
            row = s.get(JobRow, job_id)
            return _job_record(row) if row is not None else None

    def job_events(self, job_id: str, *, after: int = 0) -> list[JobEvent]:
        """Events with seq > `after`, in order: a client that saw seq N resumes from N."""
        with self._read() as s:
            rows = s.scalars(
                select(JobEventRow)
                .where(JobEventRow.job_id == job_id, JobEventRow.seq > after)
                .order_by(JobEventRow.seq)
            ).all()
            return [_event(r) for r in rows]

    def recover_jobs(self, *, max_attempts: int = 2) -> list[JobRecord]:
        """After a restart: jobs left `running` are requeued (attempts < max) or failed with a
        reason, never left running; returns every queued job (oldest first) to run again.

        Call it once at start-up, before workers claim anything: in-process jobs have no
        heartbeat, so a job another live process is running would look interrupted too.
        """
        with self._write() as s:
            stuck = s.scalars(select(JobRow).where(JobRow.state == "running")).all()
            for job in stuck:
                if job.attempts < max_attempts:
                    values: dict[str, Any] = {"state": "queued"}
                    event = "queued"
                    detail = (
                        f"requeued after an interrupted run (attempt {job.attempts} "
                        f"of {max_attempts})"
                    )
                else:
                    detail = (
                        f"interrupted {job.attempts} time(s) by a restart; gave up after "
                        f"{max_attempts} attempt(s)"
                    )
                    values = {"state": "failed", "error": detail}
                    event = "failed"
                result = s.execute(
                    update(JobRow)
                    .where(JobRow.job_id == job.job_id, JobRow.state == "running")
                    .values(updated_at=utcnow(), **values)
                    .execution_options(synchronize_session=False)
                )
                if _rowcount(result) == 1:
                    self._append_event(s, job.job_id, event, detail=detail)
            queued = s.scalars(
                select(JobRow)
                .where(JobRow.state == "queued")
                .order_by(JobRow.created_at, JobRow.job_id)
                .execution_options(populate_existing=True)
            ).all()
            return [_job_record(r) for r in queued]


def _rowcount(result: Any) -> int:
    return int(result.rowcount) if isinstance(result, CursorResult) else 0
