"""Metric-choice rules (M01-M05): the plan measures what matters, at the right operating point.

Cross-section facts drive most of them: the task type (model section, else brief) decides
which metrics fit, the class balance (data section, else brief) decides whether accuracy
and ROC-AUC mislead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mlplan.domain import MetricName, Plan, Section, Severity
from mlplan.domain import TaskType as Task
from mlplan.validate._facts import (
    blank,
    imbalance,
    metric_label,
    pct,
    plan_metrics,
    positive_rate,
    q,
    task_type,
)
from mlplan.validate._registry import Hit, ValidationContext, rule
from mlplan.validate._sources import cite

_M = MetricName
_CLASSIFICATION = frozenset(
    {
        _M.ACCURACY, _M.BALANCED_ACCURACY, _M.PRECISION, _M.RECALL, _M.F1, _M.F_BETA,
        _M.ROC_AUC, _M.PR_AUC, _M.RECALL_AT_PRECISION, _M.PRECISION_AT_RECALL, _M.LOG_LOSS,
        _M.BRIER, _M.MACRO_F1, _M.MICRO_F1, _M.WEIGHTED_F1, _M.TOP_K_ACCURACY, _M.HAMMING_LOSS,
        _M.SUBSET_ACCURACY, _M.MCC, _M.ECE, _M.PRECISION_AT_K, _M.RECALL_AT_K,
    }
)  # fmt: skip
_REGRESSION = frozenset(
    {
        _M.RMSE, _M.MAE, _M.MAPE, _M.SMAPE, _M.WAPE, _M.MASE, _M.R2, _M.RMSLE,
        _M.PINBALL_LOSS, _M.INTERVAL_COVERAGE,
    }
)  # fmt: skip
_RANKING = frozenset(
    {_M.NDCG_AT_K, _M.MAP_AT_K, _M.MRR, _M.RECALL_AT_K, _M.HIT_RATE_AT_K, _M.PRECISION_AT_K,
     _M.CATALOG_COVERAGE}
)  # fmt: skip
_RANKING_SECONDARY = _RANKING | {_M.ROC_AUC, _M.PR_AUC, _M.LOG_LOSS, _M.BRIER, _M.ECE,
                                 _M.PRECISION, _M.RECALL}  # fmt: skip
_CLUSTERING = frozenset({_M.SILHOUETTE, _M.DAVIES_BOULDIN, _M.CALINSKI_HARABASZ,
                         _M.ADJUSTED_RAND_INDEX})  # fmt: skip
_ANOMALY = frozenset(
    {
        _M.PRECISION, _M.RECALL, _M.F1, _M.F_BETA, _M.PR_AUC, _M.ROC_AUC,
        _M.RECALL_AT_PRECISION, _M.PRECISION_AT_RECALL, _M.PRECISION_AT_K, _M.RECALL_AT_K,
        _M.DETECTION_DELAY, _M.MCC, _M.BALANCED_ACCURACY, _M.BRIER, _M.LOG_LOSS, _M.ECE,
    }
)  # fmt: skip

_TOP_K_CLASSES = frozenset({_M.HIT_RATE_AT_K, _M.MRR})
"""A classifier that suggests a short list of classes (tariff codes, diagnoses) is judged by
whether the right class is in the list (hit rate@k is top-k accuracy) and how high (MRR)."""
_EXCEEDANCE = frozenset({_M.PRECISION, _M.RECALL, _M.F1})
"""As secondary metrics of a forecast or regression: how well it catches the values above a
limit that matter (spikes over a permit limit, claims over a cap) — events read off the
predicted numbers. As the primary metric they still do not fit."""

_EVENT_TIMING = frozenset({_M.DETECTION_DELAY, _M.HIT_RATE_AT_K})
"""Secondary to a classifier of events: how early a fault event is flagged (detection delay) and
how many of them a weekly top-N list holds (hit rate in the top 60)."""
_EVENT_WARNING = _EXCEEDANCE | {_M.PR_AUC, _M.RECALL_AT_PRECISION, _M.PRECISION_AT_RECALL}
"""Primary to a forecast that warns of an event (frost on a block, a level-4 avalanche day): the
warnings are a classifier's output whatever the plan calls the task."""
_WARNS = re.compile(r"\bwarn\w*|\balert\w*|\bexceed\w*|\bbreach\w*|\bevents?\b", re.I)

