"""Revising a plan: the next brief from the parent's brief plus feedback, and what changed.

A revision is a re-plan, not an edit: the parent's brief text plus the new text (or brief
field changes) goes through the same understand -> draft -> validate flow, so a revised plan
is as checked as the first one. `plan_changes` then says, field by field, what moved, so a
reader sees the effect of their feedback without diffing two documents.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from mlplan.domain import Plan
from mlplan.domain.plan import SECTION_FIELDS


def structured_brief(brief_text: str) -> dict[str, Any] | None:
    """The structured brief a stored brief text holds, or None for a prose brief."""
    if not brief_text.lstrip().startswith("{"):
        return None
    try:
        data = json.loads(brief_text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def revised_brief(
    parent_brief: str, *, feedback: str | None = None, changes: dict[str, Any] | None = None
) -> str | dict[str, Any]:
    """The brief for the next version: prose stays prose; field changes make it structured.

    Feedback is appended after the parent's text, so facts it states are read alongside
    (and, where the understanding stage prefers later mentions, over) the original ones.
    """
    feedback = (feedback or "").strip()
    parent = structured_brief(parent_brief)
    if parent is None and not changes:
        return f"{parent_brief.rstrip()}\n\n{feedback}" if feedback else parent_brief
    data: dict[str, Any] = dict(parent) if parent is not None else {"text": parent_brief}
    if feedback:
        key = next((k for k in ("text", "brief", "description") if data.get(k)), "text")
        prose = str(data.get(key) or "").rstrip()
        data[key] = f"{prose}\n\n{feedback}" if prose else feedback
    data.update(changes or {})
    return data


def brief_as_text(brief: str | dict[str, Any]) -> str:
    """How a brief is stored: prose as is, a structured brief as JSON."""
    return (
        brief if isinstance(brief, str) else json.dumps(brief, ensure_ascii=False, sort_keys=True)
    )


_Getter = Callable[[Plan], object]

_TRACKED: tuple[tuple[str, _Getter], ...] = (
    ("task type", lambda p: p.brief.task_type),
    ("target", lambda p: p.brief.target),
    ("primary metric", lambda p: p.evaluation.primary_metric.name),
    ("split strategy", lambda p: p.training.split.strategy),
    ("split group key", lambda p: p.training.split.group_key),
    ("primary model", lambda p: p.model.primary.name),
    ("baseline", lambda p: p.model.baseline.name),
    ("serving mode", lambda p: p.deployment.serving_mode),
    ("p99 latency (ms)", lambda p: p.deployment.latency_ms_p99),
    ("throughput (rps)", lambda p: p.deployment.throughput_rps),
    ("rollout", lambda p: p.deployment.rollout.strategy),
    ("retraining", lambda p: p.deployment.retraining.frequency),
    ("personal data", lambda p: p.brief.personal_data),
    ("regulations", lambda p: sorted(r.value for r in p.brief.regulations)),
)


def _show(value: object) -> str:
    if value is None or value == "" or value == []:
        return "(none)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(getattr(value, "value", value))


def plan_changes(parent: Plan, child: Plan) -> list[str]:
    """What changed from `parent` to `child`, one readable line per change.

    The fields people decide on are compared one by one (`primary metric: roc_auc -> pr_auc`);
    any other section that differs is named once, and finding counts are compared last.
    """
    out: list[str] = []
    for label, get in _TRACKED:
        before, after = _show(get(parent)), _show(get(child))
        if before != after:
            out.append(f"{label}: {before} -> {after}")
    for name in SECTION_FIELDS:
        if getattr(parent, name) != getattr(child, name):
            out.append(f"{name} section revised")
    for label, attr in (("assumptions", "assumptions"), ("open questions", "open_questions")):
        a, b = len(getattr(parent, attr)), len(getattr(child, attr))
        if a != b:
            out.append(f"{label}: {a} -> {b}")
    before_counts, after_counts = _severity_counts(parent), _severity_counts(child)
    if before_counts != after_counts:
        out.append(f"findings: {before_counts} -> {after_counts}")
    return out


def _severity_counts(plan: Plan) -> str:
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in plan.findings:
        counts[f.severity.value] = counts.get(f.severity.value, 0) + 1
    return ", ".join(f"{n} {s}" for s, n in counts.items())
