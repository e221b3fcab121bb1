"""Ground a brief in its data: measured facts replace assumed and inferred ones.

Precedence is stated > measured > inferred > assumed. A stated value is never replaced, but
when the file contradicts it by a lot the disagreement is returned so the plan can ask about it.
"""

from __future__ import annotations

from mlplan.domain import DataProfile, DataSource, FactSource, Origin, ProjectBrief, TaskType

RATE_DISAGREEMENT = 0.5
"""Stated and measured positive rates that differ by more than half the stated rate disagree."""


def _can_set(brief: ProjectBrief, field: str) -> bool:
    return brief.origin(field) not in (Origin.STATED, Origin.MEASURED)


def ground_brief(brief: ProjectBrief, profile: DataProfile) -> ProjectBrief:
    """The brief with the profile's facts (origin `measured`) wherever the user said nothing."""
    values: dict[str, object] = {}
    facts = dict(brief.facts)
    where = f"measured in {profile.source}"

    def put(field: str, value: object, reason: str) -> None:
        if _can_set(brief, field):
            values[field] = value
            facts[field] = FactSource(origin=Origin.MEASURED, reason=f"{where}: {reason}")

    rows = f"{profile.total_rows:,} rows x {len(profile.columns)} columns"
    if profile.sampled:
        rows += f", profiled on a {profile.sample_method}"
    if profile.quality is not None:
        rows += f"; Data Quality Index {profile.quality.index:.0f}/100"
    put("total_rows", profile.total_rows, rows)
    if all(d.kind == "unspecified" and d.rows is None for d in brief.data_sources):
        # no named source, only the reader's placeholder: the file is the source
        values["data_sources"] = [
            DataSource(name=profile.source, kind="file", rows=profile.total_rows)
        ]
    target = profile.target
    if target is not None:
        put("target", target.column, "the --target column" + _suspects(profile))
        task = _task(brief, target.kind)
        if task is not None:
            put("task_type", task, f"the target '{target.column}' is {target.kind}")
        if target.kind == "binary" and target.positive_rate is not None:
            put(
                "positive_class_rate",
                target.positive_rate,
                f"{target.positive_rate:.2%} of labelled rows are '{target.positive_class}'",
            )
        if target.kind == "multiclass" and target.n_classes:
            put("n_classes", target.n_classes, f"{target.n_classes} distinct target values")
    if profile.time is not None:
        how = "named with --time-column" if profile.time.explicit else "the only date column"
        put(
            "time_ordered",
            True,
            f"'{profile.time.column}' ({how}) spans {profile.time.start[:10]} to {profile.time.end[:10]}",
        )
    if profile.time is not None and profile.time.span_days > 0:
        put("history", _span(profile.time.span_days), f"the span of '{profile.time.column}'")
    if profile.time is not None and profile.time.granularity:
        put("granularity", profile.time.granularity, f"median step of '{profile.time.column}'")
    key = profile.group_key
    if key is not None:
        put(
            "group_key",
            key.column,
            f"{key.n_groups:,} values repeat {key.rows_per_group:.1f} rows each on average",
        )
        if not profile.sampled:
            put("n_entities", key.n_groups, f"distinct values of '{key.column}'")
    if profile.personal_data:
        cols = ", ".join(p.column for p in profile.personal_data)
        put("personal_data", True, f"personal-data columns: {cols}")
    return brief.model_copy(update={**values, "facts": facts})


def _suspects(profile: DataProfile) -> str:
    """The columns suspected of leaking the target, named (identifiers counted apart)."""
    leaks = [
        f"{s.column} ({s.kind.replace('_', ' ')})"
        for s in profile.leakage
        if s.kind != "identifier"
    ]
    ids = [c.name for c in profile.columns if c.id_like]
    text = f"; columns suspected of leaking it: {', '.join(leaks)}" if leaks else ""
    if ids:
        text += f"; identifier columns (not inputs): {', '.join(ids)}"
    return text


def _task(brief: ProjectBrief, kind: str) -> TaskType | None:
    """The task the target implies, when it contradicts a task the brief did not state."""
    current = brief.task_type
    if kind == "binary" and current in (TaskType.MULTICLASS_CLASSIFICATION, TaskType.REGRESSION):
        return TaskType.BINARY_CLASSIFICATION
    if kind == "multiclass" and current in (TaskType.BINARY_CLASSIFICATION, TaskType.REGRESSION):
        return TaskType.MULTICLASS_CLASSIFICATION
    if kind == "regression" and current.is_classification:
        return TaskType.REGRESSION
    return None


def _span(days: float) -> str:
    if days >= 365:
        return f"{days / 365.25:.1f} years"
    if days >= 60:
        return f"{days / 30.44:.0f} months"
    return f"{days:.0f} days"


def disagreements(brief: ProjectBrief, profile: DataProfile) -> list[str]:
    """Stated facts the data contradicts by a lot, as sentences for open questions."""
    out: list[str] = []
    target = profile.target
    stated_rate = brief.positive_class_rate
    if (
        brief.origin("positive_class_rate") is Origin.STATED
        and stated_rate
        and target is not None
        and target.positive_rate is not None
        and abs(target.positive_rate - stated_rate) > RATE_DISAGREEMENT * stated_rate
    ):
        out.append(
            f"The brief states {stated_rate:.2%} positives but {profile.source} has "
            f"{target.positive_rate:.2%} '{target.positive_class}' in '{target.column}'"
        )
    if (
        brief.origin("personal_data") is Origin.STATED
        and not brief.personal_data
        and profile.personal_data
    ):
        cols = ", ".join(p.column for p in profile.personal_data)
        out.append(
            f"The brief says there is no personal data but {profile.source} has personal-data columns ({cols})"
        )
    if (
        brief.origin("task_type") is Origin.STATED
        and target is not None
        and _task(brief, target.kind) is not None
    ):
        out.append(
            f"The brief states a {brief.task_type.value.replace('_', ' ')} task but the target "
            f"'{target.column}' is {target.kind}"
        )
    return out
