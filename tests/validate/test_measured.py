"""L13 / L14: a column the profiler suspects of leakage, or an identifier, is a finding naming
it until handled; a measured group key reaches L02."""

from __future__ import annotations

from mlplan.domain import (
    ColumnProfile,
    DataProfile,
    FeatureSpec,
    GroupKeyCandidate,
    LeakageSuspect,
    Plan,
    Severity,
    SplitStrategy,
    TargetProfile,
    TaskType,
)

from ._plans import RuleProbe, without_groups, without_time_order


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


def _with_columns(base: Plan, *, group_keys: bool = True) -> Plan:
    """A profile with a row ID, a repeating customer ID (a group key) and an ordinary column."""
    profile = DataProfile(
        source="churn.csv",
        file_format="csv",
        total_rows=6000,
        sample_rows=6000,
        target=TargetProfile(column="churned", kind="binary", missing_share=0.0),
        columns=[
            ColumnProfile(
                name="row_id",
                kind="integer",
                missing_share=0,
                n_unique=6000,
                unique_share=1,
                id_like=True,
            ),
            ColumnProfile(
                name="customer_id",
                kind="text",
                missing_share=0,
                n_unique=1500,
                unique_share=0.25,
                id_like=True,
            ),
            ColumnProfile(
                name="age", kind="integer", missing_share=0, n_unique=60, unique_share=0.01
            ),
            ColumnProfile(
                name="churned", kind="integer", missing_share=0, n_unique=2, unique_share=0.0003
            ),
        ],
        group_keys=(
            [GroupKeyCandidate(column="customer_id", n_groups=1500, rows_per_group=4.0)]
            if group_keys
            else []
        ),
        leakage=[LeakageSuspect(column="row_id", kind="identifier", detail="unique")],
    )
    return base.model_copy(update={"data": base.data.model_copy(update={"profile": profile})})


def test_l14_names_row_and_entity_identifiers_with_a_concrete_fix(
    plan: Plan, probe: RuleProbe
) -> None:
    plan = _with_columns(without_groups(without_time_order(plan)))
    plan.training.split.strategy = SplitStrategy.STRATIFIED
    findings = probe.fires(plan, "L14", "'row_id'", "churn.csv", "memorise rows")
    probe.fires(plan, "L14", "'customer_id'", "repeating identifier", "1,500 values", "4.0 rows")
    by_column = {f.message.split("'")[1]: f for f in findings}
    assert set(by_column) == {"row_id", "customer_id"}  # 'age' and the target are not IDs
    assert by_column["row_id"].path == "data.profile.columns[0]"
    assert "Drop 'row_id' from the features" in by_column["row_id"].fix
    assert (
        "Drop 'customer_id' from the features; use it as the group key for the split"
        in by_column["customer_id"].fix
    )
    assert all(f.severity is Severity.WARNING for f in findings)


def test_l14_fix_says_the_group_split_already_keeps_the_key_together(
    plan: Plan, probe: RuleProbe
) -> None:
    plan = _with_columns(plan)
    plan.training.split.strategy = SplitStrategy.GROUP_TIME_BASED
    plan.training.split.group_key = "customer"
    findings = probe.run(plan, "L14")
    fix = next(f.fix for f in findings if "'customer_id'" in f.message)
    assert "already keeps its groups together" in fix and "use it as the group key" not in fix


def test_l14_is_silent_when_handled_and_for_series_ids_of_a_forecast(
    plan: Plan, probe: RuleProbe
) -> None:
    probe.silent(plan, "L14")  # no profile
    plan = _with_columns(plan)
    plan.features.leakage_controls = ["row_id and customer_id are excluded from the features"]
    probe.silent(plan, "L14")
    plan.features.leakage_controls = []
    plan.model.problem_type = TaskType.FORECASTING
    findings = probe.run(plan, "L14")
    assert [f.message.split("'")[1] for f in findings] == ["row_id"]
    # ... unless the plan itself lists the entity ID as a feature
    plan.features.features = [FeatureSpec(name="customer_id", source="customer_id")]
    probe.fires(plan, "L14", "'customer_id'", "lists it as a feature")


def test_l02_hears_a_measured_group_key_the_brief_and_plan_did_not_name(
    plan: Plan, probe: RuleProbe
) -> None:
    plan = without_time_order(without_groups(plan))
    plan.training.split.strategy = SplitStrategy.STRATIFIED
    probe.silent(plan, "L02")
    plan = _with_columns(plan)
    probe.fires(plan, "L02", "'customer_id'", "measured in churn.csv", "1,500 values")
