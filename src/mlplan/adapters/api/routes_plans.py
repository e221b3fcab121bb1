"""/v1/plans: create (201 offline, 202 with a job for LLM drafting), fetch, list, revise."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from mlplan.adapters.api.context import ApiContext
from mlplan.adapters.api.deps import ApiKeyDep, ContextDep
from mlplan.adapters.api.errors import ERROR_RESPONSES, ApiError
from mlplan.adapters.api.idempotency import IdempotentRoute
from mlplan.adapters.api.inputs import make_plan, structured_brief_field, validated_body
from mlplan.adapters.api.schemas import (
    ID_PATTERN,
    JobOut,
    PlanPage,
    PlanRequest,
    PlanSummary,
    PlanUpload,
    RevisionRequest,
    VersionList,
    VersionSummary,
)
from mlplan.adapters.api.uploads import discard, save_upload
from mlplan.revision import brief_as_text, plan_changes, revised_brief
from mlplan.service import DataRequest
from mlplan.store.api import PlanRecord

router = APIRouter(
    prefix="/v1/plans", tags=["plans"], route_class=IdempotentRoute, responses=ERROR_RESPONSES
)

PlanId = Annotated[str, Path(pattern=ID_PATTERN)]
Version = Annotated[int | None, Query(ge=1, le=1_000_000, description="Default: latest.")]
_CREATED: dict[int | str, dict[str, Any]] = {
    201: {"model": PlanRecord, "description": "Planned offline: the stored plan (version 1)."},
    202: {"model": JobOut, "description": "LLM drafting started: follow the job."},
}
_PLAN_DOC: dict[int | str, dict[str, Any]] = {
    200: {
        "model": PlanRecord,
        "description": "The plan record (JSON), or the plan as Markdown.",
        "content": {"text/markdown": {"schema": {"type": "string"}}},
    }
}


def _created(record: PlanRecord) -> JSONResponse:
    return JSONResponse(
        record.model_dump(mode="json"),
        status_code=201,
        headers={"Location": f"/v1/plans/{record.plan_id}?version={record.version}"},
    )


def _accepted(job: Any) -> JSONResponse:
    out = JobOut.of(job)
    return JSONResponse(
        out.model_dump(mode="json"), status_code=202, headers={"Location": out.links["self"]}
    )


_CREATE_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": PlanRequest.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    **PlanUpload.model_json_schema(),
                    "properties": {
                        **PlanUpload.model_json_schema()["properties"],
                        "data": {
                            "type": "string",
                            "format": "binary",
                            "description": "Your data (CSV, Parquet or JSON Lines; at most "
                            "MLPLAN_MAX_DATA_BYTES): profiled, and the plan grounded on it. "
                            "Always drafted as a job (202).",
                        },
                    },
                }
            },
        },
    }
}


@router.post(
    "",
    status_code=201,
    responses=_CREATED,
    response_model=None,
    openapi_extra=_CREATE_BODY,
)
async def create_plan(request: Request, caller: ApiKeyDep, ctx: ContextDep) -> JSONResponse:
    """Plan from a brief. Offline (`llm: none`) answers at once; LLM modes run as a job.

    Send `multipart/form-data` with a `data` file to ground the plan on your data: the file
    is checked at once (readable, named columns exist), then profiled and the baselines
    measured in a job (202), whatever the drafter.
    """
    ctype = request.headers.get("content-type", "").lower()
    if ctype.startswith("multipart/form-data"):
        return await _create_with_data(request, caller.owner, ctx)
    if ctype and not ctype.startswith("application/json"):
        raise ApiError(
            415, "unsupported_media_type", "send application/json or multipart/form-data"
        )
    body = validated_body(PlanRequest, await request.body())
    mode = body.llm or ctx.settings.llm
    brief_text = brief_as_text(body.brief)
    if mode != "none":
        job_request = {
            "brief": body.brief,
            "brief_text": brief_text,
            "llm": mode,
            "prompts": body.prompts,
        }
        return _accepted(ctx.jobs.submit("plan", job_request, owner=caller.owner))
    plan = await run_in_threadpool(make_plan, ctx.service, body.brief)
    record = await run_in_threadpool(
        ctx.store.save_plan, plan, brief_text=brief_text, owner=caller.owner
    )
    ctx.metrics.record_plan(plan)
    return _created(record)


async def _create_with_data(request: Request, owner: str | None, ctx: ApiContext) -> JSONResponse:
    """The multipart door: brief fields + a data file -> a checked upload and a plan job."""
    form = await request.form(max_files=1, max_fields=8)
    upload = form.get("data")
    fields: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
    extra = [k for k, v in form.items() if not isinstance(v, str) and k != "data"]
    if extra:
        raise ApiError(422, "invalid_request", f"unexpected file field `{extra[0]}`; send `data`")
    if fields.get("brief", "").lstrip().startswith("{"):
        fields["brief"] = structured_brief_field(fields["brief"])
    body = validated_body(PlanUpload, fields)
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise ApiError(422, "invalid_request", "attach the data file as the multipart field `data`")
    path = await save_upload(
        upload, data_dir=ctx.settings.data_dir, max_bytes=ctx.settings.max_data_bytes
    )
    try:
        data = DataRequest(
            path, target=body.target, time_column=body.time_column, group_column=body.group_column
        )
        await run_in_threadpool(ctx.service.check_data, data)
        job_request = {
            "brief": body.brief,
            "brief_text": brief_as_text(body.brief),
            "llm": body.llm or ctx.settings.llm,
            "prompts": body.prompts,
            "data": {
                "path": str(path),
                "name": path.name,
                "target": body.target,
                "time_column": body.time_column,
                "group_column": body.group_column,
            },
        }
        job = ctx.jobs.submit("plan", job_request, owner=owner)
    except BaseException:
        discard(path)
        raise
    return _accepted(job)


@router.get("", response_model=PlanPage)
def list_plans(
    caller: ApiKeyDep,
    ctx: ContextDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(min_length=1, max_length=500)] = None,
) -> PlanPage:
    """Your plans, newest first (latest version of each); follow `next_cursor` for more."""
    records, next_cursor = ctx.store.list_plans(limit=limit, cursor=cursor, owner=caller.owner)
    return PlanPage(items=[PlanSummary.of(r) for r in records], next_cursor=next_cursor)


def _get(ctx: ContextDep, plan_id: str, version: int | None) -> PlanRecord:
    record = ctx.store.get_plan(plan_id, version)
    if record is None:
        which = f" version {version}" if version else ""
        raise ApiError(404, "not_found", f"plan {plan_id}{which} not found")
    return record


def _markdown(record: PlanRecord) -> Response:
    from mlplan.render import render_markdown

    return Response(render_markdown(record.plan), media_type="text/markdown; charset=utf-8")


@router.get("/{plan_id}.md", responses=_PLAN_DOC, response_class=Response)
def get_plan_markdown(
    plan_id: PlanId, _caller: ApiKeyDep, ctx: ContextDep, version: Version = None
) -> Response:
    """The plan rendered as Markdown."""
    return _markdown(_get(ctx, plan_id, version))


@router.get("/{plan_id}", responses=_PLAN_DOC, response_model=None)
def get_plan(
    plan_id: PlanId,
    request: Request,
    _caller: ApiKeyDep,
    ctx: ContextDep,
    version: Version = None,
) -> Response:
    """One plan version as JSON, or Markdown with `Accept: text/markdown`."""
    record = _get(ctx, plan_id, version)
    accept = request.headers.get("accept", "")
    if "text/markdown" in accept and not accept.lstrip().startswith("application/json"):
        return _markdown(record)
    return JSONResponse(record.model_dump(mode="json"))


@router.get("/{plan_id}/versions", response_model=VersionList)
def list_versions(plan_id: PlanId, _caller: ApiKeyDep, ctx: ContextDep) -> VersionList:
    """Every version of a plan, oldest first, with what changed from its parent."""
    versions = ctx.store.plan_versions(plan_id)
    if not versions:
        raise ApiError(404, "not_found", f"plan {plan_id} not found")
    return VersionList(
        plan_id=plan_id,
        versions=[
            VersionSummary(
                version=r.version,
                parent_version=r.parent_version,
                created_at=r.created_at,
                changes=r.changes,
                summary=PlanSummary.of(r),
            )
            for r in versions
        ],
    )


@router.post("/{plan_id}/revisions", status_code=201, responses=_CREATED, response_model=None)
def revise_plan(
    plan_id: PlanId, body: RevisionRequest, caller: ApiKeyDep, ctx: ContextDep
) -> JSONResponse:
    """A new version: the latest version's brief plus your feedback or brief changes, re-planned.

    The answer lists what changed from the parent (primary metric, split, serving mode, ...).
    """
    parent = _get(ctx, plan_id, None)
    brief = revised_brief(parent.brief_text, feedback=body.feedback, changes=body.brief_changes)
    brief_text = brief_as_text(brief)
    mode = body.llm or ctx.settings.llm
    if mode != "none":
        request = {
            "brief": brief,
            "brief_text": brief_text,
            "llm": mode,
            "prompts": body.prompts,
            "plan_id": plan_id,
            "parent_version": parent.version,
        }
        return _accepted(ctx.jobs.submit("revision", request, owner=caller.owner))
    plan = make_plan(ctx.service, brief, grounded_on=parent.plan)
    record = ctx.store.save_plan(
        plan,
        brief_text=brief_text,
        plan_id=plan_id,
        parent_version=parent.version,
        changes=plan_changes(parent.plan, plan) or ["no planned field changed"],
        owner=caller.owner,
    )
    ctx.metrics.record_plan(plan)
    return _created(record)
