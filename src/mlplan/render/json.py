"""JSON rendering: the Plan as its schema describes it, enum values in snake_case."""

from __future__ import annotations

from pydantic import BaseModel


def render_json(model: BaseModel, *, indent: int | None = 2) -> str:
    return model.model_dump_json(indent=indent)
