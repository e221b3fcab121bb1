"""Plan facts the rules reason about, each with the evidence it rests on.

A rule needs to know e.g. whether the data is time-ordered. The plan's own fields are
read first, the brief is the fallback, and the answer carries a human ``basis`` (which
field, or the quoted words of the brief) so every message can say *why* mlplan believes it.
A fact that is ``None`` means "not applicable / not known", which keeps rules silent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from mlplan.domain import (
    Metric,
    MetricName,
    Modality,
    Origin,
    Plan,
    ProjectBrief,
    ServingMode,
    TaskType,
)

T = TypeVar("T")

IMBALANCED_BELOW = 0.10
"""Minority share below which accuracy and ROC-AUC mislead (metrics-imbalanced-classification)."""

ONLINE_MODES = frozenset({ServingMode.REALTIME, ServingMode.STREAMING, ServingMode.EDGE})
"""Serving modes where a caller waits for each prediction, so latency is a requirement."""

_EMPTY_WORDS = frozenset(
    {
        "",
        "none",
        "n/a",
        "na",
        "-",
        "—",
        "?",
        "unknown",
        "not specified",
        "not applicable",
        "no",
        "tbd",
        "tbc",
        "todo",
    }
)


@dataclass(frozen=True, slots=True)
class Fact(Generic[T]):
    """A value mlplan believes about the project, and the evidence for it."""

    value: T
    basis: str


PLACEHOLDER = re.compile(
    r"\[\s*e\.?\s?g\.?,?\s[^\]]*\]"
    r"|(?i:\[\s*(?:insert|your|add|fill\s+in|describe|specify|placeholder)\b[^\]]*\])"
    r"|(?i:<\s*(?:placeholder|insert\b[^>]*|your\b[^>]*|fill[- ]in\b[^>]*)\s*>)"
    r"|(?i:\bTBD\b|\bTBC\b|\blorem\s+ipsum\b)"
    r"|\bTODO\b|\bFIXME\b"
    r"|(?<![A-Za-z0-9])X{2,}(?![A-Za-z0-9])"
    r"|\$X+(?:[.,]X+)?(?:[kKmMbB]|bn)?(?![A-Za-z0-9])"
    r"|\?\?\?"
)
"""Template placeholders: '[e.g., …]', '[insert …]', 'TBD', 'XX', '$X' (S02 reports them)."""
_LABEL = re.compile(r"^[\w /()'-]{0,40}:\s*")


def unfilled(text: str) -> bool:
    """Text that is only a template placeholder, perhaps after its label ('Data retention
    period: [e.g., 3 years]', 'TBD'): the decision it stands for was not made."""
    rest = PLACEHOLDER.sub(" ", _LABEL.sub("", text.strip().strip("*_ ")))
    return rest != text and not re.search(r"[A-Za-z0-9]", rest.strip(" .,;*_"))


def blank(text: str | None) -> bool:
    """True when a free-text field says nothing ('', 'none', 'n/a', 'unknown', 'TBD', ...).

    A bare placeholder, with or without its label ('Retention: [e.g., 3 years]'), is absent
    content for the rule that needs the field; S02 reports the placeholder itself.
    """
    return text is None or text.strip().strip(".").lower() in _EMPTY_WORDS or unfilled(text)


def clip(text: str, limit: int = 90) -> str:
    """One-line excerpt of plan text, short enough to quote inside a message."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def q(text: str, limit: int = 90) -> str:
    """Quote plan text for a message: ``'…'`` around a clipped excerpt."""
    return f"'{clip(text, limit)}'"


def brief_says(brief: ProjectBrief, field: str, default: str) -> str:
    """Evidence for a brief field: the quoted span when the brief stated it, else ``default``."""
    src = brief.facts.get(field)
    if src is not None and src.span is not None and src.span.text.strip():
        return f'the brief says "{clip(src.span.text, 70)}"'
    if src is not None and src.origin is Origin.MEASURED and src.reason:
        return clip(src.reason, 110)
    return default


def fmt_num(value: float) -> str:
    """Render a number the way a person wrote it: 0.04, 50, 1.5 (no trailing zeros)."""
    return f"{value:.6g}"


def pct(rate: float) -> str:
    """Render a rate as a percentage, e.g. 0.035 -> '3.5 %'."""
    return f"{rate * 100:.3g} %"


_NEGATED_CLAUSE = re.compile(
    r"\b(?:never|not|no|nothing|none|neither|without|except|excluding|nor)\b[^.;,()]*", re.I
)


def says_positively(text: str, pattern: re.Pattern[str]) -> bool:
    """True when ``pattern`` occurs outside a negated clause ('never the test set' is not use)."""
    return bool(pattern.search(_NEGATED_CLAUSE.sub(" ", text)))


# -- facts -------------------------------------------------------------------------------


def task_type(plan: Plan) -> Fact[TaskType]:
    """The task, as the model section frames it, else as the brief does."""
    if plan.model.problem_type is not None:
        return Fact(plan.model.problem_type, f"model.problem_type is '{plan.model.problem_type}'")
    return Fact(plan.brief.task_type, f"brief.task_type is '{plan.brief.task_type}'")


def time_order(plan: Plan) -> Fact[bool] | None:
    """Evidence that rows are time-ordered and the model predicts the future from the past."""
    if plan.data.has_time_order:
        return Fact(True, "data.has_time_order is true")
    brief = plan.brief
    if brief.time_ordered:
        return Fact(True, brief_says(brief, "time_ordered", "brief.time_ordered is true"))
    if task_type(plan).value is TaskType.FORECASTING:
        return Fact(True, "the task is forecasting")
    if Modality.TIME_SERIES in brief.modalities and not brief.is_known("time_ordered"):
        # signal windows classified one by one: the brief says their order does not matter
        return Fact(True, "the brief lists a time_series modality")
    return None


def group_key(plan: Plan) -> Fact[str] | None:
    """The entity whose rows must not straddle splits, if any section names one."""
    if plan.data.group_key and not blank(plan.data.group_key):
        return Fact(plan.data.group_key, f"data.group_key is '{plan.data.group_key}'")
    brief = plan.brief
    if brief.group_key and not blank(brief.group_key):
        default = f"brief.group_key is '{brief.group_key}'"
        return Fact(brief.group_key, brief_says(brief, "group_key", default))
    key = plan.training.split.group_key
    if key and not blank(key):
        return Fact(key, f"training.split.group_key is '{key}'")
    profile = plan.data.profile
    if profile is not None and profile.group_key is not None:
        measured = profile.group_key
        return Fact(
            measured.column,
            f"measured in {profile.source}: {measured.n_groups:,} values of "
            f"'{measured.column}' repeat {measured.rows_per_group:.1f} rows each",
        )
    return None


def positive_rate(plan: Plan) -> Fact[float] | None:
    """Share of the positive / rare class: the data section's figure, else the brief's."""
    rate = plan.data.positive_class_rate
    if rate is not None:
        return Fact(rate, f"data.positive_class_rate is {fmt_num(rate)}")
    rate = plan.brief.positive_class_rate
    if rate is not None:
        default = f"brief.positive_class_rate is {fmt_num(rate)}"
        return Fact(rate, brief_says(plan.brief, "positive_class_rate", default))
    return None


def imbalance(plan: Plan) -> Fact[float] | None:
    """The minority-class share when it is below :data:`IMBALANCED_BELOW`, else None."""
    rate = positive_rate(plan)
    if rate is None:
        return None
    minority = min(rate.value, 1.0 - rate.value)
    return Fact(minority, rate.basis) if minority < IMBALANCED_BELOW else None


def personal_data(plan: Plan) -> Fact[bool] | None:
    """Evidence that the project processes personal data (GDPR's sense: about a person)."""
    data = plan.data
    if data.contains_personal_data:
        return Fact(True, "data.contains_personal_data is true")
    if data.privacy.contains_personal_data:
        return Fact(True, "data.privacy.contains_personal_data is true")
    brief = plan.brief
    if brief.personal_data:
        return Fact(True, brief_says(brief, "personal_data", "brief.personal_data is true"))
    attrs = data.sensitive_attributes or brief.sensitive_attributes
    if attrs:
        return Fact(True, f"the plan lists sensitive attributes ({', '.join(attrs[:4])})")
    return None


def affects_people(plan: Plan) -> Fact[bool] | None:
    """Evidence that model outputs drive decisions about individual people."""
    brief = plan.brief
    if brief.affects_people:
        return Fact(True, brief_says(brief, "affects_people", "brief.affects_people is true"))
    if plan.evaluation.fairness.applicable:
        return Fact(True, "evaluation.fairness.applicable is true")
    return None


def human_subjects(plan: Plan) -> Fact[bool] | None:
    """People are the data subjects: personal data, or decisions about people."""
    return personal_data(plan) or affects_people(plan)


def latency_budget(plan: Plan) -> Fact[float] | None:
    """The tightest p99 latency the plan commits to, else the brief's requirement."""
    stated = [
        (v, p)
        for v, p in (
            (plan.deployment.latency_ms_p99, "deployment.latency_ms_p99"),
            (plan.evaluation.latency_target_ms, "evaluation.latency_target_ms"),
        )
        if v is not None
    ]
    if stated:
        value, path = min(stated, key=lambda pair: pair[0])
        return Fact(value, f"{path} is {fmt_num(value)} ms")
    if plan.brief.latency_p99_ms is not None:
        ms = plan.brief.latency_p99_ms
        default = f"brief.latency_p99_ms is {fmt_num(ms)} ms"
        return Fact(ms, brief_says(plan.brief, "latency_p99_ms", default))
    return None


def no_list(names: list[str]) -> str:
    """'no a', 'no a and no b', 'no a, no b and no c': readable lists of what is missing."""
    parts = [f"no {n}" for n in names]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def metric_label(plan: Plan) -> str:
    """How messages name the primary metric: its id, its display name, or a generic phrase."""
    primary = plan.evaluation.primary_metric
    if primary.name is not MetricName.OTHER:
        return f"'{primary.name}'"
    return f"'{clip(primary.display, 40)}'" if not blank(primary.display) else "the primary metric"


def plan_metrics(plan: Plan) -> Iterator[tuple[str, Metric]]:
    """The primary and secondary metrics with their plan paths."""
    yield "evaluation.primary_metric", plan.evaluation.primary_metric
    for i, metric in enumerate(plan.evaluation.secondary_metrics):
        yield f"evaluation.secondary_metrics[{i}]", metric
