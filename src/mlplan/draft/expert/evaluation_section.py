"""Evaluation: metrics from the metrics table, cost matrix, threshold, A/B design, fairness."""

from __future__ import annotations

from mlplan import fmt
from mlplan.domain import (
    ABTest,
    CostCell,
    DecisionThreshold,
    Evaluation,
    Fairness,
    Metric,
    Section,
    ServingMode,
    TaskType,
    ValidationStrategy,
)
from mlplan.draft.expert.context import DraftContext
from mlplan.draft.expert.tables import first_row
from mlplan.stats import ab_sample_size_per_arm

# (online metric, randomisation unit, relative lift worth detecting, assumed baseline when unknown)
_ONLINE: dict[str, tuple[str, str, float, float | None]] = {
    "subscription": ("churn rate over the churn window", "customer", 0.10, None),
    "payments": (
        "fraud loss rate (fraudulent share of transactions)",
        "card / account",
        0.20,
        None,
    ),
    "lending": ("default rate of approved loans", "applicant", 0.10, None),
    "healthcare": (
        "readmission / adverse-outcome rate",
        "patient (or ward, if contamination is likely)",
        0.10,
        None,
    ),
    "advertising": ("click-through rate", "user", 0.05, 0.02),
    "media": ("click / play-through rate", "user", 0.05, 0.03),
    "retail": ("conversion rate", "user", 0.05, 0.03),
}
_TASK_ONLINE: dict[TaskType, tuple[str, str, float, float | None]] = {
    TaskType.RECOMMENDATION: ("click-through rate on recommendations", "user", 0.05, 0.03),
    TaskType.RANKING: (
        "search click-through / success rate",
        "user (session-level for anonymous traffic)",
        0.03,
        0.30,
    ),
    TaskType.CLUSTERING: ("conversion of segment-targeted campaigns", "customer", 0.10, 0.02),
}
# Estimates shown to customers in the request path change what they do: test them online.
_REALTIME_REGRESSION_ONLINE: dict[str, tuple[str, str, float, float | None]] = {
    "logistics": ("checkout conversion rate with the estimate shown", "customer", 0.02, 0.30),
    "retail": ("conversion rate with the estimate shown", "user", 0.03, 0.03),
    "real estate": ("enquiry / listing conversion rate", "user", 0.05, 0.05),
}


def _primary(ctx: DraftContext, row: dict[str, object]) -> Metric:
    spec = dict(row["primary"])  # type: ignore[call-overload]
    rationale = " ".join(str(row["rationale"]).split())
    b = ctx.brief
    if b.positive_class_rate is not None and b.task_type.is_classification:
        rationale = f"Positives are {fmt.pct(b.positive_class_rate)} of rows. " + rationale
    return Metric(rationale=rationale, **spec)


def _cost_matrix(ctx: DraftContext) -> list[CostCell]:
    b = ctx.brief
    if b.task_type is not TaskType.BINARY_CLASSIFICATION:
        return []
    ctx.assume(
        "cost_matrix",
        "relative costs, to be replaced by finance figures",
        "the brief gives no cost per error",
    )
    target = b.target or "the positive outcome"
    if b.domain == "payments":
        return [
            CostCell(
                outcome="tp",
                meaning="fraud blocked or stepped-up",
                value="saves the transaction amount (avg loss per fraud) minus review cost",
            ),
            CostCell(
                outcome="fp",
                meaning="genuine customer declined / challenged",
                value="lost margin + friction; ~1/10 of a missed fraud, but repeated declines drive churn",
            ),
            CostCell(outcome="fn", meaning="fraud approved", value="full amount + chargeback fee"),
            CostCell(
                outcome="tn", meaning="genuine transaction approved", value="0 (business as usual)"
            ),
        ]
    if b.domain == "subscription":
        return [
            CostCell(
                outcome="tp",
                meaning="at-risk customer receives a retention offer",
                value="saved margin x offer acceptance rate - offer cost",
            ),
            CostCell(
                outcome="fp",
                meaning="loyal customer receives an offer",
                value="offer cost (discount given away)",
            ),
            CostCell(outcome="fn", meaning="churner missed", value="lost customer lifetime margin"),
            CostCell(outcome="tn", meaning="loyal customer left alone", value="0"),
        ]
    return [
        CostCell(
            outcome="tp",
            meaning=f"{target}: correctly flagged",
            value="value of acting on a true case",
        ),
        CostCell(
            outcome="fp",
            meaning="false alarm",
            value="cost of the action on a case that did not need it",
        ),
        CostCell(
            outcome="fn",
            meaning="missed case",
            value="cost of the outcome the action would have prevented",
        ),
        CostCell(outcome="tn", meaning="correctly left alone", value="0"),
    ]


