"""Plans (versioned), their LLM call rows, and reviews."""

from __future__ import annotations

import json

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased

from mlplan.domain import Plan, Review
from mlplan.errors import UserInputError
from mlplan.store._secrets import decode_cursor, encode_cursor, new_id
from mlplan.store._session import SessionHost
from mlplan.store._tables import LlmCallTable, PlanRow, ReviewRow, utcnow
from mlplan.store.api import LlmCallRow, PlanRecord, ReviewRecord

MAX_PAGE = 200


def _plan_record(row: PlanRow) -> PlanRecord:
    return PlanRecord(
        plan_id=row.plan_id,
        version=row.version,
        parent_version=row.parent_version,
        created_at=row.created_at,
        brief_text=row.brief_text,
        plan=Plan.model_validate_json(row.plan_json),
        changes=json.loads(row.changes_json),
        owner=row.owner,
    )


def _llm_rows(plan: Plan, plan_id: str, version: int) -> list[LlmCallTable]:
    run = plan.meta.llm
    if run is None:
        return []
    return [
        LlmCallTable(
            plan_id=plan_id,
            version=version,
            seq=seq,
            section=call.section,
            attempt=call.attempt,
            round=call.round,
            input_tokens=call.input_tokens,
            output_tokens=call.output_tokens,
            cached=call.cached,
            outcome=call.outcome,
            finish_reason=call.finish_reason,
            latency_ms=call.latency_ms,
            model=run.model,
        )
        for seq, call in enumerate(run.calls, start=1)
    ]


class PlanOps(SessionHost):
    def save_plan(
        self,
        plan: Plan,
        *,
        brief_text: str,
        plan_id: str | None = None,
        parent_version: int | None = None,
        changes: list[str] | None = None,
        owner: str | None = None,
    ) -> PlanRecord:
        """A new plan, or the next version of `plan_id` (parent defaults to the latest).

        Two writers saving a version of the same plan at once both succeed: the loser of the
        primary-key race retries with the next number.
        """
        plan_json = plan.model_dump_json()
        changes_json = json.dumps(list(changes or []))

        def attempt() -> PlanRow:
            pid = plan_id or new_id("pln")
            with self._write() as s:
                latest = s.scalar(select(func.max(PlanRow.version)).where(PlanRow.plan_id == pid))
                parent = latest if parent_version is None else parent_version
                if parent_version is not None and s.get(PlanRow, (pid, parent_version)) is None:
                    raise UserInputError(f"plan {pid} has no version {parent_version}")
                row = PlanRow(
                    plan_id=pid,
                    version=(latest or 0) + 1,
                    parent_version=parent,
                    created_at=utcnow(),
                    brief_text=brief_text,
                    plan_json=plan_json,
                    changes_json=changes_json,
                    owner=owner,
                )
                s.add(row)
                s.flush()
                s.add_all(_llm_rows(plan, pid, row.version))
            return row

        row = self._retry_conflicts(attempt)
        return PlanRecord(
            plan_id=row.plan_id,
            version=row.version,
            parent_version=row.parent_version,
            created_at=row.created_at,
            brief_text=brief_text,
            plan=Plan.model_validate_json(plan_json),
            changes=list(changes or []),
            owner=owner,
        )

    def get_plan(self, plan_id: str, version: int | None = None) -> PlanRecord | None:
        with self._read() as s:
            if version is not None:
                row = s.get(PlanRow, (plan_id, version))
            else:
                row = s.scalars(
                    select(PlanRow)
                    .where(PlanRow.plan_id == plan_id)
                    .order_by(PlanRow.version.desc())
                    .limit(1)
                ).first()
            return _plan_record(row) if row is not None else None

    def plan_versions(self, plan_id: str) -> list[PlanRecord]:
        with self._read() as s:
            rows = s.scalars(
                select(PlanRow).where(PlanRow.plan_id == plan_id).order_by(PlanRow.version)
            ).all()
            return [_plan_record(r) for r in rows]

    def list_plans(
        self, *, limit: int = 20, cursor: str | None = None, owner: str | None = None
    ) -> tuple[list[PlanRecord], str | None]:
        """Latest version of each plan, newest plan first (by when v1 was created).

        Ordering by the plan's creation, not its last revision, keeps a plan in one place
        while someone pages: new plans land before page one and revisions move nothing, so
        no plan is skipped or shown twice. `owner` is the plan's creator (owner of v1).
        """
        if limit < 1:
            raise UserInputError("limit must be at least 1")
        limit = min(limit, MAX_PAGE)
        latest = (
            select(PlanRow.plan_id, func.max(PlanRow.version).label("v"))
            .group_by(PlanRow.plan_id)
            .subquery()
        )
        first = aliased(PlanRow)
        stmt = (
            select(PlanRow, first.created_at)
            .join(latest, and_(PlanRow.plan_id == latest.c.plan_id, PlanRow.version == latest.c.v))
            .join(first, and_(first.plan_id == PlanRow.plan_id, first.version == 1))
            .order_by(first.created_at.desc(), PlanRow.plan_id.desc())
            .limit(limit + 1)
        )
        if owner is not None:
            stmt = stmt.where(first.owner == owner)
        if cursor is not None:
            at, after_id = decode_cursor(cursor)
            stmt = stmt.where(
                or_(
                    first.created_at < at,
                    and_(first.created_at == at, PlanRow.plan_id < after_id),
                )
            )
        with self._read() as s:
            rows = s.execute(stmt).all()
        page = [(_plan_record(r[0]), r[1]) for r in rows[:limit]]
        next_cursor = None
        if len(rows) > limit and page:
            next_cursor = encode_cursor(page[-1][1], page[-1][0].plan_id)
        return [rec for rec, _ in page], next_cursor

    def llm_calls(self, plan_id: str, version: int | None = None) -> list[LlmCallRow]:
        """The LLM calls behind a plan version (latest when None), in the order they ran."""
        with self._read() as s:
            if version is None:
                version = s.scalar(
                    select(func.max(PlanRow.version)).where(PlanRow.plan_id == plan_id)
                )
                if version is None:
                    return []
            rows = s.scalars(
                select(LlmCallTable)
                .where(LlmCallTable.plan_id == plan_id, LlmCallTable.version == version)
                .order_by(LlmCallTable.seq)
            ).all()
            return [
                LlmCallRow(
                    plan_id=r.plan_id,
                    version=r.version,
                    section=r.section,
                    attempt=r.attempt,
                    input_tokens=r.input_tokens,
                    output_tokens=r.output_tokens,
                    cached=r.cached,
                    outcome=r.outcome,
                    latency_ms=r.latency_ms,
                )
                for r in rows
            ]

    # reviews -----------------------------------------------------------------------------
    def save_review(self, review: Review, *, source: str, owner: str | None = None) -> ReviewRecord:
        record = ReviewRecord(
            review_id=new_id("rev"), created_at=utcnow(), source=source, review=review, owner=owner
        )
        with self._write() as s:
            s.add(
                ReviewRow(
                    review_id=record.review_id,
                    created_at=record.created_at,
                    source=source,
                    review_json=review.model_dump_json(),
                    owner=owner,
                )
            )
        return record

    def get_review(self, review_id: str) -> ReviewRecord | None:
        with self._read() as s:
            row = s.get(ReviewRow, review_id)
            if row is None:
                return None
            return ReviewRecord(
                review_id=row.review_id,
                created_at=row.created_at,
                source=row.source,
                review=Review.model_validate_json(row.review_json),
                owner=row.owner,
            )
