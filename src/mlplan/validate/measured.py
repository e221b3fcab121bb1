"""Rules on facts measured in the user's data file (L13).

They only speak when the plan carries a data profile (`mlplan plan --data`): a column the
profiler suspects of leaking the target becomes a finding that names it, until the features
section says how that column is handled.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mlplan.domain import Plan, Section, Severity
from mlplan.validate._registry import Hit, ValidationContext, rule
from mlplan.validate._sources import cite


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
            continue
        if re.search(rf"(?<![\w]){re.escape(suspect.column)}(?![\w])", handled):
            continue
        yield Hit(
            f"Column '{suspect.column}' of {profile.source} is suspected of target leakage "
            f"({suspect.kind.replace('_', ' ')}): {suspect.detail}.",
            f"data.profile.leakage[{i}]",
            f"Drop '{suspect.column}' or show it is known at prediction time, and record the "
            "decision in features.leakage_controls.",
        )
