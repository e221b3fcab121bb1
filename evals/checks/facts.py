"""What the plan knows versus what it assumed: unstated facts must surface as assumptions
and open questions, stated ones must be traceable to the brief text."""

from __future__ import annotations

import re

from mlplan.domain import Origin, Plan

_ASKS_WHAT_TO_PREDICT = re.compile(
    r"^\s*(what|which)\b[^?]*\b(predict|target|label|outcome|use case|decision|problem|task)",
    re.IGNORECASE,
)


def assumptions_cover_assumed_facts(plan: Plan) -> str | None:
    """Every brief field filled by default appears in plan.assumptions with a reason."""
    listed = {a.field.removeprefix("brief.") for a in plan.assumptions if a.reason.strip()}
    missing = sorted(
        name
        for name, src in plan.brief.facts.items()
        if src.origin is Origin.ASSUMED and name not in listed
    )
    if missing:
        return f"assumed brief fields not listed as assumptions: {', '.join(missing)}"
    return None


def stated_facts_quote_the_brief(plan: Plan) -> str | None:
    """Each stated fact with a span points at the exact text of the brief."""
    raw = plan.brief.raw_text
    for name, src in plan.brief.facts.items():
        if src.origin is Origin.STATED and src.span is not None:
            quoted = raw[src.span.start : src.span.end]
            if quoted != src.span.text:
                return f"{name}: span {src.span.start}-{src.span.end} is {quoted!r}, not {src.span.text!r}"
    return None


def vague_brief_surfaces_unknowns(plan: Plan) -> str | None:
    """A vague brief: task, data and success are assumed and asked about, not invented."""
    assumed = {a.field for a in plan.assumptions}
    for needed in ("brief.task_type", "brief.target", "brief.data_sources"):
        if needed not in assumed:
            return f"{needed} is not listed as an assumption"
    if plan.brief.total_rows is not None or plan.training.split.sizes is not None:
        return "split sizes / row counts were invented for a brief that gives no volume"
    sections = {q.section.value for q in plan.open_questions}
    for needed_section in ("data", "overview"):
        if needed_section not in sections:
            return f"no open question about {needed_section}"
    if len(plan.open_questions) < 5:
        return f"only {len(plan.open_questions)} open questions for a one-line brief"
    if any(not q.why_it_matters.strip() for q in plan.open_questions):
        return "an open question does not say why it matters"
    return None


def asks_what_to_predict(plan: Plan) -> str | None:
    """When the task was assumed, the first thing to ask is what should be predicted."""
    if plan.brief.origin("task_type") is not Origin.ASSUMED:
        return None if plan.brief.target else "no target although the task is known"
    for q in plan.open_questions:
        if _ASKS_WHAT_TO_PREDICT.search(q.question):
            return None
    return (
        f"task type was assumed ({plan.brief.task_type.value}) but no open question asks what "
        f"the model should predict or which decision it supports"
    )


def unknown_positive_rate_is_asked(plan: Plan) -> str | None:
    """No stated class balance: the plan asks for it and says what it assumed for the A/B test."""
    if plan.brief.positive_class_rate is not None:
        return "a positive rate was set although the brief gives none"
    if not any(
        "positive" in q.question.lower() or "balance" in q.question.lower()
        for q in plan.open_questions
    ):
        return "no open question asks for the class balance"
    ab = plan.evaluation.validation_strategy.ab_test
    if ab is not None and not any(a.field == "ab_test.baseline_rate" for a in plan.assumptions):
        return "the A/B test uses a baseline rate that is not listed as an assumption"
    return None
