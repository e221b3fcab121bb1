"""Measured baselines: a trivial predictor and two quick models on the profiled sample, split
the way the plan prescribes and scored with the plan's metrics.

They answer "how good is good enough?" with numbers from the user's data instead of a
generic threshold: the plan's minimum is set at the best baseline, its target above it.
Bounded by a row cap and a time budget, both reported with the results.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from mlplan.domain import (
    BaselineResult,
    BaselineScore,
    MeasuredBaselines,
    Metric,
    SplitStrategy,
    TaskType,
)
from mlplan.errors import DataFileError
from mlplan.profile import ProfiledData
from mlplan.profile._columns import codes, numeric_view, time_view
from mlplan.profile._metrics import LOWER_IS_BETTER, score
from mlplan.profile.quality import usable_inputs

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

DEFAULT_TIME_BUDGET_S = 60.0
DEFAULT_ROW_CAP = 50_000
TEST_SHARE = 0.2
_SEASON = {"hourly": 24, "daily": 7, "weekly": 52, "monthly": 12, "quarterly": 4}
_ONE_HOT_LEVELS = 20


def measure_baselines(
    data: ProfiledData,
    *,
    task: TaskType,
    split: SplitStrategy,
    metrics: list[Metric],
    time_budget_s: float = DEFAULT_TIME_BUDGET_S,
    row_cap: int = DEFAULT_ROW_CAP,
    seed: int = 0,
) -> MeasuredBaselines:
    """Trivial baseline + logistic/linear regression + HistGradientBoosting, timed."""
    import numpy as np

    started = time.perf_counter()
    profile, sample = data.profile, data.sample
    if profile.target is None:
        raise DataFileError("measured baselines need the target column (--target)")
    forecasting = task is TaskType.FORECASTING
    classify = profile.target.kind in ("binary", "multiclass") and not forecasting
    y_col = sample.get(profile.target.column)
    assert y_col is not None
    rows = np.flatnonzero(~y_col.missing)
    t = _time(data)
    if len(rows) > row_cap:  # keep the most recent rows when time matters, else a random subset
        if t is not None and (split.respects_time or forecasting):
            rows = rows[np.argsort(t[rows], kind="mergesort")][-row_cap:]
        else:
            rows = np.sort(np.random.default_rng(seed).choice(rows, row_cap, replace=False))
    y = _labels(data, rows, classify)
    features = usable_inputs(profile)
    season = _SEASON.get(profile.time.granularity or "", 1) if profile.time else 1
    x_tree, cat_mask, x_lin = _design(data, rows, features)
    if forecasting:
        lags, lag_names = _lags(y, t[rows] if t is not None else None, season)
        x_tree = np.hstack([x_tree, lags])
        cat_mask = np.append(cat_mask, [False] * lags.shape[1])
        x_lin = np.hstack([x_lin, _impute_scale(lags)])
        features = [*features, *lag_names]
    train, test, note = _split(data, rows, y, split, classify, forecasting, seed)
    if len(train) < 10 or len(test) < 5:
        raise DataFileError(f"too few labelled rows for baselines ({len(rows)})")
    wanted = list({m.name: m for m in metrics}.values())
    results: list[BaselineResult] = []
    skipped: list[str] = []
    for name, kind, fit in _models(classify, forecasting, cat_mask, season, seed):
        if kind == "quick" and time.perf_counter() - started > time_budget_s:
            skipped.append(f"{name}: time budget of {time_budget_s:g} s used up")
            continue
        t0 = time.perf_counter()
        proba, pred = fit(x_tree, x_lin, y, train, test)
        scores = []
        for m in wanted:
            value = score(m, y[test], proba, pred, y_train=y[train], season=season)
            if value is not None and np.isfinite(value):
                scores.append(
                    BaselineScore(
                        metric=m.name,
                        value=round(value, 6),
                        higher_is_better=m.name not in LOWER_IS_BETTER,
                    )
                )
        results.append(
            BaselineResult(
                name=name, kind=kind, scores=scores, seconds=round(time.perf_counter() - t0, 3)
            )
        )
    scored = {s.metric for r in results for s in r.scores}
    skipped += [
        f"{m.name.value}: not computable on an offline sample split"
        for m in wanted
        if m.name not in scored
    ]
    return MeasuredBaselines(
        split=split,
        split_note=note,
        train_rows=len(train),
        test_rows=len(test),
        row_cap=row_cap,
        time_budget_s=time_budget_s,
        seconds=round(time.perf_counter() - started, 3),
        features=features,
        results=results,
        skipped=skipped,
    )


def _time(data: ProfiledData) -> NDArray[np.float64] | None:
    if data.profile.time is None:
        return None
    col = data.sample.get(data.profile.time.column)
    return time_view(col) if col is not None else None


def _labels(data: ProfiledData, rows: NDArray[np.int64], classify: bool) -> NDArray[Any]:
    import numpy as np

    target = data.profile.target
    assert target is not None
    col = data.sample.get(target.column)
    assert col is not None
    if not classify:
        y = numeric_view(col)
        assert y is not None
        return np.nan_to_num(y[rows])
    labels = [_lab(v) for v in col.values[rows]]
    if target.kind == "binary":
        return np.array([1 if v == target.positive_class else 0 for v in labels])
    table: dict[str, int] = {}
    return np.array([table.setdefault(v, len(table)) for v in labels])


def _lab(v: object) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _design(
    data: ProfiledData, rows: NDArray[np.int64], features: list[str]
) -> tuple[NDArray[np.float64], NDArray[np.bool_], NDArray[np.float64]]:
    """Tree matrix (numbers + category codes, NaN missing) and a linear matrix (imputed,
    standardised numbers + one-hot top categories)."""
    import numpy as np

    tree: list[NDArray[np.float64]] = []
    cats: list[bool] = []
    lin: list[NDArray[np.float64]] = []
    for name in features:
        col = data.sample.get(name)
        cp = data.profile.column(name)
        assert col is not None and cp is not None
        if cp.kind in ("numeric", "integer", "boolean") and (x := numeric_view(col)) is not None:
            tree.append(x[rows])
            cats.append(False)
            lin.append(_impute_scale(x[rows][:, None]))
            continue
        code, k = codes(col)
        c = code[rows].astype("float64")
        c[c < 0] = np.nan
        tree.append(c)
        cats.append(k < 250)
        top = np.argsort(-np.bincount(code[rows][code[rows] >= 0], minlength=k))[:_ONE_HOT_LEVELS]
        lin.append(np.stack([(code[rows] == j).astype("float64") for j in top], axis=1))
    n = len(rows)
    return (
        np.column_stack(tree) if tree else np.zeros((n, 0)),
        np.array(cats, dtype=bool),
        np.hstack(lin) if lin else np.zeros((n, 0)),
    )


def _impute_scale(x: NDArray[np.float64]) -> NDArray[np.float64]:
    import numpy as np

    x = x.copy()
    med = np.nanmedian(x, axis=0) if x.size else np.zeros(x.shape[1])
    med = np.nan_to_num(med)
    idx = np.where(np.isnan(x))
    x[idx] = np.take(med, idx[1])
    std = x.std(axis=0)
    scaled: NDArray[np.float64] = (x - x.mean(axis=0)) / np.where(std > 0, std, 1)
    return scaled


def _lags(
    y: NDArray[np.float64], t: NDArray[np.float64] | None, season: int
) -> tuple[NDArray[np.float64], list[str]]:
    """Lag-1 and seasonal lag of the target, in time order (NaN where history is missing)."""
    import numpy as np

    order = np.argsort(t, kind="mergesort") if t is not None else np.arange(len(y))
    out = np.full((len(y), 2), np.nan)
    ys = y[order]
    for j, k in enumerate((1, max(season, 1))):
        shifted = np.full(len(y), np.nan)
        shifted[k:] = ys[:-k]
        out[order, j] = shifted
    return out, ["lag_1", f"lag_{max(season, 1)}"]


def _split(
    data: ProfiledData,
    rows: NDArray[np.int64],
    y: NDArray[Any],
    split: SplitStrategy,
    classify: bool,
    forecasting: bool,
    seed: int,
) -> tuple[NDArray[np.int64], NDArray[np.int64], str]:
    """Positions (into `rows`) of train and test, following the plan's split strategy."""
    import numpy as np
    from sklearn.model_selection import GroupShuffleSplit, train_test_split

    n = len(rows)
    idx = np.arange(n)
    t = _time(data)
    key = data.profile.group_key
    if split.respects_time and split.respects_groups and not forecasting and t is not None:
        grouped = _group_time_split(data, rows, t[rows])
        if grouped is not None:
            return grouped
    if split.respects_time or forecasting:
        if t is not None:
            order = idx[np.argsort(t[rows], kind="mergesort")]
            basis = f"by {data.profile.time.column}" if data.profile.time else ""
        elif not data.profile.sampled:
            order, basis = idx, "in file order (no time column)"
        else:
            order, basis = None, ""
        if order is not None:
            cut = int(n * (1 - TEST_SHARE))
            why = ""
            if split.respects_groups and not forecasting:
                if key is None:
                    why = " (time only: the data has no group column)"
                elif t is None:
                    why = f" (time only: no time column to order the {key.column} groups by)"
                else:
                    why = (
                        f" (time only: the {key.column} groups span the whole period, so "
                        "none could be held out whole)"
                    )
            return (
                order[:cut],
                order[cut:],
                f"{split.value}: last {TEST_SHARE:.0%} of rows {basis} held out{why}",
            )
    if split.respects_groups and key is not None:
        col = data.sample.get(key.column)
        assert col is not None
        groups, _ = codes(col)
        gss = GroupShuffleSplit(n_splits=1, test_size=TEST_SHARE, random_state=seed)
        train, test = next(gss.split(idx, groups=groups[rows]))
        return train, test, f"{split.value}: {TEST_SHARE:.0%} of {key.column} groups held out"
    stratify = y if classify and np.bincount(y).min() >= 2 else None
    train, test = train_test_split(idx, test_size=TEST_SHARE, random_state=seed, stratify=stratify)
    how = "stratified" if stratify is not None else "random"
    fallback = ""
    if split.respects_time or split.respects_groups:
        fallback = " (the data has no usable time or group column for the plan's split)"
    return (
        np.sort(train),
        np.sort(test),
        f"{split.value}: {how} {TEST_SHARE:.0%} hold-out{fallback}",
    )


