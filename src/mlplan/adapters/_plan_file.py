"""Read a plan JSON file for `mlplan validate`: untrusted input, clear errors, nothing half-read."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from mlplan.domain import Plan
from mlplan.errors import PlanFileError

MAX_PLAN_BYTES = 2_000_000


def read_plan_file(path: Path) -> Plan:
    if not path.is_file():
        raise PlanFileError(f"plan file {path} does not exist")
    data = path.read_bytes()
    if len(data) > MAX_PLAN_BYTES:
        raise PlanFileError(
            f"{path} is {len(data):,} bytes; a plan file may be at most {MAX_PLAN_BYTES:,} bytes"
        )
    if not data.strip():
        raise PlanFileError(f"{path} is empty")
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise PlanFileError(
            f"{path} is not valid JSON ({exc.__class__.__name__}); `mlplan validate` reads the output of `mlplan plan --format json`"
        ) from None
    if isinstance(raw, dict):
        raw.pop("findings", None)
    try:
        return Plan.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "(top level)"
        raise PlanFileError(
            f"{path}: field '{where}': {err['msg']} ({exc.error_count()} problem(s) in total)"
        ) from None
