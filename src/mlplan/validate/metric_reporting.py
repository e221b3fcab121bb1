"""Reporting and proof rules (M06-M11): how results are sliced, thresholded and shown to work.

The first metric rules (``metrics``) choose what to measure; these check how the plan
reports it (slices, threshold, intervals, one target per metric) and how it proves business
impact (a well-powered randomised test).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

from mlplan.domain import ABTest, Metric, MetricName, Plan, RolloutStrategy, Section, Severity
from mlplan.domain import TaskType as Task
from mlplan.stats import ab_sample_size_per_arm
from mlplan.validate._facts import (
    blank,
    fmt_num,
    metric_label,
    no_list,
    plan_metrics,
    positive_rate,
    q,
    task_type,
)
from mlplan.validate._metric_text import find_metric_targets, same_number, same_point
from mlplan.validate._registry import Hit, ValidationContext, rule
from mlplan.validate._sources import cite

_M = MetricName
_THRESHOLDED = frozenset(
    {Task.BINARY_CLASSIFICATION, Task.MULTILABEL_CLASSIFICATION, Task.ANOMALY_DETECTION}
)
"""Tasks whose scores become actions at a threshold (multiclass takes the argmax)."""


def required_per_arm(test: ABTest) -> int | None:
    """Two-proportion sample size per arm (normal approximation), when the inputs allow it."""
    p, mde = test.baseline_rate, test.minimum_detectable_effect
    if p is None or mde is None:
        return None
    return ab_sample_size_per_arm(p, mde, alpha=test.alpha, power=test.power)


@rule(
    "M06",
    section=Section.EVALUATION,
    severity=Severity.WARNING,
    title="A/B test without guardrails, unit or sample size",
    rationale="An online test without a randomisation unit, guardrail metrics and a sample size "
    "computed up front either cannot detect the effect or cannot be trusted when it does.",
    source=cite("S8"),
    fix="Specify the randomisation unit, guardrail metrics and the per-arm sample size from the "
    "baseline rate, minimum detectable effect, alpha and power.",
)
def m06_ab_test(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    test = plan.evaluation.validation_strategy.ab_test
    path = "evaluation.validation_strategy.ab_test"
    if test is None:
        if plan.deployment.rollout.strategy is RolloutStrategy.AB_TEST:
            yield Hit(
                f"deployment.rollout.strategy is 'ab_test' but {path} is not designed.",
                "deployment.rollout.strategy",
            )
        return
    missing = []
    if blank(test.unit):
        missing.append("randomisation unit")
    if not test.guardrail_metrics:
        missing.append("guardrail metrics")
    needed = required_per_arm(test)
    if test.sample_size_per_arm is None and needed is None:
        missing.append(
            "sample size (nor the baseline rate and minimum detectable effect to compute one)"
        )
    if missing:
        unit = f" (unit {q(test.unit, 30)})" if not blank(test.unit) else ""
        yield Hit(f"The A/B test{unit} has {no_list(missing)}.", path)
    planned = test.sample_size_per_arm
    if needed is not None and planned is not None and planned < 0.9 * needed:
        effect, base = test.minimum_detectable_effect or 0.0, test.baseline_rate or 0.0
        yield Hit(
            f"The A/B test plans {planned:,} per arm, but detecting a change of "
            f"{fmt_num(effect)} on a {fmt_num(base)} baseline at alpha {fmt_num(test.alpha)} and "
            f"power {fmt_num(test.power)} needs about {needed:,} per arm.",
            f"{path}.sample_size_per_arm",
            f"Plan at least {needed:,} {test.unit or 'units'} per arm, or accept a larger "
            "minimum detectable effect.",
        )


@rule(
    "M07",
    section=Section.EVALUATION,
    severity=Severity.WARNING,
    title="No evaluation by slice",
    rationale="An aggregate metric hides segments where the model fails (new users, small "
    "regions, rare classes); per-slice results catch them before users do.",
    source=cite("S1 Model 6", "S4"),
    fix="List the slices the metric is reported on (segments, regions, cohorts, sensitive "
    "groups where lawful) with a minimum acceptable value per slice.",
)
def m07_slices(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    if plan.evaluation.slices:
        return
    attrs = plan.data.sensitive_attributes or plan.brief.sensitive_attributes
    hint = (
        f"; the plan's sensitive attributes ({', '.join(attrs[:4])}) are obvious slices"
        if attrs
        else ""
    )
    yield Hit(
        f"evaluation.slices is empty: {metric_label(plan)} is reported only in aggregate{hint}.",
        "evaluation.slices",
    )


@rule(
    "M08",
    section=Section.EVALUATION,
    severity=Severity.INFO,
    title="No decision threshold or no rationale for it",
    rationale="Scores become actions at a threshold; without a stated method (cost matrix, "
    "capacity, fixed precision) nobody can review the trade-off it makes.",
    source=cite("S4"),
    fix="State how the threshold is chosen (cost matrix, review capacity or precision floor), "
    "on which data (validation), and why.",
)
def m08_threshold(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    task = task_type(plan).value
    if task not in _THRESHOLDED:
        return
    threshold = plan.evaluation.decision_threshold
    if threshold is None or blank(threshold.method):
        yield Hit(
            f"The plan does not say how the decision threshold of this {task} model is chosen.",
            "evaluation.decision_threshold",
        )
    elif blank(threshold.rationale):
        yield Hit(
            f"Threshold method {q(threshold.method, 60)} is given without a rationale.",
            "evaluation.decision_threshold.rationale",
        )


@rule(
    "M09",
    section=Section.EVALUATION,
    severity=Severity.INFO,
    title="No confidence interval for the headline metric",
    rationale="A point estimate on a finite test set cannot show whether one model beats "
    "another; intervals or fold spread make the comparison honest.",
    source=cite("S4"),
    fix="Report a bootstrap confidence interval (over rows, or over groups when rows are "
    "correlated) or the spread across CV folds / backtest windows.",
)
def m09_intervals(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    if blank(plan.evaluation.confidence_intervals):
        rate = positive_rate(plan)
        sizes = plan.training.split.sizes
        count = ""
        if sizes is not None and sizes.test_positives is not None:
            count = f" with {sizes.test_positives:,} test positives"
        elif rate is not None and sizes is not None:
            count = f" with about {round(sizes.test_rows * rate.value):,} test positives"
        yield Hit(
            f"No confidence interval or spread is planned for {metric_label(plan)}{count}.",
            "evaluation.confidence_intervals",
        )


def _business_texts(plan: Plan) -> Iterator[tuple[str, str]]:
    for i, text in enumerate(plan.evaluation.business_metrics):
        yield f"evaluation.business_metrics[{i}]", text
    for i, text in enumerate(plan.overview.success_criteria):
        yield f"overview.success_criteria[{i}]", text
    yield "overview.expected_impact", plan.overview.expected_impact
    for i, text in enumerate(plan.problem_framing.validation_kpis):
        yield f"problem_framing.validation_kpis[{i}]", text
    for i, goal in enumerate(plan.problem_framing.impact_goals):
        yield f"problem_framing.impact_goals[{i}]", f"{goal.kpi} {goal.target}"
    for i, text in enumerate(plan.brief.success_kpis):
        yield f"brief.success_kpis[{i}]", text


def _targets(metric: Metric) -> list[tuple[str, float]]:
    """The metric's stated target and minimum, labelled, skipping absent or non-finite ones."""
    return [
        (label, v)
        for label, v in (("target", metric.target), ("minimum", metric.minimum))
        if v is not None and math.isfinite(v)
    ]


