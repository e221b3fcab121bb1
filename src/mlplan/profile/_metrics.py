"""Score predictions with the plan's metrics (scikit-learn where it has them).

Classification scorers take the positive-class probability (binary) or class probabilities;
regression and forecasting scorers take point predictions. A metric mlplan cannot compute on
a sample (online, ranking or clustering metrics) returns None and is reported as skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mlplan.domain import Metric, MetricName

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

LOWER_IS_BETTER = frozenset(
    {
        MetricName.LOG_LOSS,
        MetricName.BRIER,
        MetricName.RMSE,
        MetricName.MAE,
        MetricName.MAPE,
        MetricName.SMAPE,
        MetricName.WAPE,
        MetricName.MASE,
        MetricName.RMSLE,
        MetricName.ECE,
        MetricName.HAMMING_LOSS,
    }
)


def score(
    metric: Metric,
    y: NDArray[Any],
    proba: NDArray[np.float64] | None,
    pred: NDArray[Any],
    *,
    y_train: NDArray[Any] | None = None,
    season: int = 1,
) -> float | None:
    """The metric's value, or None when it cannot be computed from one offline split."""
    import numpy as np
    from sklearn import metrics as skm

    name = metric.name
    binary_prob: Callable[[], NDArray[np.float64]] = lambda: (  # noqa: E731
        proba[:, 1] if proba is not None and proba.ndim == 2 else np.asarray(proba)
    )
    try:
        if name is MetricName.PR_AUC:
            return float(skm.average_precision_score(y, binary_prob()))
        if name is MetricName.ROC_AUC:
            if proba is not None and proba.ndim == 2 and proba.shape[1] > 2:
                return float(skm.roc_auc_score(y, proba, multi_class="ovr"))
            return float(skm.roc_auc_score(y, binary_prob()))
        if name in (MetricName.RECALL_AT_PRECISION, MetricName.PRECISION_AT_RECALL):
            prec, rec, _ = skm.precision_recall_curve(y, binary_prob())
            at = metric.at if metric.at is not None else 0.8
            at = at / 100 if at > 1 else at
            ok = rec[prec >= at] if name is MetricName.RECALL_AT_PRECISION else prec[rec >= at]
            return float(ok.max()) if ok.size else 0.0
        if name is MetricName.LOG_LOSS:
            return float(skm.log_loss(y, proba if proba is not None else pred))
        if name is MetricName.BRIER:
            return float(skm.brier_score_loss(y, binary_prob()))
        simple: dict[MetricName, Callable[[], float]] = {
            MetricName.ACCURACY: lambda: skm.accuracy_score(y, pred),
            MetricName.BALANCED_ACCURACY: lambda: skm.balanced_accuracy_score(y, pred),
            MetricName.F1: lambda: skm.f1_score(y, pred, zero_division=0),
            MetricName.PRECISION: lambda: skm.precision_score(y, pred, zero_division=0),
            MetricName.RECALL: lambda: skm.recall_score(y, pred, zero_division=0),
            MetricName.MACRO_F1: lambda: skm.f1_score(y, pred, average="macro", zero_division=0),
            MetricName.MICRO_F1: lambda: skm.f1_score(y, pred, average="micro", zero_division=0),
            MetricName.WEIGHTED_F1: lambda: skm.f1_score(
                y, pred, average="weighted", zero_division=0
            ),
            MetricName.MCC: lambda: skm.matthews_corrcoef(y, pred),
            MetricName.RMSE: lambda: float(np.sqrt(skm.mean_squared_error(y, pred))),
            MetricName.MAE: lambda: skm.mean_absolute_error(y, pred),
            MetricName.R2: lambda: skm.r2_score(y, pred),
            MetricName.MAPE: lambda: skm.mean_absolute_percentage_error(y, pred),
            MetricName.WAPE: lambda: float(np.abs(y - pred).sum() / max(np.abs(y).sum(), 1e-12)),
            MetricName.SMAPE: lambda: float(
                np.mean(2 * np.abs(pred - y) / np.maximum(np.abs(y) + np.abs(pred), 1e-12))
            ),
            MetricName.RMSLE: lambda: float(
                np.sqrt(skm.mean_squared_log_error(np.maximum(y, 0), np.maximum(pred, 0)))
            ),
        }
        if name in simple:
            return float(simple[name]())
        if name is MetricName.MASE and y_train is not None and len(y_train) > season:
            scale = np.mean(np.abs(y_train[season:] - y_train[:-season]))
            return float(np.mean(np.abs(y - pred)) / scale) if scale > 0 else None
    except ValueError:
        return None
    return None
