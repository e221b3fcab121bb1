"""What the model is asked to return for a section, and how its answer is read back.

A prompt version names, per section, the fields the model decides (`fields` in the
manifest). The model answers in a draft model built from the section model's own field types
(plus `cited_ids`); fields it leaves null keep the expert draft's value. Asking for the
decisions rather than every field keeps answers short enough for small local models, and the
section is still validated as the real section model after merging.

Two schema dialects: OpenAI's strict `json_schema` (every property required, nullable where
optional, no defaults or numeric bounds) and llama.cpp's `json_object` + `schema` grammar,
which takes the same strict schema (requiring every field stops a small model from emitting
`{}` and calling it done).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

ResponseStyle = Literal["json_schema", "json_object_schema", "json_object"]

_DROP = frozenset(
    {
        "default",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minLength",
        "maxLength",
        "pattern",
        "format",
        "minItems",
        "maxItems",
    }
)


class InvalidAnswer(ValueError):
    """The answer is not JSON or not the requested shape; the message is told to the model."""


@cache
def draft_model(section_cls: type[BaseModel], fields: tuple[str, ...]) -> type[BaseModel]:
    """A model with the chosen fields of `section_cls`, each nullable, plus `cited_ids`."""
    unknown = [f for f in fields if f not in section_cls.model_fields]
    if unknown:
        raise ValueError(f"{section_cls.__name__} has no field(s) {unknown}")
    spec: dict[str, Any] = {}
    for name in fields:
        info = section_cls.model_fields[name]
        nullable = cast(Any, info.annotation) | None
        spec[name] = (nullable, Field(default=None, description=info.description))
    spec["cited_ids"] = (
        list[str],
        Field(default_factory=list, description="Ids of the passages this section rests on."),
    )
    model: type[BaseModel] = create_model(
        f"{section_cls.__name__}Draft",
        __config__=ConfigDict(extra="forbid"),
        **spec,
    )
    return model


def strict_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema in the strict form: all properties required, optional ones
    nullable, no defaults or bounds (OpenAI strict mode rejects them; grammars ignore them)."""
    return cast(dict[str, Any], _strict(model.model_json_schema()))


def _strict(node: Any) -> Any:
    if isinstance(node, list):
        return [_strict(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _strict(v) for k, v in node.items() if k not in _DROP}
    props = out.get("properties")
    if isinstance(props, dict):
        required = set(node.get("required", []))
        for name, prop in props.items():
            if name not in required and not _nullable(prop):
                props[name] = {"anyOf": [prop, {"type": "null"}]}
        out["required"] = list(props)
        out["additionalProperties"] = False
    if "$ref" in out and len(out) > 1:  # strict mode allows no siblings next to $ref
        out = {"$ref": out["$ref"]}
    return out


def _nullable(prop: dict[str, Any]) -> bool:
    options = prop.get("anyOf", [])
    return prop.get("type") == "null" or any(o.get("type") == "null" for o in options)


def response_format(
    model: type[BaseModel], style: ResponseStyle
) -> tuple[dict[str, Any], str | None]:
    """The `response_format` for a style, and schema text to put in the prompt (json_object)."""
    schema = strict_schema(model)
    if style == "json_schema":
        return {
            "type": "json_schema",
            "json_schema": {"name": model.__name__, "schema": schema, "strict": True},
        }, None
    if style == "json_object_schema":
        return {"type": "json_object", "schema": schema}, None
    return {"type": "json_object"}, json.dumps(schema, separators=(",", ":"))


def read_answer(content: str, model: type[BaseModel]) -> dict[str, Any]:
    """Answer text -> the fields the model set (nulls dropped), or InvalidAnswer saying why."""
    text = _unfence(content)
    try:
        raw = json.loads(text, strict=False)  # raw newlines inside strings are common
    except json.JSONDecodeError as exc:
        raise InvalidAnswer(f"the answer is not valid JSON ({exc.msg} at char {exc.pos})") from exc
    if not isinstance(raw, dict):
        raise InvalidAnswer("the answer must be one JSON object")
    cleaned = _drop_nulls(raw)
    try:
        parsed = model.model_validate(cleaned)
    except ValidationError as exc:
        raise InvalidAnswer(explain(exc)) from exc
    return parsed.model_dump(mode="json", exclude_unset=True)


def _unfence(content: str) -> str:
    """Servers without schema support often wrap JSON in ``` fences; take what is inside."""
    text = content.strip()
    if text.startswith("```"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
        text = text.rsplit("```", 1)[0]
    return text.strip()


def _drop_nulls(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _drop_nulls(v) for k, v in node.items() if v is not None}
    if isinstance(node, list):
        return [_drop_nulls(v) for v in node if v is not None]
    return node


def explain(exc: ValidationError, limit: int = 6) -> str:
    """Pydantic errors as short lines a model can act on."""
    lines = []
    for err in exc.errors()[:limit]:
        where = ".".join(str(p) for p in err["loc"]) or "(root)"
        lines.append(f"{where}: {err['msg']}")
    more = len(exc.errors()) - limit
    if more > 0:
        lines.append(f"+{more} more")
    return "; ".join(lines)
