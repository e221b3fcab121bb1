"""/v1/reviews: review a plan someone wrote (JSON text or a multipart file upload)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from mlplan.adapters.api.deps import ApiKeyDep, ContextDep
from mlplan.adapters.api.errors import ERROR_RESPONSES, ApiError
from mlplan.adapters.api.idempotency import IdempotentRoute
from mlplan.adapters.api.inputs import review_document, safe_filename, validated_body
from mlplan.adapters.api.schemas import ID_PATTERN, ReviewRequest
from mlplan.store.api import ReviewRecord

router = APIRouter(
    prefix="/v1/reviews", tags=["reviews"], route_class=IdempotentRoute, responses=ERROR_RESPONSES
)

_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": ReviewRequest.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "The plan: .md, .txt, .json or .docx.",
                        }
                    },
                }
            },
        },
    }
}


async def _read_body(request: Request) -> tuple[bytes, str]:
    """(document bytes, safe file name) from a JSON body or a multipart upload."""
    ctype = request.headers.get("content-type", "").lower()
    if ctype.startswith("multipart/form-data"):
        form = await request.form(max_files=1, max_fields=4)
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise ApiError(422, "invalid_request", "send the plan as a multipart field `file`")
        data = await upload.read()
        return data, safe_filename(upload.filename, data)
    if ctype.startswith("application/json") or not ctype:
        body = validated_body(ReviewRequest, await request.body())
        data = body.text.encode("utf-8", "surrogatepass")
        return data, safe_filename(body.filename, data)
    raise ApiError(415, "unsupported_media_type", "send application/json or multipart/form-data")


@router.post(
    "",
    status_code=201,
    response_model=ReviewRecord,
    openapi_extra=_BODY,
    responses={415: ERROR_RESPONSES[400] | {"description": "unsupported media type"}},
)
async def create_review(request: Request, caller: ApiKeyDep, ctx: ContextDep) -> JSONResponse:
    """Review a plan document against the rule catalogue; text addressed to the reviewer is
    reported under `reviewer_directives`, never obeyed."""
    data, name = await _read_body(request)
    review = await run_in_threadpool(review_document, ctx.service, data, name)
    record = await run_in_threadpool(ctx.store.save_review, review, source=name, owner=caller.owner)
    return JSONResponse(
        record.model_dump(mode="json"),
        status_code=201,
        headers={"Location": f"/v1/reviews/{record.review_id}"},
    )


@router.get("/{review_id}", response_model=ReviewRecord)
def get_review(
    review_id: Annotated[str, Path(pattern=ID_PATTERN)],
    _caller: ApiKeyDep,
    ctx: ContextDep,
) -> ReviewRecord:
    record = ctx.store.get_review(review_id)
    if record is None:
        raise ApiError(404, "not_found", f"review {review_id} not found")
    return record
