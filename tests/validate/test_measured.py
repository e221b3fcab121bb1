"""L13: a column the profiler suspects of leakage is a finding naming it, until handled."""

from __future__ import annotations

from mlplan.domain import DataProfile, LeakageSuspect, Plan, TargetProfile

from ._plans import RuleProbe


def _with_profile(base: Plan, *suspects: LeakageSuspect) -> Plan:
    profile = DataProfile(
        source="churn.csv",
        file_format="csv",
        total_rows=100,
        sample_rows=100,
        target=TargetProfile(column="churned", kind="binary", missing_share=0.0),
        leakage=list(suspects),
    )
    return base.model_copy(update={"data": base.data.model_copy(update={"profile": profile})})


def test_l13_names_each_suspect_but_not_identifiers(plan: Plan, probe: RuleProbe) -> None:
    plan = _with_profile(
        plan,
        LeakageSuspect(column="refund_flag", kind="predictive", score=0.99, detail="AUC 0.99"),
        LeakageSuspect(column="cancel_reason", kind="post_outcome", detail="filled for churners"),
        LeakageSuspect(column="row_id", kind="identifier", detail="unique"),
    )
    probe.fires(plan, "L13", "'refund_flag'", "churn.csv", "predictive")
    findings = probe.fires(plan, "L13", "'cancel_reason'", "post outcome")
    assert [f.path for f in findings] == ["data.profile.leakage[0]", "data.profile.leakage[1]"]


def test_l13_is_silent_without_a_profile_or_when_the_plan_handles_the_column(
    plan: Plan, probe: RuleProbe
) -> None:
    probe.silent(plan, "L13")
    plan = _with_profile(
        plan, LeakageSuspect(column="refund_flag", kind="predictive", detail="AUC 0.99")
    )
    plan.features.leakage_controls = ["refund_flag dropped: set after the refund decision"]
    probe.silent(plan, "L13")
