"""Rules on facts measured in the user's data file (L13, L14).

They only speak when the plan carries a data profile (`mlplan plan --data`): a column the
profiler suspects of leaking the target, or an identifier column, becomes a finding that
names it, until the features section says how that column is handled.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mlplan.domain import ColumnProfile, DataProfile, Plan, Section, Severity, TaskType
from mlplan.validate._facts import task_type
from mlplan.validate._registry import Hit, ValidationContext, rule
from mlplan.validate._sources import cite

_SAME_ENTITY_FUTURE = frozenset({TaskType.FORECASTING, TaskType.RECOMMENDATION, TaskType.RANKING})
"""Tasks that predict for the entities seen in training: the series or user ID is a legitimate
input there (one global model over many series, user embeddings)."""


def _named(column: str, text: str) -> bool:
    """The column's name appears in the text as a whole word."""
    return bool(re.search(rf"(?<![\w]){re.escape(column)}(?![\w])", text))


@rule(
    "L13",
    section=Section.DATA,
    severity=Severity.ERROR,
    title="Column suspected of target leakage in the profiled data",
    rationale="A column that nearly determines the label on its own, or whose values exist "
    "only after the outcome, makes offline scores meaningless and fails in production, where "
    "it is not yet known.",
    source=cite("S14 L2", "S2 #33", "S13"),
    fix="Confirm the column is known at prediction time, or drop it; say so in "
    "features.leakage_controls, naming the column.",
)
def l13_measured_leakage(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    profile = plan.data.profile
    if profile is None or profile.target is None:
        return
    handled = " ".join(plan.features.leakage_controls)
    for i, suspect in enumerate(profile.leakage):
        if suspect.kind == "identifier":
            continue  # L14
        if _named(suspect.column, handled):
            continue
        yield Hit(
            f"Column '{suspect.column}' of {profile.source} is suspected of target leakage "
            f"({suspect.kind.replace('_', ' ')}): {suspect.detail}.",
            f"data.profile.leakage[{i}]",
            f"Drop '{suspect.column}' or show it is known at prediction time, and record the "
            "decision in features.leakage_controls.",
        )


@rule(
    "L14",
    section=Section.DATA,
    severity=Severity.WARNING,
    title="Identifier column in the profiled data not excluded from the features",
    rationale="A row ID lets a model memorise rows, and an entity ID (customer, device) lets it "
    "memorise entities and their labels instead of learning patterns; both score well offline "
    "and fail on new rows or new entities. A repeating ID is also the key that keeps an "
    "entity's rows on one side of the split.",
    source=cite("S14 L3.2", "S2 #33", "S13"),
    fix="Drop the identifier from the features and say so in features.leakage_controls, naming "
    "the column; when its values repeat, split by it (group or group-time-based split).",
)
def l14_measured_identifier(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    profile = plan.data.profile
    if profile is None:
        return
    handled = " ".join(plan.features.leakage_controls)
    used = _feature_columns(plan)
    roles = {profile.target.column} if profile.target else set()
    if profile.time is not None:
        roles.add(profile.time.column)
    same_entity = task_type(plan).value in _SAME_ENTITY_FUTURE
    for i, column in enumerate(profile.columns):
        if not column.id_like or column.name in roles or column.constant:
            continue
        if _named(column.name, handled):
            continue
        repeats = _repeats(profile, column)
        as_feature = column.name.lower() in used
        if repeats and same_entity and not as_feature:
            continue
        yield _identifier_hit(plan, profile, column, i, repeats=repeats, as_feature=as_feature)


def _feature_columns(plan: Plan) -> set[str]:
    """Planned features that name a column: the feature's name or its source, lower-cased."""
    out: set[str] = set()
    for f in plan.features.features:
        out.add(f.name.strip().lower())
        out.add(f.source.strip().lower())
    return out


def _repeats(profile: DataProfile, column: ColumnProfile) -> bool:
    """A repeating key (several rows per value) rather than one value per row."""
    if any(k.column == column.name for k in profile.group_keys):
        return True
    return column.unique_share < 0.98


def _identifier_hit(
    plan: Plan,
    profile: DataProfile,
    column: ColumnProfile,
    index: int,
    *,
    repeats: bool,
    as_feature: bool,
) -> Hit:
    name = column.name
    used = " The plan lists it as a feature." if as_feature else ""
    if not repeats:
        return Hit(
            f"Column '{name}' of {profile.source} is an identifier ({column.unique_share:.0%} of "
            f"its values are distinct): as a feature it lets a model memorise rows.{used}",
            f"data.profile.columns[{index}]",
            f"Drop '{name}' from the features (it identifies rows, so a model can only memorise "
            "it) and say so in features.leakage_controls.",
        )
    per_group = _rows_per_value(profile, column)
    split = plan.training.split
    grouped_by_it = split.strategy.respects_groups and (
        split.group_key is None or _same_key(name, split.group_key)
    )
    if grouped_by_it:
        fix = (
            f"Drop '{name}' from the features (the {split.strategy.value} split already keeps "
            "its groups together) and say so in features.leakage_controls."
        )
    else:
        fix = (
            f"Drop '{name}' from the features; use it as the group key for the split "
            f"({'group-time-based' if split.strategy.respects_time else 'group'} split, so each "
            f"{name} is on one side only), and say so in features.leakage_controls."
        )
    return Hit(
        f"Column '{name}' of {profile.source} is a repeating identifier ({column.n_unique:,} "
        f"values, {per_group:.1f} rows each): as a feature it lets a model memorise entities "
        f"and their labels.{used}",
        f"data.profile.columns[{index}]",
        fix,
    )


def _same_key(column: str, key: str) -> bool:
    """'customer_id' and a split keyed on 'customer' (or 'customer_id') name the same entity."""
    words = {w for w in re.split(r"[_\W]+", column.lower()) if len(w) >= 4}
    return _named(column, key) or any(w in key.lower() for w in words)


def _rows_per_value(profile: DataProfile, column: ColumnProfile) -> float:
    """Average rows per distinct value of a column in the profiled sample."""
    key = next((k for k in profile.group_keys if k.column == column.name), None)
    if key is not None:
        return key.rows_per_group
    present = profile.sample_rows * (1 - column.missing_share)
    return present / max(column.n_unique, 1)