_FITS: dict[Task, tuple[frozenset[MetricName], frozenset[MetricName], str]] = {
    Task.BINARY_CLASSIFICATION: (_CLASSIFICATION, _CLASSIFICATION | _EVENT_TIMING, "PR-AUC, "
                                 "recall at a fixed precision, F1 or log loss"),
    Task.MULTICLASS_CLASSIFICATION: (_CLASSIFICATION | _TOP_K_CLASSES,
                                     _CLASSIFICATION | _TOP_K_CLASSES, "macro-F1, log loss or "
                                     "top-k accuracy"),
    Task.MULTILABEL_CLASSIFICATION: (_CLASSIFICATION, _CLASSIFICATION, "micro/macro-F1, "
                                     "Hamming loss or subset accuracy"),
    Task.REGRESSION: (_REGRESSION, _REGRESSION | _EXCEEDANCE, "MAE, RMSE or RMSLE"),
    Task.FORECASTING: (_REGRESSION, _REGRESSION | _EXCEEDANCE, "MASE, WAPE or pinball loss"),
    Task.RANKING: (_RANKING, _RANKING_SECONDARY, "NDCG@k, MAP@k, MRR or recall@k"),
    Task.RECOMMENDATION: (_RANKING, _RANKING_SECONDARY, "NDCG@k, recall@k or hit rate@k"),
    Task.CLUSTERING: (_CLUSTERING, _CLUSTERING, "silhouette plus stability and business review"),
    Task.ANOMALY_DETECTION: (_ANOMALY, _ANOMALY, "PR-AUC, precision@k or detection delay"),
}  # fmt: skip
"""Per task: metrics that fit as primary, as secondary, and what to suggest instead."""

_OPERATING_POINT = frozenset(
    {_M.PR_AUC, _M.RECALL_AT_PRECISION, _M.PRECISION_AT_RECALL, _M.PRECISION, _M.RECALL,
     _M.F1, _M.F_BETA, _M.PRECISION_AT_K, _M.RECALL_AT_K, _M.MCC}
)  # fmt: skip


_SCORING_RULES = frozenset({_M.LOG_LOSS, _M.BRIER})
"""Proper scoring rules: as the primary metric they judge the probabilities themselves, which
is what a model whose scores are used as probabilities (bids, prices, expected cost) needs."""


