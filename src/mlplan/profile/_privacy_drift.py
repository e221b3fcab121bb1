"""Personal-data columns (by value patterns and by name) and drift between time slices.

Personal data is reported by column with the share of sampled values that matched a pattern;
the values themselves never leave this module.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mlplan.domain import ColumnProfile, DriftColumn, PersonalDataColumn
from mlplan.profile._columns import codes, numeric_view, time_view
from mlplan.profile._read import RawSample

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

PII_MATCH_SHARE = 0.5
"""A column is reported when at least half of its sampled non-empty values match a pattern."""
_PII_SAMPLE = 500

_VALUE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("email", re.compile(r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$")),
    ("national_id", re.compile(r"^(\d{3}-\d{2}-\d{4}|[A-CEGHJ-PR-TW-Z]{2}\d{6}[A-D])$", re.I)),
    ("ip", re.compile(r"^(\d{1,3}\.){3}\d{1,3}$")),
    ("card_number", re.compile(r"^(\d[ -]?){13,19}$")),
    ("phone", re.compile(r"^\+?[\d\s().-]{7,20}$")),
    (
        "address",
        re.compile(
            r"^\d+[a-z]?\s+\w+(\s\w+)*\s(street|st|road|rd|avenue|ave|lane|ln|drive|dr|way|"
            r"boulevard|blvd|court|ct|place|pl|straße|strasse|rue)\b",
            re.I,
        ),
    ),
    ("name", re.compile(r"^[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?\s[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?$")),
]
_NAME_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("email", re.compile(r"e_?mail", re.I)),
    ("phone", re.compile(r"phone|mobile|msisdn|\btel\b|telephone", re.I)),
    ("national_id", re.compile(r"ssn|national_?id|passport|tax_?id|nino|social_?sec", re.I)),
    ("card_number", re.compile(r"card_?(number|no|num)|\bpan\b|iban", re.I)),
    ("address", re.compile(r"address|street|postcode|post_code|zip(_?code)?$", re.I)),
    ("birth_date", re.compile(r"birth|\bdob\b", re.I)),
    ("name", re.compile(r"(^|_)(first|last|full|sur|given|family)_?name$|^name$|surname", re.I)),
    ("ip", re.compile(r"(^|_)ip(_?addr(ess)?)?$", re.I)),
]


_LOOSE_VALUE_KINDS = frozenset({"phone", "name"})
"""Value shapes loose enough that the column's name is the better witness: `ssn` holding
`400-310-1300`, or `tax_id` holding digit groups, is an ID that merely looks like a phone."""


def personal_data_columns(
    sample: RawSample, columns: list[ColumnProfile]
) -> list[PersonalDataColumn]:
    out: list[PersonalDataColumn] = []
    for cp in columns:
        col = sample.get(cp.name)
        assert col is not None
        found = None
        if col.values.dtype.kind == "O":
            values = [v.strip() for v in col.values if v is not None][:_PII_SAMPLE]
            if values:
                for kind, pattern in _VALUE_PATTERNS:
                    hits = sum(1 for v in values if pattern.match(v) and _plausible(kind, v))
                    if hits / len(values) >= PII_MATCH_SHARE:
                        found = PersonalDataColumn(
                            column=cp.name,
                            kind=kind,
                            basis=f"{hits / len(values):.0%} of {len(values)} sampled values "
                            f"match the {kind.replace('_', ' ')} pattern",
                        )
                        break
        named = next((k for k, p in _NAME_PATTERNS if p.search(cp.name)), None)
        loose = found is not None and found.kind in _LOOSE_VALUE_KINDS and found.kind != named
        if named is not None and (found is None or loose):
            basis = f"the column name suggests {named.replace('_', ' ')}"
            if found is not None:
                basis += f" (values are {found.kind}-shaped: {found.basis})"
            found = PersonalDataColumn(column=cp.name, kind=named, basis=basis)
        if found is not None:
            out.append(found)
    return out


def _plausible(kind: str, value: str) -> bool:
    digits = re.sub(r"\D", "", value)
    if kind == "card_number":
        return 13 <= len(digits) <= 19 and _luhn(digits)
    if kind == "phone":
        return 7 <= len(digits) <= 15 and not re.fullmatch(r"-?\d+(\.\d+)?", value)
    if kind == "ip":
        return all(int(p) <= 255 for p in value.split("."))
    return True


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


# -- drift ---------------------------------------------------------------------------------

SLICE_SHARE = 0.2
"""The first and last fifth of the rows in time order are compared."""


def drift(
    sample: RawSample, columns: list[ColumnProfile], time_column: str, *, skip: set[str]
) -> tuple[list[DriftColumn], str]:
    """PSI of every usable column between the earliest and latest slices of the sample."""
    import numpy as np

    tcol = sample.get(time_column)
    assert tcol is not None
    t = time_view(tcol)
    if t is None:
        return [], ""
    order = np.argsort(np.where(np.isnan(t), np.inf, t), kind="mergesort")
    order = order[~np.isnan(t[order])]
    k = int(len(order) * SLICE_SHARE)
    if k < 30:
        return [], "too few timestamped rows to compare time slices"
    first, last = order[:k], order[-k:]
    note = (
        f"first {SLICE_SHARE:.0%} of rows by {time_column} ({_fmt_t(tcol, t[first[0]])} to "
        f"{_fmt_t(tcol, t[first[-1]])}) vs last {SLICE_SHARE:.0%} ({_fmt_t(tcol, t[last[0]])} to "
        f"{_fmt_t(tcol, t[last[-1]])})"
    )
    out: list[DriftColumn] = []
    for cp in columns:
        if cp.name in skip or cp.name == time_column or cp.constant or cp.id_like:
            continue
        col = sample.get(cp.name)
        assert col is not None
        if cp.kind in ("numeric", "integer") and cp.n_unique > 10:
            x = numeric_view(col)
            if x is None:
                continue
            value = _psi_numeric(x[first], x[last])
        elif cp.kind in ("categorical", "boolean", "integer"):
            code, _ = codes(col)
            value = _psi_codes(code[first], code[last])
        else:
            continue
        level = "major" if value > 0.25 else "moderate" if value >= 0.1 else "stable"
        out.append(DriftColumn(column=cp.name, psi=round(value, 4), level=level))
    out.sort(key=lambda d: -d.psi)
    return out, note


def _fmt_t(col: object, value: float) -> str:
    from mlplan.profile._read import RawColumn

    assert isinstance(col, RawColumn)
    if col.values.dtype.kind == "f":
        return f"{value:g}"
    import numpy as np

    return str(np.datetime64(int(value), "s"))[:10]


def _psi(p: NDArray[np.float64], q: NDArray[np.float64]) -> float:
    import numpy as np

    p = np.clip(p / max(p.sum(), 1), 1e-4, None)
    q = np.clip(q / max(q.sum(), 1), 1e-4, None)
    return float(((q - p) * np.log(q / p)).sum())


def _psi_numeric(a: NDArray[np.float64], b: NDArray[np.float64]) -> float:
    """Ten quantile bins of the first slice; missing values are a bin of their own."""
    import numpy as np

    ref = a[~np.isnan(a)]
    if ref.size == 0:
        return 0.0
    edges = np.unique(np.quantile(ref, np.linspace(0, 1, 11))[1:-1])

    def hist(x: NDArray[np.float64]) -> NDArray[np.float64]:
        bins = np.searchsorted(edges, x[~np.isnan(x)], side="right")
        counts = np.bincount(bins, minlength=len(edges) + 1).astype("float64")
        return np.append(counts, float(np.isnan(x).sum()))

    return _psi(hist(a), hist(b))


def _psi_codes(a: NDArray[np.int64], b: NDArray[np.int64]) -> float:
    import numpy as np

    m = int(max(a.max(initial=-1), b.max(initial=-1))) + 2
    return _psi(
        np.bincount(a + 1, minlength=m).astype("float64"),
        np.bincount(b + 1, minlength=m).astype("float64"),
    )
