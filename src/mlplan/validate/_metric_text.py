"""Find metric targets written in prose ("PR-AUC ≥ 0.45", "recall at 90 % precision of 0.6").

M10 compares the plan's structured metric targets with the numbers its business text and
the brief quote for the same metric. Only the pattern "metric, connector, number" is read;
numbers that describe a baseline ("current PR-AUC 0.30", "from 0.30 to 0.45" keeps 0.45)
are not targets.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from mlplan.domain import MetricName

_NUM = r"\d+(?:\.\d+)?"
_M = MetricName

# Order matters: specific patterns claim their span before generic ones ("recall" inside
# "recall at 90 % precision" belongs to RECALL_AT_PRECISION).
_PATTERNS: tuple[tuple[MetricName, str], ...] = (
    (_M.RECALL_AT_PRECISION, rf"recall\s*(?:@|at)\s*(?P<at>{_NUM})\s*(?P<atpct>%)?\s*precision"),
    (_M.PRECISION_AT_RECALL, rf"precision\s*(?:@|at)\s*(?P<at>{_NUM})\s*(?P<atpct>%)?\s*recall"),
    (_M.PR_AUC, r"\bpr[- ]?auc\b|\bauprc\b|\bau-?pr\b|\baverage\s+precision\b"),
    (_M.ROC_AUC, r"\broc[- ]?auc\b|\bauroc\b|\bau-?roc\b|\bauc\b"),
    (_M.NDCG_AT_K, r"\bndcg\b(?:\s*@\s*(?P<k>\d{1,6}))?"),
    (_M.MAP_AT_K, r"\bmap\s*@\s*(?P<k>\d{1,6})"),
    (_M.PRECISION_AT_K, r"\bprecision\s*@\s*(?:k\s*=\s*)?(?P<k>\d{1,6})\b(?!\s*%)"),
    (_M.RECALL_AT_K, r"\brecall\s*@\s*(?:k\s*=\s*)?(?P<k>\d{1,6})\b(?!\s*%)"),
    (_M.HIT_RATE_AT_K, r"\bhit[- ]?rate\b(?:\s*@\s*(?P<k>\d{1,6}))?"),
    (_M.MRR, r"\bmrr\b|\bmean\s+reciprocal\s+rank\b"),
    (_M.BALANCED_ACCURACY, r"\bbalanced\s+accuracy\b"),
    (_M.ACCURACY, r"\baccuracy\b"),
    (_M.F1, r"\bf1(?:[- ]score)?\b"),
    (_M.RECALL, r"\brecall\b"),
    (_M.PRECISION, r"\bprecision\b"),
    (_M.LOG_LOSS, r"\blog[- ]?loss\b"),
    (_M.BRIER, r"\bbrier(?:\s+score)?\b"),
    (_M.RMSLE, r"\brmsle\b"),
    (_M.RMSE, r"\brmse\b"),
    (_M.SMAPE, r"\bs-?mape\b"),
    (_M.MAPE, r"\bmape\b"),
    (_M.WAPE, r"\bwape\b"),
    (_M.MASE, r"\bmase\b"),
    (_M.MAE, r"\bmae\b"),
    (_M.R2, r"\br2\b|\br²|\br-squared\b"),
)
_COMPILED = tuple((name, re.compile(pattern, re.I)) for name, pattern in _PATTERNS)

_CONNECTOR = (
    r"(?:\s*(?:[:=≥≤><~≈]+|of|at\s+least|at\s+most|above|below|under|over|target(?:ed)?|"
    r"reach(?:es|ing)?|is|to|around|about|approx\.?|\(\w+\)))*"
)
_QUALIFIER = r"(?:\s+(?:per|for each|for every|across|on|over)\s+[\w-]+)?"
"""'MAPE per substation of 3 %': the metric's scope may sit between it and its number."""
_VALUE = re.compile(
    _QUALIFIER + _CONNECTOR + rf"\s*(?:from\s+{_NUM}\s*%?\s+to\s+)?(?P<num>{_NUM})\s*(?P<pct>%)?",
    re.I,
)
_BASELINE_BEFORE = re.compile(
    r"\b(?:current(?:ly)?|baseline|today|existing|legacy|was)\b[^.;,]{0,25}$", re.I
)


@dataclass(frozen=True, slots=True)
class Mention:
    """A metric named in prose together with the target number that follows it."""

    metric: MetricName
    k: int | None
    at: float | None
    value: float
    quote: str


def find_metric_targets(text: str) -> list[Mention]:
    """Every 'metric … number' target in ``text``, most specific metric first."""
    claimed: list[tuple[int, int]] = []
    found: list[tuple[int, Mention]] = []
    for name, pattern in _COMPILED:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < c_end and c_start < end for c_start, c_end in claimed):
                continue
            claimed.append((start, end))
            if _BASELINE_BEFORE.search(text[:start]):
                continue
            value = _VALUE.match(text, end)
            if value is None:
                continue
            number = float(value.group("num")) / (100.0 if value.group("pct") else 1.0)
            groups = match.groupdict()
            at = float(groups["at"]) if groups.get("at") else None
            if at is not None and (groups.get("atpct") or at > 1):
                at /= 100.0
            k = int(groups["k"]) if groups.get("k") else None
            quote = text[start : value.end()].strip()
            found.append((start, Mention(name, k, at, number, quote)))
    return [mention for _, mention in sorted(found, key=lambda pair: pair[0])]


def same_number(a: float, b: float) -> bool:
    """Equal, allowing one side to be written in percent (12 % vs 0.12)."""
    return any(
        math.isclose(x, y, rel_tol=1e-6, abs_tol=1e-9)
        for x, y in ((a, b), (a * 100, b), (a, b * 100))
    )


def same_point(a: float | int | None, b: float | int | None) -> bool:
    """Operating points / k agree when either side leaves them unstated."""
    return a is None or b is None or same_number(float(a), float(b))
