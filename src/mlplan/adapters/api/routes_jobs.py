"""/v1/jobs: a job's state, and its events as server-sent events (replayable)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Header, Path, Query
from fastapi.responses import StreamingResponse

from mlplan.adapters.api.deps import ApiKeyDep, ContextDep
from mlplan.adapters.api.errors import ERROR_RESPONSES, ApiError
from mlplan.adapters.api.jobs import TERMINAL_EVENTS
from mlplan.adapters.api.schemas import ID_PATTERN, JobOut
from mlplan.store.api import JobEvent, Store

router = APIRouter(prefix="/v1/jobs", tags=["jobs"], responses=ERROR_RESPONSES)

JobId = Annotated[str, Path(pattern=ID_PATTERN)]
POLL_S = 0.2
"""How often the stream looks for new events; the store is the source, so replicas agree."""
KEEPALIVE_S = 15.0


@router.get("/{job_id}", response_model=JobOut)
def get_job(job_id: JobId, _caller: ApiKeyDep, ctx: ContextDep) -> JobOut:
    job = ctx.store.get_job(job_id)
    if job is None:
        raise ApiError(404, "not_found", f"job {job_id} not found")
    return JobOut.of(job)


def _sse(event: JobEvent) -> str:
    data = json.dumps(event.model_dump(mode="json"), separators=(",", ":"))
    return f"id: {event.seq}\nevent: {event.event}\ndata: {data}\n\n"


async def _stream(store: Store, job_id: str, after: int) -> AsyncIterator[str]:
    """Past events after `after`, then new ones as they land, ending with done or failed."""
    idle = 0.0
    while True:
        job = await asyncio.to_thread(store.get_job, job_id)
        events = await asyncio.to_thread(store.job_events, job_id, after=after)
        for event in events:
            yield _sse(event)
            after = event.seq
            if event.event in TERMINAL_EVENTS:
                return
        if job is None or job.state in ("done", "failed"):
            # Finished without a terminal event (e.g. failed by recovery): say how it ended.
            end = "done" if job is not None and job.state == "done" else "failed"
            detail = (job.error or job.result_id or "") if job is not None else "job vanished"
            yield f"event: {end}\ndata: {json.dumps({'event': end, 'detail': detail})}\n\n"
            return
        if events:
            idle = 0.0
        else:
            idle += POLL_S
            if idle >= KEEPALIVE_S:
                idle = 0.0
                yield ": keep-alive\n\n"
        await asyncio.sleep(POLL_S)


@router.get(
    "/{job_id}/events",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "Server-sent events: running, drafted, repairing, fallback, "
            "validated, then done or failed. `id` is the event's sequence number.",
            "content": {"text/event-stream": {"schema": {"type": "string"}}},
        }
    },
)
def job_events(
    job_id: JobId,
    _caller: ApiKeyDep,
    ctx: ContextDep,
    last_event_id: Annotated[
        str | None, Header(max_length=20, description="Resume after this event id.")
    ] = None,
    after: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
) -> StreamingResponse:
    """Stream a job's events; replays past ones, resumes after `Last-Event-ID`."""
    if ctx.store.get_job(job_id) is None:
        raise ApiError(404, "not_found", f"job {job_id} not found")
    if last_event_id is not None and last_event_id.strip().isdigit():
        after = max(after, min(int(last_event_id.strip()), 1_000_000_000))
    return StreamingResponse(
        _stream(ctx.store, job_id, after),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
