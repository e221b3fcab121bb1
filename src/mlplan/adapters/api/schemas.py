"""Request and response bodies of the HTTP API (records come from `mlplan.store.api`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from mlplan.store.api import JobEvent, JobKind, JobRecord, JobState, PlanRecord

LlmOption = Literal["none", "openai", "local"]
ID_PATTERN = r"^[A-Za-z0-9_-]{1,100}$"
"""Ids the store hands out (`pln_…`, `rev_…`, `job_…`): anything else cannot name a record,
and odd bytes (NUL) never reach the database."""
PROMPTS_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
"""A prompt version is a folder name: no separators, so a request cannot point elsewhere."""


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PlanRequest(_Body):
    brief: str | dict[str, Any] = Field(
        description="The brief as text, or a structured brief (fields of `mlplan schema "
        "--brief`, plus optional free `text`)."
    )
    llm: LlmOption | None = Field(
        default=None,
        description="Drafter: none (offline, answered at once with 201), openai or local "
        "(drafted in a job: 202). Default: the server's MLPLAN_LLM.",
    )
    prompts: str | None = Field(
        default=None, pattern=PROMPTS_PATTERN, description="Prompt version for LLM mode."
    )


class PlanUpload(PlanRequest):
    """The multipart form of POST /v1/plans: the brief's fields as text, plus how to read the
    attached data file (the `data` part)."""

    target: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="Column to predict: enables class balance, leakage checks and baselines.",
    )
    time_column: str | None = Field(
        default=None, min_length=1, max_length=200, description="Timestamp column, if any."
    )
    group_column: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="Entity key whose rows must stay in one split (customer, device …).",
    )


class RevisionRequest(_Body):
    feedback: str | None = Field(
        default=None,
        max_length=50_000,
        description="What to change, in words; appended to the parent's brief and re-planned.",
    )
    brief_changes: dict[str, Any] | None = Field(
        default=None, description='Brief fields to set (e.g. {"serving_mode": "online"}).'
    )
    llm: LlmOption | None = None
    prompts: str | None = Field(default=None, pattern=PROMPTS_PATTERN)

    @model_validator(mode="after")
    def _something_to_change(self) -> RevisionRequest:
        if not (self.feedback and self.feedback.strip()) and not self.brief_changes:
            raise ValueError("give `feedback` text or `brief_changes`")
        return self


class ReviewRequest(_Body):
    text: str = Field(min_length=1, description="The plan document: Markdown, text or mlplan JSON.")
    filename: str | None = Field(
        default=None,
        max_length=255,
        description="Name it came from (its suffix picks the reader: .md, .txt, .json).",
    )


class JobOut(BaseModel):
    """A job without its request (which may hold the brief)."""

    job_id: str
    kind: JobKind
    state: JobState
    created_at: datetime
    updated_at: datetime
    result_id: str | None = None
    error: str | None = None
    attempts: int = 0
    links: dict[str, str] = Field(default_factory=dict)
    """self, events and (when done) result URLs."""

    @classmethod
    def of(cls, job: JobRecord) -> JobOut:
        links = {"self": f"/v1/jobs/{job.job_id}", "events": f"/v1/jobs/{job.job_id}/events"}
        if job.result_id:
            links["result"] = f"/v1/plans/{job.result_id}"
        return cls(
            job_id=job.job_id,
            kind=job.kind,
            state=job.state,
            created_at=job.created_at,
            updated_at=job.updated_at,
            result_id=job.result_id,
            error=job.error,
            attempts=job.attempts,
            links=links,
        )


class PlanSummary(BaseModel):
    plan_id: str
    version: int
    created_at: datetime
    title: str
    task_type: str
    drafter: str
    findings: dict[str, int]
    """Counts by severity."""

    @classmethod
    def of(cls, record: PlanRecord) -> PlanSummary:
        counts = {"error": 0, "warning": 0, "info": 0}
        for f in record.plan.findings:
            counts[f.severity.value] = counts.get(f.severity.value, 0) + 1
        return cls(
            plan_id=record.plan_id,
            version=record.version,
            created_at=record.created_at,
            title=record.plan.brief.title,
            task_type=record.plan.brief.task_type.value,
            drafter=record.plan.meta.drafter,
            findings=counts,
        )


class PlanPage(BaseModel):
    items: list[PlanSummary]
    next_cursor: str | None = None
    """Pass as `cursor` for the next page; null on the last page."""


class VersionSummary(BaseModel):
    version: int
    parent_version: int | None
    created_at: datetime
    changes: list[str]
    summary: PlanSummary


class VersionList(BaseModel):
    plan_id: str
    versions: list[VersionSummary]


class PassageOut(BaseModel):
    chunk_id: str
    doc_id: str
    title: str
    heading: str
    score: float
    text: str


class SearchResult(BaseModel):
    query: str
    section: str | None
    results: list[PassageOut]


class Health(BaseModel):
    status: Literal["ok", "ready"]
    checks: dict[str, str] = Field(default_factory=dict)


__all__ = [
    "Health",
    "JobEvent",
    "JobOut",
    "PassageOut",
    "PlanPage",
    "PlanRequest",
    "PlanSummary",
    "ReviewRequest",
    "RevisionRequest",
    "SearchResult",
    "VersionList",
    "VersionSummary",
]
