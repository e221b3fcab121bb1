"""Data Quality Index and Data Availability Score: two documented formulas (docs/data.md).

DQI summarises how clean the file is; DAS says whether it holds what *this plan* needs.
Both are pure functions of the profile (and the plan), so they can be recomputed and checked.
"""

from __future__ import annotations

import re

from mlplan.domain import (
    AvailabilityItem,
    ColumnProfile,
    DataAvailability,
    DataProfile,
    DataQuality,
    Plan,
)

WEIGHTS = {"completeness": 0.35, "validity": 0.25, "uniqueness": 0.20, "consistency": 0.20}
"""Completeness weighs most: missing values are the commonest and costliest defect."""

USABLE_INPUTS = 3
"""The plan needs at least this many usable input columns (not ID, leaky, constant or PII)."""


def quality_index(columns: list[ColumnProfile], *, rows: int, duplicate_rows: int) -> DataQuality:
    """DQI = 100 x (0.35 completeness + 0.25 validity + 0.20 uniqueness + 0.20 consistency)."""
    if not columns or rows == 0:
        return DataQuality(completeness=0, validity=0, uniqueness=0, consistency=0, index=0)
    completeness = 1 - sum(c.missing_share for c in columns) / len(columns)
    present = [1 - c.missing_share for c in columns]
    invalid = sum(c.invalid_share * p for c, p in zip(columns, present, strict=True))
    validity = 1 - invalid / max(sum(present), 1e-9)
    uniqueness = 1 - duplicate_rows / rows
    bad = sum(1 for c in columns if c.inconsistent or c.invalid_share > 0)
    consistency = 1 - bad / len(columns)
    parts = {
        "completeness": completeness,
        "validity": validity,
        "uniqueness": uniqueness,
        "consistency": consistency,
    }
    index = 100 * sum(WEIGHTS[k] * v for k, v in parts.items())
    return DataQuality(
        **{k: round(min(max(v, 0.0), 1.0), 4) for k, v in parts.items()},
        index=round(min(max(index, 0.0), 100.0), 1),
    )


def usable_inputs(profile: DataProfile) -> list[str]:
    """Columns a model may take as inputs: not the target, time or group key, not constant,
    duplicate, identifier, leakage suspect or personal data, and mostly filled."""
    excluded = {s.column for s in profile.leakage} | {p.column for p in profile.personal_data}
    if profile.target:
        excluded.add(profile.target.column)
    if profile.time:
        excluded.add(profile.time.column)
    excluded |= {g.column for g in profile.group_keys}
    return [
        c.name
        for c in profile.columns
        if c.name not in excluded
        and not c.constant
        and not c.id_like
        and c.duplicate_of is None
        and c.missing_share < 0.5
        and c.kind != "text"
    ]


def availability(plan: Plan, profile: DataProfile) -> DataAvailability:
    """DAS = required fields present / required fields.

    Required: the target, a timestamp when the split respects time, the group key when it
    respects groups, at least three usable inputs, and each planned feature (present when a
    column name shares a word of four or more letters with the feature's name).
    """
    split = plan.training.split.strategy
    items = [
        AvailabilityItem(
            requirement="target",
            column=profile.target.column if profile.target else None,
            present=profile.target is not None and profile.target.missing_share < 0.5,
        )
    ]
    if split.respects_time or plan.data.has_time_order:
        items.append(
            AvailabilityItem(
                requirement="timestamp",
                column=profile.time.column if profile.time else None,
                present=profile.time is not None,
            )
        )
    if split.respects_groups or plan.data.group_key:
        key = profile.group_key
        items.append(
            AvailabilityItem(
                requirement=f"group key ({plan.data.group_key or plan.training.split.group_key or 'entity'})",
                column=key.column if key else None,
                present=key is not None,
            )
        )
    inputs = usable_inputs(profile)
    items.append(
        AvailabilityItem(
            requirement=f"at least {USABLE_INPUTS} usable input columns ({len(inputs)} found)",
            column=", ".join(inputs[:8]) or None,
            present=len(inputs) >= USABLE_INPUTS,
        )
    )
    names = [*inputs, *([profile.time.column] if profile.time else [])]
    for feature in plan.features.features:
        column = _matching_column(feature.name, names)
        if (
            column is None
            and profile.time
            and profile.target
            and _TIME_DERIVED.search(feature.name)
        ):
            column = f"derived from {profile.time.column} / {profile.target.column}"
        items.append(
            AvailabilityItem(
                requirement=f"feature: {feature.name}", column=column, present=column is not None
            )
        )
    score = sum(i.present for i in items) / len(items)
    return DataAvailability(score=round(score, 4), items=items)


_WORD = re.compile(r"[a-z]{4,}")
_TIME_DERIVED = re.compile(
    r"lag|rolling|window|calendar|season|trend|day_of|month|week|holiday", re.I
)
"""Features computed from the timestamp and the target's own history need no extra column."""


def _matching_column(feature: str, columns: list[str]) -> str | None:
    words = set(_WORD.findall(feature.lower()))
    for col in columns:
        col_words = set(_WORD.findall(col.lower().replace("_", " ")))
        if words & col_words or any(
            w.startswith(c) or c.startswith(w)
            for w in words
            for c in col_words
            if len(c) >= 5 and len(w) >= 5
        ):
            return col
    return None
