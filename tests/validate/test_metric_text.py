"""Reading metric targets out of prose, the input of M10."""

from __future__ import annotations

import pytest

from mlplan.domain import MetricName
from mlplan.validate._metric_text import find_metric_targets, same_number


@pytest.mark.parametrize(
    ("text", "metric", "value", "at"),
    [
        ("PR-AUC ≥ 0.45", MetricName.PR_AUC, 0.45, None),
        ("average precision of at least 0.3", MetricName.PR_AUC, 0.3, None),
        ("recall at 90 % precision of 0.6", MetricName.RECALL_AT_PRECISION, 0.6, 0.9),
        ("recall@0.8 precision >= 0.55", MetricName.RECALL_AT_PRECISION, 0.55, 0.8),
        ("ROC AUC: 0.82", MetricName.ROC_AUC, 0.82, None),
        ("MAPE below 12%", MetricName.MAPE, 0.12, None),
        ("PR-AUC from 0.30 to 0.45", MetricName.PR_AUC, 0.45, None),
    ],
)
def test_reads_metric_targets(
    text: str, metric: MetricName, value: float, at: float | None
) -> None:
    [mention] = find_metric_targets(text)
    assert (mention.metric, mention.at) == (metric, at)
    assert mention.value == pytest.approx(value)


@pytest.mark.parametrize(
    "text",
    [
        "current PR-AUC 0.30",  # a baseline, not a target
        "improve recall by 5 %",  # a relative change
        "precision matters more than recall",  # no number
        "RMSE",  # nothing follows
    ],
)
def test_ignores_non_targets(text: str) -> None:
    assert find_metric_targets(text) == []


def test_ndcg_keeps_k() -> None:
    [mention] = find_metric_targets("NDCG@10 of 0.4")
    assert (mention.metric, mention.k, mention.value) == (MetricName.NDCG_AT_K, 10, 0.4)


def test_same_number_accepts_percent_spelling() -> None:
    assert same_number(0.45, 45)
    assert not same_number(0.45, 0.5)
