"""Turning request bodies into service arguments without ever naming a server-side path.

`PlanService.plan` and `.review` accept a path or text and tell them apart by shape (one
line with a file suffix is a path). Input from the network must never be read as a path,
so text always reaches the service with a newline in it, and structured briefs and uploaded
documents are written to a private temporary folder first; error messages are scrubbed of
that folder so callers see only their own names.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

from mlplan.domain import Plan, Review
from mlplan.errors import MlplanError
from mlplan.service import DataRequest, LlmMode, PlanService

_M = TypeVar("_M", bound=BaseModel)
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._ -]+")
REVIEW_SUFFIXES = (".md", ".markdown", ".txt", ".json", ".docx")


def validated_body(model: type[_M], raw: bytes | dict[str, Any]) -> _M:
    """A request body (JSON bytes or form fields) as `model`, or FastAPI's own 422 shape."""
    try:
        if isinstance(raw, bytes):
            return model.model_validate_json(raw)
        return model.model_validate(raw)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors(include_url=False, include_input=False)) from None


def structured_brief_field(text: str) -> str | dict[str, Any]:
    """A form field holding a JSON object is a structured brief; anything else stays text."""
    try:
        value = json.loads(text)
    except ValueError:
        return text
    return value if isinstance(value, dict) else text


def as_text(text: str) -> str:
    """Text the service cannot mistake for a path (it reads one-line inputs as file names)."""
    return text if "\n" in text else text + "\n"


@contextmanager
def _private_file(name: str, data: bytes) -> Iterator[Path]:
    """`data` as `<private dir>/<name>`; domain errors name only `name`, not the folder."""
    with tempfile.TemporaryDirectory(prefix="mlplan-api-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            yield path
        except MlplanError as exc:
            exc.message = exc.message.replace(str(path), name).replace(tmp, "")
            exc.args = (exc.message,)
            raise


@contextmanager
def brief_argument(brief: str | dict[str, Any]) -> Iterator[str]:
    """What to hand `PlanService.plan`: the text, or a private JSON file for a structured brief."""
    if isinstance(brief, str):
        yield as_text(brief)
        return
    with _private_file("brief.json", json.dumps(brief).encode("utf-8")) as path:
        yield str(path)


def make_plan(
    service: PlanService, brief: str | dict[str, Any], *, grounded_on: Plan | None = None
) -> Plan:
    """An offline plan from request input (`grounded_on`: the parent of a revision)."""
    with brief_argument(brief) as arg:
        return service.plan(arg, llm="none", grounded_on=grounded_on)


async def make_plan_async(
    service: PlanService,
    brief: str | dict[str, Any],
    *,
    llm: LlmMode,
    prompts: str | None,
    events: Any,
    data: DataRequest | None = None,
    grounded_on: Plan | None = None,
) -> Plan:
    with brief_argument(brief) as arg:
        return await service.aplan(
            arg, llm=llm, prompts=prompts, events=events, data=data, grounded_on=grounded_on
        )


def safe_filename(name: str | None, data: bytes) -> str:
    """A plain file name from an untrusted one; its suffix picks the reader."""
    base = _SAFE_NAME.sub("_", Path((name or "").replace("\\", "/")).name).strip(" .")[:100]
    if base and Path(base).suffix:
        return base
    stem = base or "plan"
    return f"{stem}.txt" if data.lstrip().startswith(b"{") else f"{stem}.md"


def review_document(service: PlanService, data: bytes, name: str) -> Review:
    """Review an uploaded or posted document under its (sanitised) name."""
    with _private_file(name, data) as path:
        review = service.review(str(path))
    return review.model_copy(update={"source": name})
