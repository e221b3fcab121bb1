"""Turn what the user passed (brief text, a text file, a YAML/JSON brief file) into a ProjectBrief.

Input is untrusted: empty, binary, oversized or malformed input raises BriefError with one
readable sentence, and nothing is half-read.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from mlplan.domain import ProjectBrief
from mlplan.errors import BriefError
from mlplan.understand._qualitative import extract_serving
from mlplan.understand.text import extract, parse_text, to_brief

MAX_BRIEF_BYTES = 100_000
_STRUCTURED = {".yaml", ".yml", ".json"}
_TEXT_KEYS = ("text", "brief", "description")
_TEXT_SUFFIXES = {".txt", ".md"}
_COMPUTED = {"facts", "raw_text"}


def _looks_like_path(arg: str) -> bool:
    """A single line naming a brief file (by suffix, or because it exists) is a path."""
    if "\n" in arg or len(arg) >= 4096 or not arg.strip():
        return False
    path = Path(arg)
    if path.suffix.lower() in _STRUCTURED | _TEXT_SUFFIXES:
        return True
    try:
        return path.exists()
    except (OSError, ValueError):  # a long sentence is not a file name
        return False


def read_brief_bytes(data: bytes, *, name: str, max_bytes: int = MAX_BRIEF_BYTES) -> str:
    """Decode a brief, refusing what is not a page of text."""
    if len(data) > max_bytes:
        raise BriefError(
            f"{name} is {len(data):,} bytes; a brief may be at most {max_bytes:,} bytes"
        )
    if b"\x00" in data:
        raise BriefError(
            f"{name} looks binary (it contains NUL bytes); pass a text, YAML or JSON brief"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BriefError(f"{name} is not UTF-8 text (byte {exc.start} cannot be decoded)") from None
    printable = sum(ch.isprintable() or ch.isspace() for ch in text)
    if text and printable / len(text) < 0.9:
        raise BriefError(f"{name} looks binary (mostly unprintable characters)")
    if not text.strip():
        raise BriefError(f"{name} is empty; describe the project in a sentence or more")
    return text


def _where(exc: Exception) -> str:
    """' (line N)' for JSON and YAML syntax errors, when the parser says where."""
    line = getattr(exc, "lineno", None)  # json.JSONDecodeError: 1-based
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if line is None and mark is not None:
        line = mark.line + 1  # yaml marks are 0-based
    problem = getattr(exc, "problem", None) or getattr(exc, "msg", None)
    detail = f": {problem}" if isinstance(problem, str) else ""
    return f" (line {line}{detail})" if line is not None else ""


def _field_error(exc: ValidationError, name: str) -> BriefError:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"]) or "(top level)"
    return BriefError(f"{name}: field '{where}': {err['msg']}")


def parse_structured(text: str, *, name: str, suffix: str) -> ProjectBrief:
    """YAML/JSON brief: optional free `text` plus explicit fields, which win over the prose."""
    try:
        if suffix == ".json":
            data: Any = json.loads(text)
        else:
            import yaml

            data = yaml.safe_load(text)
    except Exception as exc:  # json.JSONDecodeError or yaml.YAMLError; yaml is imported lazily
        raise BriefError(f"{name} is not valid {suffix.lstrip('.').upper()}{_where(exc)}") from None
    if not isinstance(data, dict):
        raise BriefError(f"{name} must hold a mapping of brief fields, not {type(data).__name__}")
    unknown = sorted(set(data) - set(ProjectBrief.model_fields) - set(_TEXT_KEYS))
    if unknown:
        raise BriefError(f"{name}: unknown field '{unknown[0]}' (see `mlplan schema --brief`)")
    computed = sorted(set(data) & _COMPUTED)
    if computed:
        raise BriefError(f"{name}: field '{computed[0]}' is filled in by mlplan; remove it")
    for key in _TEXT_KEYS:
        if key in data and not isinstance(data[key], str):
            raise BriefError(f"{name}: field '{key}' must be text, not {type(data[key]).__name__}")
    prose = next((data[k] for k in _TEXT_KEYS if data.get(k)), None)
    fields = {k: v for k, v in data.items() if k not in _TEXT_KEYS}
    if prose is None:
        prose = " ".join(str(fields.get(k, "")) for k in ("title", "business_problem", "objective"))
    if not prose.strip():
        raise BriefError(f"{name}: give at least `text` or `business_problem`")
    sheet = extract(prose)
    try:
        ProjectBrief.model_validate({**_minimal(), **fields})
    except ValidationError as exc:
        raise _field_error(exc, name) from None
    for key, value in fields.items():
        sheet.override(key, value)
    if "serving_mode" not in fields:
        extract_serving(sheet)  # a latency or request rate given as a field implies online serving
    if "task_type" in fields and "n_classes" not in fields and not sheet.is_stated("n_classes"):
        sheet.values.pop("n_classes", None)  # inferred from the prose's task, now replaced
        sheet.facts.pop("n_classes", None)
    try:
        return to_brief(sheet)
    except ValidationError as exc:
        raise _field_error(exc, name) from None


def _minimal() -> dict[str, Any]:
    return {"title": "x", "business_problem": "x", "objective": "x", "task_type": "regression"}


def load_brief(arg: str, *, max_bytes: int = MAX_BRIEF_BYTES) -> ProjectBrief:
    """A brief given as text or as a path to a .txt/.md/.yaml/.json file."""
    if _looks_like_path(arg):
        path = Path(arg)
        if path.is_dir():
            raise BriefError(f"{arg} is a directory; pass a brief file or the brief text")
        if not path.is_file():
            raise BriefError(f"brief file {arg} does not exist")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise BriefError(f"cannot read brief file {arg}: {exc.strerror}") from None
        text = read_brief_bytes(data, name=arg, max_bytes=max_bytes)
        suffix = path.suffix.lower()
        if suffix in _STRUCTURED:
            return parse_structured(text, name=arg, suffix=suffix)
        return parse_text(text)
    text = read_brief_bytes(
        arg.encode("utf-8", "surrogatepass"), name="the brief", max_bytes=max_bytes
    )
    return parse_text(text)
