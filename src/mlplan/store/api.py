"""The store's contract: records the API, Slack bot and CLI keep, and the operations on them.

One implementation (`mlplan.store.sql.SqlStore`, SQLAlchemy 2) serves SQLite (the embedded
default, WAL) and PostgreSQL (`MLPLAN_DATABASE_URL`): the same code path behind a URL, so a
deployment grows from one process to stateless replicas without a second implementation.
Records are Pydantic models so every door serialises them the same way.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, Protocol

from pydantic import BaseModel, Field

from mlplan.domain import Plan, Review

JobState = Literal["queued", "running", "done", "failed"]
JobKind = Literal["plan", "revision", "review"]


class PlanRecord(BaseModel):
    """One version of a plan. Versions of the same plan share `plan_id`; v1 has no parent."""

    plan_id: str
    version: int = Field(ge=1)
    parent_version: int | None = None
    created_at: datetime
    brief_text: str
    """What the user sent (brief text or the structured brief as JSON)."""
    plan: Plan
    changes: list[str] = Field(default_factory=list)
    """What changed from the parent version, one line per change (empty for v1)."""
    owner: str | None = None
    """API key id (or Slack user) that created it."""


class ReviewRecord(BaseModel):
    review_id: str
    created_at: datetime
    source: str
    review: Review
    owner: str | None = None


class JobEvent(BaseModel):
    seq: int = Field(ge=1)
    at: datetime
    event: str
    """queued, running, drafted, repairing, fallback, validated, done, failed."""
    section: str = ""
    detail: str = ""


class JobRecord(BaseModel):
    job_id: str
    kind: JobKind
    state: JobState
    created_at: datetime
    updated_at: datetime
    request: dict[str, Any]
    """What is needed to run (or re-run) the job after a restart."""
    result_id: str | None = None
    """plan_id (plans, revisions) or review_id when done."""
    error: str | None = None
    attempts: int = 0
    owner: str | None = None


class ApiKeyRecord(BaseModel):
    key_id: str
    name: str
    prefix: str
    """First characters of the key, shown in listings so people can tell keys apart."""
    created_at: datetime
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None


class LlmCallRow(BaseModel):
    plan_id: str
    version: int
    section: str
    attempt: int
    input_tokens: int
    output_tokens: int
    cached: bool
    outcome: str
    latency_ms: float


class Store(Protocol):
    """Persistence for plans, reviews, jobs, API keys, idempotency and Slack thread links."""

    url: str
    """Database URL with any password masked (for /readyz and logs)."""

    # plans ---------------------------------------------------------------------------------
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
        """Store a new plan (new id) or a new version of `plan_id` (next version number).
        Also writes one LlmCallRow per call in plan.meta.llm."""
        ...

    def get_plan(self, plan_id: str, version: int | None = None) -> PlanRecord | None:
        """The given version, or the latest when `version` is None."""
        ...

    def list_plans(
        self, *, limit: int = 20, cursor: str | None = None, owner: str | None = None
    ) -> tuple[list[PlanRecord], str | None]:
        """Latest version of each plan, newest first; returns (page, next_cursor or None)."""
        ...

    def plan_versions(self, plan_id: str) -> list[PlanRecord]: ...

    # reviews -------------------------------------------------------------------------------
    def save_review(
        self, review: Review, *, source: str, owner: str | None = None
    ) -> ReviewRecord: ...

    def get_review(self, review_id: str) -> ReviewRecord | None: ...

    # jobs ----------------------------------------------------------------------------------
    def create_job(
        self, kind: JobKind, request: dict[str, Any], *, owner: str | None = None
    ) -> JobRecord: ...

    def claim_job(self, job_id: str) -> JobRecord | None:
        """queued -> running (attempts + 1) atomically; None if another worker has it."""
        ...

    def add_job_event(
        self, job_id: str, event: str, section: str = "", detail: str = ""
    ) -> JobEvent: ...

    def finish_job(
        self, job_id: str, *, result_id: str | None = None, error: str | None = None
    ) -> JobRecord:
        """running -> done (result_id) or failed (error)."""
        ...

    def get_job(self, job_id: str) -> JobRecord | None: ...

    def job_events(self, job_id: str, *, after: int = 0) -> list[JobEvent]: ...

    def recover_jobs(self, *, max_attempts: int = 2) -> list[JobRecord]:
        """After a restart: jobs left `running` go back to `queued` (attempts < max) or to
        `failed` with a reason; returns the jobs now queued, to be run again."""
        ...

    # API keys ------------------------------------------------------------------------------
    def create_api_key(self, name: str) -> tuple[ApiKeyRecord, str]:
        """A new key; returns the record and the secret, which is stored only as a hash."""
        ...

    def verify_api_key(self, secret: str) -> ApiKeyRecord | None:
        """The key's record if the secret matches an unrevoked key (updates last_used_at)."""
        ...

    def list_api_keys(self) -> list[ApiKeyRecord]: ...

    def revoke_api_key(self, key_id_or_name: str) -> ApiKeyRecord | None: ...

    # idempotency ---------------------------------------------------------------------------
    def idempotent_get(self, owner: str, key: str) -> tuple[str, int, dict[str, Any]] | None:
        """(request fingerprint, status code, response body) stored for this key, if any."""
        ...

    def idempotent_put(
        self, owner: str, key: str, fingerprint: str, status: int, body: dict[str, Any]
    ) -> None: ...

    # Slack ---------------------------------------------------------------------------------
    def link_thread(self, channel: str, thread_ts: str, plan_id: str) -> None: ...

    def plan_for_thread(self, channel: str, thread_ts: str) -> str | None: ...

    # health --------------------------------------------------------------------------------
    def ping(self) -> None:
        """Raise if the database cannot answer a trivial query."""
        ...

    def close(self) -> None: ...
