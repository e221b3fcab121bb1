"""Per-column facts: kind, missing share, cardinality, constant / duplicate / ID-like columns,
and the target, time axis and group keys built on them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mlplan.domain import (
    ColumnProfile,
    GroupKeyCandidate,
    TargetProfile,
    TimeProfile,
)
from mlplan.domain.profile import ColumnKind
from mlplan.errors import DataFileError
from mlplan.profile._read import RawColumn, RawSample

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

CATEGORICAL_MAX = 50
"""Text columns with at most this many distinct values (or 5 % of rows) are categories."""

_ID_NAME = re.compile(r"(^|_|\b)(id|uuid|guid|key|code|number|no)$|^id_|_id_", re.I)
_ENTITY_NAME = re.compile(
    r"(customer|user|account|client|member|patient|device|store|shop|session|household|"
    r"merchant|card|product|item|sku|machine|vehicle|driver|employee|student|subject)",
    re.I,
)
_POSITIVE_LABELS = ("1", "1.0", "yes", "true", "y", "t", "positive", "pos", "churn", "fraud")


def kind_of(col: RawColumn, n: int) -> ColumnKind:
    import numpy as np

    if col.values.dtype.kind == "M":
        return "datetime"
    if col.values.dtype.kind == "f":
        present = col.values[~col.missing].astype("float64")
        if col.storage_type.upper() == "BOOLEAN":
            return "boolean"
        if present.size and bool(np.all(present == np.round(present))):
            return "integer"
        return "numeric"
    distinct = len({v for v in col.values if v is not None})
    return "categorical" if distinct <= max(CATEGORICAL_MAX, 0.05 * n) else "text"


def numeric_view(col: RawColumn) -> NDArray[np.float64] | None:
    """The column as float64 (NaN for missing): numbers as they are, datetimes as seconds,
    text when at least 90 % of its values parse as numbers. None otherwise."""
    import numpy as np

    if col.values.dtype.kind == "f":
        return col.values.astype("float64")
    if col.values.dtype.kind == "M":
        out = col.values.astype("datetime64[s]").astype("int64").astype("float64")
        out[col.missing] = np.nan
        return out
    parsed = np.array([_to_float(v) for v in col.values], dtype="float64")
    present = int((~col.missing).sum())
    ok = int((~np.isnan(parsed)).sum())
    return parsed if present and ok >= 0.9 * present else None


def _to_float(v: object) -> float:
    if v is None:
        return float("nan")
    try:
        return float(str(v).replace(",", ""))
    except ValueError:
        return float("nan")


def codes(col: RawColumn) -> tuple[NDArray[np.int64], int]:
    """Integer codes per row (-1 for missing) and the number of distinct values."""
    import numpy as np

    if col.values.dtype.kind in "fM":
        keys = col.values[~col.missing]
        uniq, inv = np.unique(keys, return_inverse=True)
        out = np.full(len(col.values), -1, dtype="int64")
        out[~col.missing] = inv
        return out, len(uniq)
    table: dict[object, int] = {}
    out = np.fromiter(
        (-1 if v is None else table.setdefault(v, len(table)) for v in col.values),
        dtype="int64",
        count=len(col.values),
    )
    return out, len(table)


def profile_columns(sample: RawSample) -> list[ColumnProfile]:
    """Missing share, cardinality, constant, duplicate-of and ID-like flags for every column."""
    n = sample.n
    out: list[ColumnProfile] = []
    seen: dict[int, str] = {}
    for col in sample.columns:
        kind = kind_of(col, n)
        _code, n_unique = codes(col)
        present = int((~col.missing).sum())
        unique_share = n_unique / present if present else 0.0
        digest = hash(
            col.values.tobytes() if col.values.dtype.kind in "fM" else tuple(col.values.tolist())
        )
        duplicate_of = seen.get(digest) if n_unique > 1 else None
        seen.setdefault(digest, col.name)
        out.append(
            ColumnProfile(
                name=col.name,
                kind=kind,
                storage_type=col.storage_type,
                missing_share=round(1 - present / n, 6) if n else 0.0,
                n_unique=n_unique,
                unique_share=round(min(unique_share, 1.0), 6),
                constant=n_unique <= 1,
                duplicate_of=duplicate_of,
                id_like=_id_like(col.name, kind, n_unique, present),
                invalid_share=round(_invalid_share(col, kind), 6),
                inconsistent=_inconsistent(col, kind),
            )
        )
    return out


def _id_like(name: str, kind: ColumnKind, n_unique: int, present: int) -> bool:
    if kind in ("numeric", "boolean", "datetime") or present == 0:
        return False
    unique = n_unique / present
    if _ID_NAME.search(name) and n_unique >= 20:
        return True
    return unique >= 0.98 and present >= 50 and kind in ("integer", "text")


def _invalid_share(col: RawColumn, kind: ColumnKind) -> float:
    """Text columns that are mostly numbers: the share of values that are not."""
    import numpy as np

    if kind not in ("text", "categorical"):
        return 0.0
    parsed = numeric_view(col)
    if parsed is None:
        return 0.0
    present = ~col.missing
    return float((np.isnan(parsed) & present).sum() / max(int(present.sum()), 1))


def _inconsistent(col: RawColumn, kind: ColumnKind) -> bool:
    if kind != "categorical":
        return False
    raw = {v for v in col.values if v is not None}
    return len({v.strip().lower() for v in raw}) < len(raw)


# -- target, time axis, group keys -----------------------------------------------------------


def target_profile(sample: RawSample, column: str) -> TargetProfile:
    import numpy as np

    col = _require(sample, column, "--target")
    present = ~col.missing
    if not present.any():
        raise DataFileError(f"the target column '{column}' has no values")
    missing_share = round(1 - float(present.mean()), 6)
    labels = [str(_label(v)) for v in col.values[present]]
    distinct = sorted(set(labels))
    numeric = numeric_view(col)
    continuous = numeric is not None and (
        len(distinct) > 20 or not np.all(numeric[present] == np.round(numeric[present]))
    )
    if len(distinct) > 2 and continuous and numeric is not None:
        y = numeric[present & ~np.isnan(numeric)]
        std = float(y.std())
        skew = float(((y - y.mean()) ** 3).mean() / std**3) if std > 0 else 0.0
        return TargetProfile(
            column=column,
            kind="regression",
            missing_share=missing_share,
            mean=float(y.mean()),
            std=std,
            skew=round(skew, 4),
            minimum=float(y.min()),
            median=float(np.median(y)),
            maximum=float(y.max()),
        )
    counts = {label: labels.count(label) for label in distinct}
    total = sum(counts.values())
    shares = dict(sorted(((k, v / total) for k, v in counts.items()), key=lambda kv: -kv[1]))
    if len(distinct) < 2:
        raise DataFileError(f"the target column '{column}' has a single value")
    if len(distinct) == 2:
        pos = next((d for d in distinct if d.lower() in _POSITIVE_LABELS), None)
        pos = pos or min(distinct, key=lambda d: counts[d])
        return TargetProfile(
            column=column,
            kind="binary",
            missing_share=missing_share,
            n_classes=2,
            class_shares={k: round(v, 6) for k, v in shares.items()},
            positive_class=pos,
            positive_rate=round(counts[pos] / total, 6),
        )
    return TargetProfile(
        column=column,
        kind="multiclass",
        missing_share=missing_share,
        n_classes=len(distinct),
        class_shares={k: round(v, 6) for k, v in list(shares.items())[:20]},
    )


def _label(v: object) -> object:
    """1.0 and 1 are one class; text labels are kept as written."""
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def time_view(col: RawColumn) -> NDArray[np.float64] | None:
    """Seconds since the epoch for a datetime column, the number itself for a numeric one
    (e.g. a fractional year), parsed text dates otherwise; None when it is not a time axis."""
    import numpy as np

    if col.values.dtype.kind in "Mf":
        return numeric_view(col)
    try:
        parsed = np.array(
            [np.datetime64(v, "s") if v is not None else np.datetime64("NaT") for v in col.values]
        )
    except ValueError:
        return None
    out = parsed.astype("int64").astype("float64")
    out[np.isnat(parsed)] = np.nan
    return out


def datetime_columns(sample: RawSample) -> list[str]:
    """Columns the reader typed as dates or timestamps."""
    return [c.name for c in sample.columns if c.values.dtype.kind == "M"]


def time_profile(sample: RawSample, column: str | None) -> TimeProfile | None:
    """The time axis: the named column, else the only date/timestamp column, else none."""
    import numpy as np

    explicit = column is not None
    if column is None:
        found = datetime_columns(sample)
        if len(found) != 1:
            return None
        column = found[0]
    col = _require(sample, column, "--time-column")
    t = time_view(col)
    if t is None or np.isnan(t).all():
        raise DataFileError(f"the time column '{column}' holds no dates, timestamps or numbers")
    is_date = col.values.dtype.kind == "M" or col.values.dtype.kind == "O"
    lo, hi = float(np.nanmin(t)), float(np.nanmax(t))
    steps = np.diff(np.unique(t[~np.isnan(t)]))
    step = float(np.median(steps)) if steps.size else 0.0
    if is_date:
        span_days = (hi - lo) / 86400
        start, end = (str(np.datetime64(int(x), "s")) for x in (lo, hi))
        granularity = _granularity(step / 86400)
    else:  # a numeric time axis such as a fractional year (1949.083...)
        yearly = 1000 < lo < 3000 and hi < 3000
        span_days = (hi - lo) * 365.25 if yearly else hi - lo
        start, end = f"{lo:g}", f"{hi:g}"
        granularity = _granularity(step * 365.25) if yearly else None
    return TimeProfile(
        column=column,
        start=start,
        end=end,
        span_days=round(span_days, 3),
        granularity=granularity,
        explicit=explicit,
    )


def _granularity(step_days: float) -> str | None:
    for name, days, tol in (
        ("hourly", 1 / 24, 0.3),
        ("daily", 1, 0.3),
        ("weekly", 7, 0.2),
        ("monthly", 30.44, 0.15),
        ("quarterly", 91.3, 0.1),
        ("yearly", 365.25, 0.05),
    ):
        if step_days and abs(step_days - days) <= tol * days:
            return name
    return None


def group_keys(
    sample: RawSample, columns: list[ColumnProfile], explicit: str | None
) -> list[GroupKeyCandidate]:
    """IDs that repeat: the named column first, then entity-named columns with repeated values."""
    out: list[GroupKeyCandidate] = []
    if explicit is not None:
        col = _require(sample, explicit, "--group-column")
        _, k = codes(col)
        rows = int((~col.missing).sum())
        out.append(
            GroupKeyCandidate(
                column=explicit,
                n_groups=max(k, 1),
                rows_per_group=round(max(rows / max(k, 1), 1.0), 3),
                explicit=True,
            )
        )
    for c in columns:
        if c.name == explicit or c.kind in ("numeric", "boolean", "datetime"):
            continue
        rows = round(sample.n * (1 - c.missing_share))
        named = bool(_ENTITY_NAME.search(c.name)) or bool(_ID_NAME.search(c.name))
        if named and c.n_unique >= 10 and rows / max(c.n_unique, 1) >= 1.5:
            out.append(
                GroupKeyCandidate(
                    column=c.name,
                    n_groups=c.n_unique,
                    rows_per_group=round(rows / c.n_unique, 3),
                )
            )
    return out


def _require(sample: RawSample, name: str, option: str) -> RawColumn:
    col = sample.get(name)
    if col is None:
        names = ", ".join(c.name for c in sample.columns[:30])
        raise DataFileError(f"{option} '{name}' is not a column of {sample.source} ({names})")
    return col
