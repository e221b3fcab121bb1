"""Operations and lookup: /healthz, /readyz, /metrics, /v1/knowledge/search."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response

from mlplan.adapters.api.deps import ApiKeyDep, ContextDep
from mlplan.adapters.api.errors import ERROR_RESPONSES, ErrorBody, error_response
from mlplan.adapters.api.schemas import Health, PassageOut, SearchResult

router = APIRouter(tags=["operations"])
knowledge = APIRouter(prefix="/v1/knowledge", tags=["knowledge"], responses=ERROR_RESPONSES)

SectionName = Literal[
    "problem_framing",
    "overview",
    "data",
    "features",
    "model",
    "training",
    "evaluation",
    "deployment",
    "monitoring",
    "timeline",
]


@router.get("/healthz", response_model=Health)
def healthz() -> Health:
    """The process is up (liveness); says nothing about the database."""
    return Health(status="ok")


@router.get(
    "/readyz",
    response_model=Health,
    responses={503: {"model": ErrorBody, "description": "a dependency is not reachable"}},
)
def readyz(ctx: ContextDep) -> Response:
    """Ready to serve: the database answers and the knowledge index is loaded."""
    checks: dict[str, str] = {}
    failed: list[str] = []
    try:
        ctx.store.ping()
        checks["database"] = "ok"
    except Exception as exc:  # any driver error means "not ready", not a crash
        checks["database"] = f"unreachable: {type(exc).__name__}"
        failed.append("database")
    try:
        chunks = len(ctx.service.knowledge_index().chunks)
        checks["knowledge"] = f"ok ({chunks} chunks)" if chunks else "empty"
        if not chunks:
            failed.append("knowledge")
    except Exception as exc:
        checks["knowledge"] = f"unreachable: {type(exc).__name__}"
        failed.append("knowledge")
    if failed:
        return error_response(
            503,
            "not_ready",
            f"not ready: {', '.join(failed)}",
            details=[{"check": k, "status": v} for k, v in checks.items()],
        )
    return JSONResponse(Health(status="ready", checks=checks).model_dump())


@router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}},
)
def metrics(ctx: ContextDep) -> Response:
    """Prometheus text format: request latency, jobs, LLM tokens and cost, cache hits."""
    from prometheus_client import CONTENT_TYPE_LATEST

    return Response(ctx.metrics.render(), media_type=CONTENT_TYPE_LATEST)


@knowledge.get("/search", response_model=SearchResult)
def search(
    _caller: ApiKeyDep,
    ctx: ContextDep,
    q: Annotated[str, Query(min_length=1, max_length=1000, description="What to look for.")],
    section: Annotated[
        SectionName | None, Query(description="Only passages for this section.")
    ] = None,
    k: Annotated[int, Query(ge=1, le=50)] = 5,
) -> SearchResult:
    """Top passages of the knowledge base (hybrid retrieval; BM25 when no embedder)."""
    passages = ctx.service.kb_search(q, k=k, section=section)
    return SearchResult(
        query=q,
        section=section,
        results=[
            PassageOut(
                chunk_id=p.chunk_id,
                doc_id=p.doc_id,
                title=p.title,
                heading=p.heading,
                score=p.score,
                text=p.text,
            )
            for p in passages
        ],
    )
