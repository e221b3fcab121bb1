"""Leakage suspects: columns that nearly determine the target alone, columns whose values only
exist for one outcome (or are named after it), and identifiers.

Each check is a single-column test on the sample, so it is cheap and explainable: the finding
names the column and the score that made it suspect. A suspect is not proof; the plan asks
whether the column is known at prediction time.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mlplan.domain import ColumnProfile, LeakageSuspect, TargetProfile
from mlplan.profile._columns import codes, numeric_view
from mlplan.profile._read import RawSample

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

PREDICTIVE_AUC = 0.97
"""A single column with ROC-AUC this high (either direction) on a binary target is suspect."""
PREDICTIVE_PURITY = 0.95
"""Share of the gap between majority-class accuracy and 1 closed by one column's values."""
PREDICTIVE_CORR = 0.98
"""|Pearson correlation| with a numeric target."""
MISSING_AUC = 0.9
"""A column present (non-missing) almost only for one class exists because of the outcome."""

_POST_OUTCOME = re.compile(
    r"(after|post|outcome|result|resolved|resolution|closed|cancel+(ed|ation)?|refund|"
    r"chargeback|settled|final|recovered|write_?off|collections?|terminated|churned_?(on|at|date)|"
    r"reason|exit)",
    re.I,
)


def leakage_suspects(
    sample: RawSample,
    columns: list[ColumnProfile],
    target: TargetProfile,
    *,
    skip: set[str],
) -> list[LeakageSuspect]:

    y_col = sample.get(target.column)
    assert y_col is not None
    labelled = ~y_col.missing
    y = _target_vector(y_col.values, labelled, target)
    out: list[LeakageSuspect] = []
    for cp in columns:
        if cp.name == target.column or cp.name in skip or cp.constant:
            continue
        col = sample.get(cp.name)
        assert col is not None
        if cp.id_like:
            out.append(
                LeakageSuspect(
                    column=cp.name,
                    kind="identifier",
                    detail=f"{cp.unique_share:.0%} of its values are distinct: an identifier lets "
                    "a model memorise rows or entities instead of learning patterns",
                )
            )
            continue
        suspect = _post_outcome(cp, col.missing, labelled, y, target) or _predictive(
            cp, col, labelled, y, target
        )
        if suspect is not None:
            out.append(suspect)
    return sorted(
        out, key=lambda s: ({"predictive": 0, "post_outcome": 1}.get(s.kind, 2), s.column)
    )


def _target_vector(
    values: NDArray[np.generic], labelled: NDArray[np.bool_], target: TargetProfile
) -> NDArray[np.float64]:
    """Binary -> 1.0 for the positive class; multiclass -> class codes; regression -> value."""
    import numpy as np

    if target.kind == "regression":
        return np.array(
            [float(v) if ok else np.nan for v, ok in zip(values, labelled, strict=True)]
        )
    if target.kind == "binary":
        pos = target.positive_class
        return np.array(
            [
                (1.0 if _lab(v) == pos else 0.0) if ok else np.nan
                for v, ok in zip(values, labelled, strict=True)
            ]
        )
    table: dict[str, int] = {}
    return np.array(
        [
            float(table.setdefault(_lab(v), len(table))) if ok else np.nan
            for v, ok in zip(values, labelled, strict=True)
        ]
    )


def _lab(v: object) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _post_outcome(
    cp: ColumnProfile,
    missing: NDArray[np.bool_],
    labelled: NDArray[np.bool_],
    y: NDArray[np.float64],
    target: TargetProfile,
) -> LeakageSuspect | None:
    """Present for one outcome only (a cancellation reason filled only for churners)."""
    if target.kind == "binary" and 0.02 < cp.missing_share < 0.98:
        auc = auc_score(y[labelled], (~missing[labelled]).astype("float64"))
        score = max(auc, 1 - auc)
        if score >= MISSING_AUC:
            return LeakageSuspect(
                column=cp.name,
                kind="post_outcome",
                score=round(score, 4),
                detail=f"whether it is filled in separates the classes (AUC {score:.2f}): its values "
                "appear to be recorded only after, or because of, the outcome",
            )
    target_tokens = {t for t in re.split(r"[_\W]+", target.column.lower()) if len(t) >= 4}
    name_tokens = set(re.split(r"[_\W]+", cp.name.lower()))
    shares_target = any(
        t in tok or tok in t for t in target_tokens for tok in name_tokens if len(tok) >= 4
    )
    if _POST_OUTCOME.search(cp.name) and (shares_target or cp.missing_share > 0.3):
        return LeakageSuspect(
            column=cp.name,
            kind="post_outcome",
            detail="its name says it is recorded after the outcome; confirm it is known at "
            "prediction time or drop it",
        )
    return None