def _structured_conflicts(metrics: list[tuple[str, Metric]]) -> Iterator[Hit]:
    """Two evaluation entries for the same metric (and k / operating point) with two targets."""
    for i, (path_a, a) in enumerate(metrics):
        for path_b, b in metrics[i + 1 :]:
            same_metric = a.name is b.name and a.name is not _M.OTHER
            if not (same_metric and same_point(a.k, b.k) and same_point(a.at, b.at)):
                continue
            if a.target is None or b.target is None or same_number(a.target, b.target):
                continue
            yield Hit(
                f"'{a.name}' has target {fmt_num(a.target)} in {path_a} but "
                f"{fmt_num(b.target)} in {path_b}.",
                f"{path_b}.target",
            )


def _prose_conflicts(plan: Plan, metrics: list[tuple[str, Metric]]) -> Iterator[Hit]:
    """Numbers quoted in business text that match neither the evaluation's target nor minimum,
    or that disagree with another piece of business text about the same metric."""
    seen: dict[tuple[MetricName, int | None, float | None], tuple[str, str, float]] = {}
    for path, text in _business_texts(plan):
        for mention in find_metric_targets(text):
            owner = next(
                (
                    (p, m)
                    for p, m in metrics
                    if m.name is mention.metric
                    and same_point(m.k, mention.k)
                    and same_point(m.at, mention.at)
                    and _targets(m)
                ),
                None,
            )
            if owner is not None:
                owner_path, metric = owner
                targets = _targets(metric)
                if not any(same_number(mention.value, v) for _, v in targets):
                    stated = ", ".join(f"{label} {fmt_num(v)}" for label, v in targets)
                    yield Hit(
                        f"{path} says {q(mention.quote, 50)} but {owner_path} sets "
                        f"'{metric.name}' to {stated}.",
                        path,
                    )
                continue
            key = (mention.metric, mention.k, mention.at)
            first_path, first_quote, first_value = seen.setdefault(
                key, (path, mention.quote, mention.value)
            )
            if first_path != path and not same_number(first_value, mention.value):
                yield Hit(
                    f"{first_path} says {q(first_quote, 50)} but {path} says "
                    f"{q(mention.quote, 50)}.",
                    path,
                )