def _group_time_split(
    data: ProfiledData, rows: NDArray[np.int64], t: NDArray[np.float64]
) -> tuple[NDArray[np.int64], NDArray[np.int64], str] | None:
    """Time and groups at once: each group goes to the side of its first timestamp.

    Groups are ordered by the first time they appear; the groups that appear last are held
    out whole until they hold at least TEST_SHARE of the rows. The cut is the first held-out
    timestamp: training keeps the other groups' rows before it, so every training row precedes
    every test row and no group is on both sides. Training groups' rows after the cut are
    dropped (they fall in the test period). None when there is no group key or the groups
    span the whole period (too few rows would be left on either side).
    """
    import numpy as np

    key = data.profile.group_key
    if key is None or data.profile.time is None:
        return None
    col = data.sample.get(key.column)
    assert col is not None
    groups = codes(col)[0][rows]
    known = ~np.isnan(t) & (groups >= 0)
    if known.sum() < 20:
        return None
    n_codes = int(groups.max()) + 1
    first = np.full(n_codes, np.inf)
    np.minimum.at(first, groups[known], t[known])
    sizes = np.bincount(groups[known], minlength=n_codes)
    present = np.flatnonzero(sizes)
    by_start = present[np.argsort(-first[present], kind="mergesort")]  # latest first
    wanted = TEST_SHARE * known.sum()
    held = by_start[: int(np.searchsorted(np.cumsum(sizes[by_start]), wanted)) + 1]
    cut = first[held].min()
    in_test = np.zeros(n_codes, dtype=bool)
    in_test[held] = True
    test = np.flatnonzero(known & in_test[np.maximum(groups, 0)])
    train = np.flatnonzero(known & ~in_test[np.maximum(groups, 0)] & (t < cut))
    if len(train) < max(10, TEST_SHARE * known.sum()) or len(test) < 5:
        return None
    dropped = int(known.sum()) - len(train) - len(test)
    column = data.profile.time.column
    return (
        train,
        test,
        f"group_time_based: each {key.column} group on the side of its first {column}; the "
        f"{len(held):,} groups first seen last ({len(test):,} rows) held out whole, training "
        f"on the other groups' rows before the first held-out {column}"
        + (f" ({dropped:,} later rows of training groups left out)" if dropped else ""),
    )