def _predictive(
    cp: ColumnProfile,
    col: object,
    labelled: NDArray[np.bool_],
    y: NDArray[np.float64],
    target: TargetProfile,
) -> LeakageSuspect | None:
    import numpy as np

    from mlplan.profile._read import RawColumn

    assert isinstance(col, RawColumn)
    x = numeric_view(col) if cp.kind in ("numeric", "integer", "boolean") else None
    if target.kind == "binary" and x is not None:
        ok = labelled & ~np.isnan(x)
        if ok.sum() < 30 or len(np.unique(y[ok])) < 2:
            return None
        auc = auc_score(y[ok], x[ok])
        score = max(auc, 1 - auc)
        if score >= PREDICTIVE_AUC:
            return _suspect(
                cp.name, score, f"on its own it separates the classes with ROC-AUC {score:.3f}"
            )
        return None
    if target.kind == "regression" and x is not None:
        ok = labelled & ~np.isnan(x) & ~np.isnan(y)
        if ok.sum() < 30 or x[ok].std() == 0:
            return None
        corr = abs(float(np.corrcoef(x[ok], y[ok])[0, 1]))
        if corr >= PREDICTIVE_CORR:
            return _suspect(cp.name, corr, f"its correlation with the target is {corr:.3f}")
        return None
    if cp.kind in ("categorical", "boolean", "integer") and cp.n_unique <= max(50, 0.01 * len(y)):
        code, _ = codes(col)
        ok = labelled & (code >= 0)
        if ok.sum() < 30:
            return None
        gain = _purity_gain(code[ok], y[ok], regression=target.kind == "regression")
        if gain >= PREDICTIVE_PURITY:
            what = "explains" if target.kind == "regression" else "determines"
            return _suspect(
                cp.name,
                gain,
                f"its {cp.n_unique} values {what} {gain:.0%} of the target's variation",
            )
    return None


def _suspect(column: str, score: float, detail: str) -> LeakageSuspect:
    return LeakageSuspect(
        column=column,
        kind="predictive",
        score=round(score, 4),
        detail=detail + "; a feature that good usually encodes the label",
    )


def _purity_gain(code: NDArray[np.int64], y: NDArray[np.float64], *, regression: bool) -> float:
    """Classes: (accuracy of value -> majority class - base rate) / (1 - base rate).
    Numbers: correlation ratio eta squared (variance explained by the column's values)."""
    import numpy as np

    if regression:
        total = float(((y - y.mean()) ** 2).sum())
        if total == 0:
            return 0.0
        sums = np.bincount(code, weights=y)
        counts = np.bincount(code)
        means = sums[counts > 0] / counts[counts > 0]
        between = float((counts[counts > 0] * (means - y.mean()) ** 2).sum())
        return between / total
    yc = y.astype("int64")
    joint = np.zeros((int(code.max()) + 1, int(yc.max()) + 1))
    np.add.at(joint, (code, yc), 1)
    acc = joint.max(axis=1).sum() / len(y)
    base = np.bincount(yc).max() / len(y)
    return float((acc - base) / (1 - base)) if base < 1 else 0.0


def auc_score(y: NDArray[np.float64], score: NDArray[np.float64]) -> float:
    """ROC-AUC by the rank-sum formula, ties averaged (no scikit-learn needed for profiling)."""
    import numpy as np

    pos = y == 1
    n_pos, n_neg = int(pos.sum()), int((~pos).sum())
    if n_pos == 0 or n_neg == 0:
        return 0.5
    order = np.argsort(score, kind="mergesort")
    ranks = np.empty(len(score))
    sorted_scores = score[order]
    _, first, counts = np.unique(sorted_scores, return_index=True, return_counts=True)
    avg = first + (counts + 1) / 2.0
    ranks[order] = np.repeat(avg, counts)
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))
