"""Small Markdown building blocks, escaping what would break a table."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def cell(value: object) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return out + [""]


def bullets(items: Iterable[object]) -> list[str]:
    lines = [f"- {item}" for item in items if item]
    return lines + [""] if lines else []


def kv(pairs: Iterable[tuple[str, object]]) -> list[str]:
    """Bold-label lines for the fields that have a value; empty ones are skipped, not printed blank."""
    lines = [f"- **{label}:** {value}" for label, value in pairs if value not in (None, "", [])]
    return lines + [""] if lines else []