def _ab_test(ctx: DraftContext) -> ABTest | None:
    b = ctx.brief
    spec = _TASK_ONLINE.get(b.task_type)
    if spec is None and b.task_type is TaskType.BINARY_CLASSIFICATION:
        spec = _ONLINE.get(b.domain, ("rate of the positive outcome", "entity", 0.10, None))
    if (
        spec is None
        and b.task_type is TaskType.REGRESSION
        and b.serving_mode is not ServingMode.BATCH
    ):
        spec = _REALTIME_REGRESSION_ONLINE.get(b.domain)
    if spec is None:
        return None
    metric, unit, lift, assumed_base = spec
    base = b.positive_class_rate if b.task_type is TaskType.BINARY_CLASSIFICATION else None
    if base is None:
        base = assumed_base if assumed_base is not None else 0.05
        ctx.assume(
            "ab_test.baseline_rate", fmt.pct(base), f"baseline {metric} not given in the brief"
        )
    mde = base * lift
    n = ab_sample_size_per_arm(base, mde)
    ctx.assume(
        "ab_test.minimum_detectable_effect",
        f"{lift:.0%} relative ({fmt.pct(mde)} absolute)",
        "smallest change worth acting on, to confirm with the business",
    )
    duration = "at least 2 full weekly cycles"
    if b.label_delay:
        duration += f", plus the {b.label_delay} label delay before reading the result"
    return ABTest(
        unit=unit,
        primary_metric=metric,
        baseline_rate=base,
        minimum_detectable_effect=round(mde, 6),
        alpha=0.05,
        power=0.8,
        sample_size_per_arm=n,
        duration=duration,
        guardrail_metrics=_guardrails(ctx),
    )


def _guardrails(ctx: DraftContext) -> list[str]:
    b = ctx.brief
    out = (
        ["p99 latency and error rate of the scoring path"]
        if b.serving_mode.value != "batch"
        else ["scoring job success and timeliness"]
    )
    by_domain = {
        "payments": ["false-decline rate of genuine customers", "manual review queue size"],
        "subscription": ["offer cost per retained customer", "complaint rate"],
        "lending": ["approval rate by protected group", "portfolio loss rate"],
        "logistics": [
            "share of orders arriving later than the estimate shown",
            "support contacts about late orders",
        ],
    }
    out += by_domain.get(b.domain, ["complaint / support contact rate"])
    if b.task_type.is_ranking:
        out += ["revenue per session", "catalogue coverage"]
    return out


