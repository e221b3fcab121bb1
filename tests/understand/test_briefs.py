"""Realistic briefs (tests/understand/briefs/*.yaml) read the way a careful human reads them.

Each file holds `text` and `expect`. `expect` maps ProjectBrief fields to what the text says;
`null` means the brief does not say it (so it must not be invented); the special key
`assumed` lists fields that must come out as explicit assumptions.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from mlplan.domain import Origin, ProjectBrief
from mlplan.understand import parse_text

BRIEF_DIR = Path(__file__).parent / "briefs"
BRIEF_FILES = sorted(BRIEF_DIR.glob("*.yaml"))

NUMERIC = {
    "total_rows",
    "n_entities",
    "positive_class_rate",
    "latency_p99_ms",
    "throughput_rps",
    "deadline_weeks",
    "budget_usd",
}
EXACT_INT = {"team_size", "n_classes"}
DURATIONS = {"forecast_horizon", "label_delay", "history"}
KNOWN_ORIGINS = {Origin.STATED, Origin.INFERRED}
REL_TOL = {"deadline_weeks": 0.03, "throughput_rps": 0.01}

_DAYS = {"minute": 1 / 1440, "hour": 1 / 24, "day": 1, "week": 7, "month": 30.44, "year": 365.25}
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\+?\s*-?\s*(minute|hour|day|week|month|year)s?", re.I)


def to_days(value: str) -> float:
    m = _DURATION.search(value)
    assert m, f"not a duration: {value!r}"
    return float(m.group(1)) * _DAYS[m.group(2).lower()]


def load_case(path: Path) -> dict[str, Any]:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(case, dict) and {"text", "expect"} <= set(case), f"{path.name}: bad case"
    return case


def _close(actual: float, want: float, rel: float) -> bool:
    return abs(actual - want) <= rel * abs(want) + 1e-9


def check_field(brief: ProjectBrief, field: str, want: Any) -> str | None:
    """None when the field matches the expectation, else a one-line description of the miss."""
    actual = getattr(brief, field)
    origin = brief.origin(field)
    shown = f"{field}: want {want!r}, got {actual!r} ({origin})"
    if want is None:
        return shown if actual is not None else None
    if field in NUMERIC | EXACT_INT | DURATIONS and origin not in KNOWN_ORIGINS:
        return shown + " - not read from the text"
    if field in NUMERIC:
        ok = actual is not None and _close(float(actual), float(want), REL_TOL.get(field, 0.02))
    elif field in EXACT_INT:
        ok = actual == want
    elif field in DURATIONS:
        ok = actual is not None and _close(to_days(actual), to_days(str(want)), 0.03)
    elif field == "regulations":
        ok = {str(r) for r in actual} == set(want)
    elif field == "modalities":
        got = {str(m) for m in actual}
        ok = set(want) <= got and got - set(want) <= {"tabular"}
    elif field == "sensitive_attributes":
        ok = all(any(w in a for a in actual) for w in want) and (bool(want) or not actual)
    elif field == "group_key":
        ok = actual is not None and any(w in actual for w in want)
    elif field == "current_solution":
        ok = actual is not None and want.lower() in actual.lower()
    elif field == "success_kpis":
        ok = all(any(w.lower() in k.lower() for k in actual) for w in want)
    elif isinstance(want, list):
        ok = str(actual) in want
    else:
        ok = actual == want or str(actual) == str(want)
    return None if ok else shown


@pytest.mark.parametrize("path", BRIEF_FILES, ids=lambda p: p.stem)
def test_brief_reads_like_a_human_reads_it(path: Path) -> None:
    case = load_case(path)
    brief = parse_text(case["text"])
    expect = dict(case["expect"])
    assumed = expect.pop("assumed", [])
    misses = [miss for f, w in expect.items() if (miss := check_field(brief, f, w))]
    misses += [
        f"{f}: want origin assumed, got {brief.origin(f)} ({getattr(brief, f)!r})"
        for f in assumed
        if brief.origin(f) is not Origin.ASSUMED
    ]
    assert not misses, "\n".join(misses)


def test_there_are_enough_briefs() -> None:
    assert len(BRIEF_FILES) >= 30


def test_every_expected_field_exists() -> None:
    fields = set(ProjectBrief.model_fields)
    for path in BRIEF_FILES:
        expect = load_case(path)["expect"]
        unknown = set(expect) - fields - {"assumed"}
        assert not unknown, f"{path.name}: unknown fields {unknown}"
        assert set(expect.get("assumed", [])) <= fields, path.name


@pytest.mark.parametrize("path", BRIEF_FILES, ids=lambda p: p.stem)
def test_brief_parsing_is_deterministic(path: Path) -> None:
    text = load_case(path)["text"]
    assert parse_text(text) == parse_text(text)