@rule(
    "M01",
    section=Section.EVALUATION,
    severity=Severity.ERROR,
    title="Accuracy as the primary metric on imbalanced classes",
    rationale="Below about 10 % positives a model that always predicts the majority class "
    "scores over 90 % accuracy and catches nothing; accuracy cannot tell useful models apart.",
    source=cite("S13", "S6 D.3"),
    fix="Make PR-AUC or recall at a fixed precision (or expected cost) the primary metric and "
    "report the majority-class baseline next to it.",
)
def m01_accuracy_imbalanced(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    task = task_type(plan)
    rare = imbalance(plan)
    primary = plan.evaluation.primary_metric
    if primary.name is not _M.ACCURACY:
        return
    if task.value.is_classification and rare is not None:
        yield Hit(
            f"Primary metric is 'accuracy' for a {task.value} task whose minority class is "
            f"{pct(rare.value)} ({rare.basis}): predicting the majority class alone scores "
            f"{pct(1 - rare.value)}.",
            "evaluation.primary_metric.name",
        )
    elif _rare_anomalies(plan):
        share = f"{pct(rare.value)} ({rare.basis})" if rare else "rare by definition"
        yield Hit(
            f"Primary metric is 'accuracy' for an anomaly-detection task whose anomalies are "
            f"{share}: flagging nothing scores close to 100 %.",
            "evaluation.primary_metric.name",
        )


def _rare_anomalies(plan: Plan) -> bool:
    """An anomaly task whose anomalies are rare: stated so, or not stated at all (what makes
    them anomalies). M01 then reports accuracy as its primary metric, not M03."""
    task = task_type(plan).value
    return task is Task.ANOMALY_DETECTION and (
        imbalance(plan) is not None or positive_rate(plan) is None
    )


@rule(
    "M02",
    section=Section.EVALUATION,
    severity=Severity.WARNING,
    title="Only ROC-AUC on imbalanced data",
    rationale="ROC-AUC ignores prevalence and hides false-positive volume; under imbalance the "
    "precision-recall view and an operating-point metric are what the business runs on.",
    source=cite("S13"),
    fix="Add PR-AUC and an operating-point metric (recall at fixed precision, precision@k) next "
    "to ROC-AUC.",
)
def m02_roc_only(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    rare = imbalance(plan)
    if rare is None:
        return
    names = [metric.name for _, metric in plan_metrics(plan)]
    if plan.evaluation.primary_metric.name in _SCORING_RULES:
        return  # a CTR or risk model judged on log loss / Brier does not rely on ROC-AUC
    if _M.ROC_AUC in names and not _OPERATING_POINT.intersection(names):
        listed = ", ".join(f"'{n}'" for n in names)
        yield Hit(
            f"The metrics ({listed}) rely on ROC-AUC with no PR-AUC or operating-point metric, "
            f"although the minority class is {pct(rare.value)} ({rare.basis}).",
            "evaluation.secondary_metrics",
        )


@rule(
    "M03",
    section=Section.EVALUATION,
    severity=Severity.ERROR,
    title="Metric does not fit the task",
    rationale="A ranking judged by accuracy or RMSE, or a classifier judged by NDCG or RMSE, "
    "optimises and reports something the product does not need.",
    source=cite("S4"),
    fix="Choose metrics that match the task type (see the message for suitable ones).",
)
def m03_metric_fits_task(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    task = task_type(plan)
    primary_ok, secondary_ok, suggestion = _FITS[task.value]
    if task.value.is_classification and _ranked_by_score(plan):
        secondary_ok = secondary_ok | _RANKING  # a scored queue is also judged as a ranking
    if task.value is Task.FORECASTING and _warns(plan):
        primary_ok = primary_ok | _EVENT_WARNING
    if task.value.is_classification or task.value in (Task.RANKING, Task.RECOMMENDATION):
        # As secondary metrics of a classifier or a ranker, error metrics judge one of its parts:
        # the expected-power model inside a fault detector (MAE in kW), the temperature
        # quantiles inside a frost warning (pinball loss), a match-maker's predicted margin
        # (rounds 5-25: 3 such findings, all false alarms; the defects were the other way round,
        # classifier metrics on numeric tasks).
        secondary_ok = secondary_ok | _REGRESSION
    for path, metric in plan_metrics(plan):
        fits = primary_ok if path == "evaluation.primary_metric" else secondary_ok
        if metric.name is _M.OTHER or metric.name in fits:
            continue
        if (
            path == "evaluation.primary_metric"
            and metric.name is _M.ACCURACY
            and (_rare_anomalies(plan))
        ):
            continue  # M01's finding: accuracy on rare anomalies
        yield Hit(
            f"{path} is '{metric.name}', which does not measure a {task.value} task "
            f"({task.basis}).",
            f"{path}.name",
            f"Use a {task.value} metric such as {suggestion}.",
        )


def _warns(plan: Plan) -> bool:
    """The forecast's output is a warning of an event ('warn growers of damaging frost')."""
    brief = plan.brief
    texts = (
        brief.objective,
        brief.business_problem,
        brief.target or "",
        plan.overview.ml_objective,
    )
    return any(_WARNS.search(text) for text in texts)


def _ranked_by_score(plan: Plan) -> bool:
    """The plan ranks people or items by a classifier's probability ('rank the applications by
    the likelihood of ...'): ranking metrics then describe how the queue is used."""
    if plan.model.problem_type is not None:
        return False
    source = plan.brief.facts.get("task_type")
    return source is not None and "ranked by a predicted probability" in source.reason


@rule(
    "M04",
    section=Section.EVALUATION,
    severity=Severity.WARNING,
    title="Model selected on a metric other than the primary metric",
    rationale="If tuning or selection optimises one metric and the plan reports another, the "
    "chosen model is not the best one by the plan's own definition of success.",
    source=cite("S4", "S1 Model 2"),
    fix="Tune and select on the primary metric (or state why a proxy such as log loss is used "
    "and check the primary metric on validation).",
)
def m04_selection_metric(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    primary = plan.evaluation.primary_metric.name
    if primary is _M.OTHER:
        return
    selection = plan.evaluation.model_selection_metric
    if selection is not None and selection is not primary:
        yield Hit(
            f"Models are selected on '{selection}' but the primary metric is '{primary}'.",
            "evaluation.model_selection_metric",
        )
    tuning = plan.training.tuning
    if tuning.metric is not None and tuning.metric is not primary:
        yield Hit(
            f"Hyperparameter search optimises '{tuning.metric}' but the primary metric is "
            f"'{primary}'.",
            "training.tuning.metric",
        )
    # A search that names no metric is read as optimising the plan's one primary metric: the
    # rule is about selecting on a *different* metric, which the plan does not say it does.


@rule(
    "M05",
    section=Section.EVALUATION,
    severity=Severity.WARNING,
    title="No business metric, or no link from the offline metric to it",
    rationale="Offline gains often fail to move business KPIs; the plan must name the online "
    "metric and say how the offline metric is expected to move it.",
    source=cite("S1 Model 2", "S15"),
    fix="Name the online/business metric(s) and state the expected offline-to-online link "
    "(e.g. +0.05 recall at 90 % precision ≈ 120 more retained customers a month).",
)
def m05_business_link(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    evaluation = plan.evaluation
    if not evaluation.business_metrics:
        kpis = plan.brief.success_kpis
        hint = f"; the brief names {', '.join(q(k, 40) for k in kpis[:3])}" if kpis else ""
        yield Hit(f"evaluation.business_metrics is empty{hint}.", "evaluation.business_metrics")
    elif blank(evaluation.offline_online_link):
        yield Hit(
            f"Business metrics {', '.join(q(m, 40) for m in evaluation.business_metrics[:3])} "
            f"are named but nothing links {metric_label(plan)} to them.",
            "evaluation.offline_online_link",
        )