def draft_evaluation(ctx: DraftContext) -> Evaluation:
    b = ctx.brief
    row = first_row("metrics", ctx.facts)
    primary = _primary(ctx, row)
    secondary = [Metric.model_validate(m) for m in row.get("secondary", [])]
    ab = _ab_test(ctx)
    fairness = Fairness(applicable=False)
    if b.affects_people or b.sensitive_attributes:
        groups = b.sensitive_attributes or ["age band", "gender", "region"]
        if not b.sensitive_attributes:
            ctx.ask(
                "Which protected groups must be compared, and may their attributes be used for measurement?",
                Section.EVALUATION,
                "Fairness can only be measured with group labels; collecting them has its own legal basis.",
            )
        fairness = Fairness(
            applicable=True,
            groups=list(groups),
            metrics=[
                "recall (equal opportunity) difference between groups <= 5 pp",
                "selection-rate ratio >= 0.8 (four-fifths rule)",
                "calibration within groups",
            ],
            mitigations=[
                "remove or decorrelate proxy features",
                "reweigh training data",
                "group-aware threshold review with legal sign-off",
                "human review of adverse decisions",
            ],
        )
    slices = [
        "by tenure / account age",
        "by region or market",
        "by acquisition channel",
        "by data source",
    ]
    if b.task_type is TaskType.FORECASTING:
        slices = [
            "by horizon week",
            "by product category",
            "by store / region",
            "by sales velocity (fast vs slow movers)",
            "promotion vs non-promotion weeks",
        ]
    elif b.task_type.is_ranking:
        slices = [
            "head vs tail queries/users",
            "new vs returning users",
            "by category",
            "cold-start items",
        ]
    if fairness.applicable:
        slices += [f"by {g}" for g in fairness.groups]
    threshold = None
    if ctx.facts.get("probability_use"):
        threshold = DecisionThreshold(
            method="no score cut-off: the calibrated probability is used as is (multiplied into the bid, price or expected value); a calibration map (isotonic or Platt) is fitted on the most recent validation window and checked per major segment",
            rationale="thresholding would throw away the information the downstream auction or pricing uses; what must hold is that predicted and observed rates agree, which is checked on validation data, never on test",
            chosen_on="validation",
        )
    elif b.task_type in (TaskType.BINARY_CLASSIFICATION, TaskType.ANOMALY_DETECTION):
        threshold = DecisionThreshold(
            method="choose the score cut-off on the validation split that minimises expected cost from the cost matrix, subject to the review/offer capacity",
            rationale="the default 0.5 is meaningless after class weighting; the operating point is a business decision made on validation data, never on test",
            chosen_on="validation",
        )
    elif b.task_type is TaskType.MULTILABEL_CLASSIFICATION:
        labels = f"each of the {b.n_classes} labels" if b.n_classes else "each label"
        threshold = DecisionThreshold(
            method=f"a separate threshold for {labels}, chosen on the validation split to maximise that label's F1 (or to meet a precision floor where a wrong label is costly); labels with too few validation positives (< ~50) share one global threshold, and an item with no label above its threshold gets its top-scoring label for review",
            rationale="label frequencies and score calibration differ widely between labels, so a single 0.5 cut-off over-assigns frequent labels and never fires rare ones; thresholds are tuned on validation data only, never on test",
            chosen_on="validation",
        )
    backtest = ""
    if ctx.facts["time_ordered"]:
        backtest = "replay the last 3-6 months period by period (train up to each cut-off, score the next period) to see stability over time"
    primary_name = primary.name
    holdout, test_policy = _holdout_and_test_policy(ctx)
    baseline_text = (
        f"the baseline model from the model section, plus the current process ({b.current_solution})"
        if b.current_solution
        else "the baseline model from the model section and a simple business rule"
    )
    return Evaluation(
        primary_metric=primary,
        secondary_metrics=secondary,
        model_selection_metric=primary_name,
        business_metrics=list(
            dict.fromkeys(
                m
                for m in [
                    ab.primary_metric if ab else "",
                    *b.success_kpis,
                    *row.get("business", []),
                ]
                if m
            )
        ),
        offline_online_link=_link(ctx, row, primary),
        cost_matrix=_cost_matrix(ctx),
        baseline=baseline_text,
        validation_strategy=ValidationStrategy(
            holdout=holdout,
            cross_validation="model comparison and tuning on validation folds only",
            backtesting=backtest,
            ab_test=ab,
        ),
        test_set_policy=test_policy,
        slices=slices,
        fairness=fairness,
        calibration="reliability curve and Brier score on validation; isotonic/Platt recalibration after class weighting"
        if b.task_type.is_classification
        else None,
        decision_threshold=threshold,
        confidence_intervals="95 % bootstrap intervals (1,000 resamples, by group when grouped) for the primary metric; a challenger must beat the champion beyond the interval",
        interpretability=(
            "per-decision explanations (reason codes) shown to reviewers and available to affected people"
            if b.affects_people
            else "global feature importance in the model card; local explanations for error analysis"
        )
        if b.interpretability.value != "low"
        else "global importance in the model card only",
        latency_target_ms=ctx.latency_budget(),
        resource_targets="inference fits in 1 CPU core and 2 GB RAM per replica"
        if b.serving_mode.value != "batch"
        else "nightly scoring finishes within 1 hour",
        citations=ctx.cite(
            list(row.get("cites", []))
            + ["thresholds-cost-matrix", "ab-test-design", "baselines"]
            + (["fairness-assessment-and-mitigation"] if fairness.applicable else [])
            + (["probability-calibration"] if b.task_type.is_classification else []),
            "metrics, thresholds and online test design",
        ),
    )


def _link(ctx: DraftContext, row: dict[str, object], primary: Metric) -> str:
    """How the offline metric is expected to move the business KPI, in the task's own terms."""
    b = ctx.brief
    business = row.get("business") or []
    kpi = (
        b.success_kpis[0]
        if b.success_kpis
        else (str(business[0]) if isinstance(business, list) and business else "the business KPI")
    )
    return str(row["link"]).format(metric=primary.display or primary.name.value, kpi=kpi)


def _holdout_and_test_policy(ctx: DraftContext) -> tuple[str, str]:
    b = ctx.brief
    if b.task_type is TaskType.FORECASTING:
        return (
            "the most recent weeks (at least one full horizon) held out and forecast once from a single origin, after all choices are frozen",
            "the final window is scored once; it is never used for tuning, feature or model choice",
        )
    if b.task_type.is_classification or b.task_type is TaskType.ANOMALY_DETECTION:
        return (
            "a final test split scored once, at production class balance, after all choices are frozen",
            "the test split is scored once, is never used for tuning or threshold choice, and keeps the production class balance (no resampling)",
        )
    return (
        "a final test split scored once, after all choices are frozen",
        "the test split is scored once and is never used for tuning or model choice",
    )
