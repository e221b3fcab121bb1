"""Fakes for tests, shipped with the package so every door's tests (and users') can use them.

Each fake stands in for one outside system behind its protocol; it is deterministic and
never touches the network.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import datetime

    from mlplan.domain import Plan, Review
    from mlplan.store.api import (
        ApiKeyRecord,
        JobEvent,
        JobKind,
        JobRecord,
        PlanRecord,
        ReviewRecord,
    )

_WORD = re.compile(r"[a-z0-9]+")


class FakeEmbedder:
    """Hashed bag-of-words vectors: texts sharing words land close, so dense search is testable.

    Counts its calls so tests can assert that unchanged chunks are not re-embedded.
    """

    def __init__(self, dims: int = 256, *, name: str | None = None) -> None:
        self.dims = dims
        self.name = name or f"fake-{dims}"
        self.calls = 0
        """How many times `embed` was called."""
        self.texts_embedded = 0
        """How many texts all calls embedded together."""

    def _vector(self, text: str) -> list[float]:
        vec = [0.0] * self.dims
        for word in _WORD.findall(text.lower()):
            digest = hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest()
            slot = int.from_bytes(digest[:4], "little") % self.dims
            vec[slot] += 1.0 if digest[4] & 1 else -1.0
        norm = math.sqrt(sum(x * x for x in vec))
        if norm == 0.0:
            vec[0] = 1.0  # chromadb's cosine space needs a non-zero vector
            return vec
        return [x / norm for x in vec]

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        self.calls += 1
        self.texts_embedded += len(texts)
        return [self._vector(t) for t in texts]


__all__ = ["FakeEmbedder"]


class ScriptedChatClient:
    """A chat client that answers from a script, for unit tests of the LLM drafter.

    `script` maps a section name to a list of answers given in turn (the last one repeats);
    an answer is a JSON-able dict (sent as JSON), a raw string (sent as is, e.g. broken
    JSON), or a `Completion` (to script cut-offs, refusals, token counts). Sections without
    a script answer `{}`, which keeps the expert draft. Every request is kept in `requests`
    so tests can read the prompts and repair messages the drafter sent.
    """

    def __init__(
        self,
        script: dict[str, list[object]] | None = None,
        *,
        model: str = "scripted",
        provider: str = "fake",
        tokens: tuple[int, int] = (100, 20),
        delay_s: float = 0.0,
    ) -> None:
        self.script = {k: list(v) for k, v in (script or {}).items()}
        self.provider = provider
        self.model = model
        self.base_url = "scripted://"
        self.tokens = tokens
        self.delay_s = delay_s
        self.requests: list[dict[str, object]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        """Most requests open at once: shows whether sections really ran concurrently."""
        self._turns: dict[str, int] = {}

    async def complete(
        self,
        messages: Sequence[dict[str, str]],
        *,
        response_format: dict[str, object],
        max_tokens: int,
        temperature: float,
        seed: int | None = None,
        repeat: int = 0,
    ) -> object:
        import asyncio
        import json

        from mlplan.draft.llm.client import Completion

        section = _section_of(messages)
        self.requests.append(
            {"section": section, "messages": list(messages), "response_format": response_format}
        )
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delay_s)  # yields even at 0 s, so concurrency is real
        finally:
            self.in_flight -= 1
        answers = self.script.get(section, [{}])
        turn = self._turns.get(section, 0)
        self._turns[section] = turn + 1
        answer = answers[min(turn, len(answers) - 1)]
        if isinstance(answer, Completion):
            return answer
        content = answer if isinstance(answer, str) else json.dumps(answer)
        return Completion(
            content=content, input_tokens=self.tokens[0], output_tokens=self.tokens[1]
        )

    def calls_for(self, section: str) -> int:
        return sum(1 for r in self.requests if r["section"] == section)


_SECTION_LINE = re.compile(r"Write the `(\w+)` section")


def _section_of(messages: Sequence[dict[str, str]]) -> str:
    """The section a request is about, read from the first user prompt."""
    for m in messages:
        if m["role"] == "user":
            found = _SECTION_LINE.search(m["content"])
            if found:
                return found.group(1)
    return "unknown"


class MemoryStore:
    """The `mlplan.store.api.Store` protocol in memory, for door tests without a database.

    Same observable behaviour as the SQL store where tests look: ids, versions, newest-first
    cursor pages, job state machine and recovery, hashed API keys, idempotency records.
    Set `fail_ping` to make `ping()` raise (readiness tests). Thread-safe: API routes run
    in a thread pool.
    """

    url = "memory://"

    def __init__(self) -> None:
        import threading

        self._lock = threading.RLock()
        self.plans: dict[str, list[PlanRecord]] = {}
        self.reviews: dict[str, ReviewRecord] = {}
        self.jobs: dict[str, JobRecord] = {}
        self.events: dict[str, list[JobEvent]] = {}
        self.keys: dict[str, tuple[ApiKeyRecord, str]] = {}
        """key_id -> (record, sha256 of the secret)."""
        self.idempotency: dict[tuple[str, str], tuple[str, int, dict[str, Any]]] = {}
        self.threads: dict[tuple[str, str], str] = {}
        self.fail_ping = False
        self.closed = False
        self._order: list[str] = []
        """plan ids, oldest first (creation order of v1)."""

    # -- helpers ------------------------------------------------------------------------------
    @staticmethod
    def _now() -> datetime:
        from datetime import UTC, datetime

        return datetime.now(UTC)

    @staticmethod
    def _id(kind: str) -> str:
        import secrets

        return f"{kind}_{secrets.token_urlsafe(9)}"

    # -- plans --------------------------------------------------------------------------------
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
        from mlplan.store.api import PlanRecord

        with self._lock:
            if plan_id is None:
                plan_id = self._id("pln")
                self._order.append(plan_id)
            versions = self.plans.setdefault(plan_id, [])
            if not versions and plan_id not in self._order:
                self._order.append(plan_id)
            record = PlanRecord(
                plan_id=plan_id,
                version=len(versions) + 1,
                parent_version=parent_version,
                created_at=self._now(),
                brief_text=brief_text,
                plan=plan,
                changes=list(changes or []),
                owner=owner,
            )
            versions.append(record)
            return record

    def get_plan(self, plan_id: str, version: int | None = None) -> PlanRecord | None:
        with self._lock:
            versions = self.plans.get(plan_id, [])
            if not versions:
                return None
            if version is None:
                return versions[-1]
            return versions[version - 1] if 1 <= version <= len(versions) else None

    def list_plans(
        self, *, limit: int = 20, cursor: str | None = None, owner: str | None = None
    ) -> tuple[list[PlanRecord], str | None]:
        from mlplan.errors import UserInputError

        with self._lock:
            ids = [
                i for i in reversed(self._order) if owner is None or self.plans[i][0].owner == owner
            ]
            start = 0
            if cursor is not None:
                if cursor not in ids:
                    raise UserInputError(f"invalid pagination cursor: {cursor[:40]!r}")
                start = ids.index(cursor) + 1
            page = ids[start : start + limit]
            more = start + limit < len(ids)
            return [self.plans[i][-1] for i in page], (page[-1] if more and page else None)

    def plan_versions(self, plan_id: str) -> list[PlanRecord]:
        with self._lock:
            return list(self.plans.get(plan_id, []))

    # -- reviews ------------------------------------------------------------------------------
    def save_review(self, review: Review, *, source: str, owner: str | None = None) -> ReviewRecord:
        from mlplan.store.api import ReviewRecord

        with self._lock:
            record = ReviewRecord(
                review_id=self._id("rev"),
                created_at=self._now(),
                source=source,
                review=review,
                owner=owner,
            )
            self.reviews[record.review_id] = record
            return record

    def get_review(self, review_id: str) -> ReviewRecord | None:
        with self._lock:
            return self.reviews.get(review_id)

    # -- jobs ---------------------------------------------------------------------------------
    def create_job(
        self, kind: JobKind, request: dict[str, Any], *, owner: str | None = None
    ) -> JobRecord:
        from mlplan.store.api import JobRecord

        with self._lock:
            now = self._now()
            job = JobRecord(
                job_id=self._id("job"),
                kind=kind,
                state="queued",
                created_at=now,
                updated_at=now,
                request=dict(request),
                owner=owner,
            )
            self.jobs[job.job_id] = job
            self.events[job.job_id] = []
            return job

    def claim_job(self, job_id: str) -> JobRecord | None:
        with self._lock:
            job = self.jobs.get(job_id)
            if job is None or job.state != "queued":
                return None
            job = job.model_copy(
                update={"state": "running", "attempts": job.attempts + 1, "updated_at": self._now()}
            )
            self.jobs[job_id] = job
            return job

    def add_job_event(
        self, job_id: str, event: str, section: str = "", detail: str = ""
    ) -> JobEvent:
        from mlplan.store.api import JobEvent

        with self._lock:
            events = self.events.setdefault(job_id, [])
            item = JobEvent(
                seq=len(events) + 1, at=self._now(), event=event, section=section, detail=detail
            )
            events.append(item)
            return item

    def finish_job(
        self, job_id: str, *, result_id: str | None = None, error: str | None = None
    ) -> JobRecord:
        with self._lock:
            job = self.jobs[job_id]
            state = "failed" if error is not None else "done"
            job = job.model_copy(
                update={
                    "state": state,
                    "result_id": result_id,
                    "error": error,
                    "updated_at": self._now(),
                }
            )
            self.jobs[job_id] = job
            return job

    def get_job(self, job_id: str) -> JobRecord | None:
        with self._lock:
            return self.jobs.get(job_id)

    def job_events(self, job_id: str, *, after: int = 0) -> list[JobEvent]:
        with self._lock:
            return [e for e in self.events.get(job_id, []) if e.seq > after]

    def recover_jobs(self, *, max_attempts: int = 2) -> list[JobRecord]:
        with self._lock:
            queued: list[JobRecord] = []
            for job_id, job in list(self.jobs.items()):
                if job.state == "running" and job.attempts >= max_attempts:
                    reason = f"interrupted by a restart after {job.attempts} attempt(s)"
                    self.add_job_event(job_id, "failed", detail=reason)
                    self.finish_job(job_id, error=reason)
                elif job.state in ("running", "queued"):
                    if job.state == "running":
                        self.add_job_event(job_id, "queued", detail="requeued after a restart")
                    job = job.model_copy(update={"state": "queued", "updated_at": self._now()})
                    self.jobs[job_id] = job
                    queued.append(job)
            return queued

    # -- API keys -----------------------------------------------------------------------------
    def create_api_key(self, name: str) -> tuple[ApiKeyRecord, str]:
        import hashlib
        import secrets

        from mlplan.store.api import ApiKeyRecord

        with self._lock:
            prefix = f"mlp_{secrets.token_hex(4)}"
            secret = f"{prefix}_{secrets.token_urlsafe(32)}"
            record = ApiKeyRecord(
                key_id=self._id("key"), name=name, prefix=prefix, created_at=self._now()
            )
            self.keys[record.key_id] = (record, hashlib.sha256(secret.encode()).hexdigest())
            return record, secret

    def verify_api_key(self, secret: str) -> ApiKeyRecord | None:
        import hashlib
        import hmac

        digest = hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()
        with self._lock:
            for key_id, (record, expected) in self.keys.items():
                if hmac.compare_digest(digest, expected) and record.revoked_at is None:
                    record = record.model_copy(update={"last_used_at": self._now()})
                    self.keys[key_id] = (record, expected)
                    return record
            return None

    def list_api_keys(self) -> list[ApiKeyRecord]:
        with self._lock:
            return [record for record, _ in self.keys.values()]

    def revoke_api_key(self, key_id_or_name: str) -> ApiKeyRecord | None:
        with self._lock:
            for key_id, (record, digest) in self.keys.items():
                if key_id_or_name in (record.key_id, record.name) and record.revoked_at is None:
                    record = record.model_copy(update={"revoked_at": self._now()})
                    self.keys[key_id] = (record, digest)
                    return record
            return None

    # -- idempotency --------------------------------------------------------------------------
    def idempotent_get(self, owner: str, key: str) -> tuple[str, int, dict[str, Any]] | None:
        with self._lock:
            return self.idempotency.get((owner, key))

    def idempotent_put(
        self, owner: str, key: str, fingerprint: str, status: int, body: dict[str, Any]
    ) -> None:
        with self._lock:
            self.idempotency.setdefault((owner, key), (fingerprint, status, body))

    # -- Slack --------------------------------------------------------------------------------
    def link_thread(self, channel: str, thread_ts: str, plan_id: str) -> None:
        with self._lock:
            self.threads[(channel, thread_ts)] = plan_id

    def plan_for_thread(self, channel: str, thread_ts: str) -> str | None:
        with self._lock:
            return self.threads.get((channel, thread_ts))

    # -- health -------------------------------------------------------------------------------
    def ping(self) -> None:
        if self.fail_ping:
            raise ConnectionError("memory store: ping failed (fail_ping is set)")

    def close(self) -> None:
        self.closed = True


__all__ += ["MemoryStore", "ScriptedChatClient"]


CHURN_DATA_PII = "@example.org"
"""Every e-mail in `write_churn_csv` ends so; a door that shows the data must never show it."""


def write_churn_csv(path: Path, rows: int = 600, *, seed: int = 11) -> Path:
    """A small churn table with planted problems, for tests of the doors that take data.

    ~10 % churn; `customer_id` repeats (a group key); `contact_email` is personal data;
    `cancel_reason` exists only for churners (known after the outcome: leakage); `signup`
    is a date column. Pure Python so the doors' tests need no numpy to build it.
    """
    import csv
    import random
    from datetime import date, timedelta

    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(
            ["customer_id", "signup", "plan", "monthly_spend", "support_calls"]
            + ["contact_email", "cancel_reason", "churned"]
        )
        for i in range(rows):
            customer = rng.randrange(max(rows // 3, 2))
            churned = rng.random() < 0.1
            day = date(2024, 1, 1) + timedelta(days=i * 365 // rows)
            out.writerow(
                [
                    f"C{customer:05d}",
                    day.isoformat(),
                    rng.choice(["basic", "plus", "pro"]),
                    round(rng.gammavariate(2.0, 20.0) + (15 if churned else 0), 2),
                    rng.randrange(4) + (2 if churned else 0),
                    f"user{customer}{CHURN_DATA_PII}",
                    rng.choice(["price", "service", "moved"]) if churned else "",
                    int(churned),
                ]
            )
    return path