Fit = Any


def _models(
    classify: bool, forecasting: bool, cat_mask: NDArray[np.bool_], season: int, seed: int
) -> list[tuple[str, str, Fit]]:
    import numpy as np

    def trivial(xt: Any, xl: Any, y: Any, tr: Any, te: Any) -> tuple[Any, Any]:
        if classify:
            k = int(y.max()) + 1
            prior = np.bincount(y[tr], minlength=k) / len(tr)
            proba = np.tile(prior, (len(te), 1))
            return proba, np.full(len(te), int(prior.argmax()))
        if forecasting:
            lag = xt[te, -1]
            return None, np.where(np.isnan(lag), y[tr].mean(), lag)
        return None, np.full(len(te), y[tr].mean())

    def linear(xt: Any, xl: Any, y: Any, tr: Any, te: Any) -> tuple[Any, Any]:
        from sklearn.linear_model import LogisticRegression, Ridge

        if xl.shape[1] == 0:
            return trivial(xt, xl, y, tr, te)
        if classify:
            model = LogisticRegression(max_iter=300)
            model.fit(xl[tr], y[tr])
            return _full_proba(model.predict_proba(xl[te]), model.classes_, y), model.predict(
                xl[te]
            )
        ridge = Ridge(alpha=1.0).fit(xl[tr], y[tr])
        return None, ridge.predict(xl[te])

    def boosted(xt: Any, xl: Any, y: Any, tr: Any, te: Any) -> tuple[Any, Any]:
        from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

        if xt.shape[1] == 0:
            return trivial(xt, xl, y, tr, te)
        cats = cat_mask if cat_mask.any() else None
        if classify:
            clf = HistGradientBoostingClassifier(
                max_iter=100, categorical_features=cats, random_state=seed
            ).fit(xt[tr], y[tr])
            return _full_proba(clf.predict_proba(xt[te]), clf.classes_, y), clf.predict(xt[te])
        reg = HistGradientBoostingRegressor(
            max_iter=100, categorical_features=cats, random_state=seed
        ).fit(xt[tr], y[tr])
        return None, reg.predict(xt[te])

    if classify:
        first = "majority class (class prior)"
    elif forecasting:
        first = f"seasonal naive (lag {max(season, 1)})"
    else:
        first = "mean of the training target"
    return [
        (first, "trivial", trivial),
        ("logistic regression" if classify else "linear regression (ridge)", "quick", linear),
        ("HistGradientBoosting", "quick", boosted),
    ]


def _full_proba(proba: Any, classes: Any, y: Any) -> Any:
    """Probabilities for every class of y, even those missing from the training part."""
    import numpy as np

    k = int(y.max()) + 1
    out = np.zeros((proba.shape[0], k))
    out[:, classes.astype(int)] = proba
    return out
