"""Real data sets shipped inside packages: ISLR Default, AirPassengers, scikit-learn's sets."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlplan.domain import Metric, MetricName, SplitStrategy, TaskType
from mlplan.profile import profile_file
from mlplan.profile.baselines import measure_baselines


def test_islr_default_is_imbalanced_binary(default_csv: Path) -> None:
    data = profile_file(default_csv, target="default")
    t = data.profile.target
    assert t is not None and t.kind == "binary"
    assert t.positive_rate == pytest.approx(0.0333, abs=1e-4)
    assert [s.column for s in data.profile.leakage] == ["rownames"]  # an identifier, no leak
    b = measure_baselines(
        data,
        task=TaskType.BINARY_CLASSIFICATION,
        split=SplitStrategy.STRATIFIED,
        metrics=[Metric(name=MetricName.PR_AUC), Metric(name=MetricName.ROC_AUC)],
    )
    trivial, logistic, hgb = b.results
    assert trivial.kind == "trivial" and logistic.kind == hgb.kind == "quick"
    assert trivial.score(MetricName.ROC_AUC) == pytest.approx(0.5)
    assert (logistic.score(MetricName.ROC_AUC) or 0) > 0.9
    assert (logistic.score(MetricName.PR_AUC) or 0) > 3 * (trivial.score(MetricName.PR_AUC) or 1)
    assert "stratified" in b.split_note and "rownames" not in b.features
    assert b.test_rows == 2000


def test_air_passengers_is_a_monthly_series(air_csv: Path) -> None:
    data = profile_file(air_csv, target="value", time_column="time")
    p = data.profile
    assert p.time is not None and p.time.granularity == "monthly" and p.time.explicit
    assert p.target is not None and p.target.kind == "regression"
    b = measure_baselines(
        data,
        task=TaskType.FORECASTING,
        split=SplitStrategy.TIME_BASED,
        metrics=[Metric(name=MetricName.WAPE), Metric(name=MetricName.MASE)],
    )
    assert b.results[0].name == "seasonal naive (lag 12)"
    assert "last 20% of rows by time" in b.split_note
    assert 0 < (b.results[0].score(MetricName.WAPE) or 0) < 0.2
    assert b.best(MetricName.WAPE) is not None


def test_sklearn_diabetes_regression(tmp_path: Path) -> None:
    from sklearn.datasets import load_diabetes

    frame = load_diabetes(as_frame=True).frame
    path = tmp_path / "diabetes.csv"
    frame.to_csv(path, index=False)
    data = profile_file(path, target="target")
    t = data.profile.target
    assert t is not None and t.kind == "regression" and t.skew is not None and t.skew > 0
    b = measure_baselines(
        data,
        task=TaskType.REGRESSION,
        split=SplitStrategy.RANDOM,
        metrics=[Metric(name=MetricName.MAE), Metric(name=MetricName.R2)],
    )
    mean, ridge, _ = b.results
    assert (ridge.score(MetricName.MAE) or 1e9) < (mean.score(MetricName.MAE) or 0)
    assert b.best(MetricName.MAE) is not mean


def test_sklearn_iris_multiclass(tmp_path: Path) -> None:
    from sklearn.datasets import load_iris

    frame = load_iris(as_frame=True).frame
    path = tmp_path / "iris.csv"
    frame.to_csv(path, index=False)
    t = profile_file(path, target="target").profile.target
    assert t is not None and t.kind == "multiclass" and t.n_classes == 3


def test_time_budget_skips_models_and_says_so(default_csv: Path) -> None:
    data = profile_file(default_csv, target="default")
    b = measure_baselines(
        data,
        task=TaskType.BINARY_CLASSIFICATION,
        split=SplitStrategy.STRATIFIED,
        metrics=[Metric(name=MetricName.PR_AUC)],
        time_budget_s=1e-9,
        row_cap=500,
    )
    assert [r.kind for r in b.results] == ["trivial"]  # the trivial baseline always runs
    assert sum("time budget" in s for s in b.skipped) == 2 and b.row_cap == 500
    assert b.train_rows + b.test_rows == 500