@rule(
    "M10",
    section=Section.EVALUATION,
    severity=Severity.WARNING,
    title="Conflicting targets for the same metric",
    rationale="Two different targets for one metric mean the team will ship against one and be "
    "judged against the other.",
    source=cite("S4"),
    fix="Keep one target (and one minimum) per metric, in evaluation, and make the business "
    "text quote the same numbers.",
)
def m10_conflicting_targets(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    metrics = list(plan_metrics(plan))
    yield from _structured_conflicts(metrics)
    yield from _prose_conflicts(plan, metrics)


_IMPACT_CLAIM = re.compile(
    r"\d|[$€£%]|\b(?:increase|reduc|cut|sav|lift|uplift|boost|improv|grow|decreas|lower|rais|"
    r"prevent|recover)\w*|\bbefore (?:and|vs\.?|versus) after\b|\b(?:before|after) (?:the )?"
    r"(?:go-?live|launch)\b|\b(?:same|previous|prior) (?:[\w-]+ ){0,3}?(?:last|previous)? ?"
    r"(?:winters?|summers?|seasons?|years?|quarters?|months?)\b|\blast (?:winter|summer|season|"
    r"year)\b|\b(?:quarter|month|year|period|week|season) before\b",
    re.I,
)
_RANDOMISED = re.compile(
    r"\ba/?b\b|\bab[- ]test|randomi[sz]|controlled\s+experiment|control\s+group|"
    r"hold-?out\s+(?:group|arm|cohort|population)|switchback|interleav",
    re.I,
)


@rule(
    "M11",
    section=Section.EVALUATION,
    severity=Severity.WARNING,
    title="Business-impact claim with no randomised test",
    rationale="Offline metrics and before/after comparisons confound the model with "
    "seasonality and other launches; only a randomised test measures the causal impact claimed.",
    source=cite("S15"),
    fix="Plan a randomised test (A/B test or holdout group) that measures the claimed KPI, with "
    "unit, guardrails and sample size.",
)
def m11_impact_without_test(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    claims = [
        (path, text)
        for path, text in (
            [("overview.expected_impact", plan.overview.expected_impact)]
            + [
                (f"problem_framing.impact_goals[{i}].target", f"{g.kpi}: {g.target}")
                for i, g in enumerate(plan.problem_framing.impact_goals)
                if not blank(g.target)
            ]
        )
        if not blank(text) and _IMPACT_CLAIM.search(text)
    ]
    if not claims:
        return
    evaluation, deployment = plan.evaluation, plan.deployment
    planned = (
        evaluation.validation_strategy.ab_test is not None
        or deployment.rollout.strategy is RolloutStrategy.AB_TEST
        or any(
            _RANDOMISED.search(text)
            for text in (
                evaluation.validation_strategy.holdout,
                evaluation.offline_online_link,
                *evaluation.business_metrics,
                *deployment.rollout.stages,
            )
        )
    )
    if not planned:
        path, text = claims[0]
        yield Hit(
            f"{path} claims {q(text, 70)} but no A/B test or randomised holdout is planned to "
            "measure it.",
            path,
        )
