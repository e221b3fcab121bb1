"""O01-O06: the plan notices when the model stops working, and acts on it."""

from __future__ import annotations

from mlplan.domain import Alert, Plan, TaskType

from ._plans import RuleProbe, as_task


def test_o01_no_input_monitoring(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.monitoring.data_drift = ""
    plan.deployment.monitoring.data_quality = ""
    probe.fires(plan, "O01", "neither data_drift nor data_quality")


def test_o01_quality_checks_alone_are_enough(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.monitoring.data_drift = ""
    plan.deployment.retraining.triggers = []
    probe.silent(plan, "O01")


def test_o02_no_performance_monitoring(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.monitoring.performance = ""
    probe.fires(plan, "O02", "'pr_auc' is not tracked")


def test_o02_label_delay_nowhere(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.monitoring.label_delay = ""
    plan.data.labelling.label_delay = ""
    plan.brief.label_delay = None
    probe.fires(plan, "O02", "label delay")


def test_o02_label_delay_from_brief_is_enough(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.monitoring.label_delay = ""
    plan.data.labelling.label_delay = ""
    probe.silent(plan, "O02")


def test_o03_no_retraining_although_drift_is_watched(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.retraining.frequency = ""
    plan.deployment.retraining.triggers = []
    probe.fires(plan, "O03", "no frequency and no triggers", "watches data drift")


def test_o03_trigger_on_an_unmonitored_signal(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.retraining.triggers = ["PR-AUC on matured labels drops below 0.35"]
    plan.deployment.monitoring.performance = ""
    findings = probe.fires(plan, "O03", "'PR-AUC on matured labels", "performance is empty")
    assert findings[0].path == "deployment.retraining.triggers[0]"


def test_o03_drift_trigger_needs_drift_monitoring(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.monitoring.data_drift = ""
    probe.fires(plan, "O03", "'PSI > 0.2 on three top features'", "data_drift is empty")


def test_o03_schedule_alone_is_fine(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.retraining.triggers = []
    probe.silent(plan, "O03")


def test_o04_churn_without_feedback_mitigation(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.monitoring.feedback_loop_mitigation = None
    probe.fires(plan, "O04", "'churn'")


def test_o04_ranking_task(plan: Plan, probe: RuleProbe) -> None:
    as_task(plan, TaskType.RANKING).deployment.monitoring.feedback_loop_mitigation = ""
    probe.fires(plan, "O04", "the task is ranking")


def test_o04_outputs_that_do_not_shape_labels(plan: Plan, probe: RuleProbe) -> None:
    brief = plan.brief
    brief.domain, brief.title = "manufacturing", "Bearing wear estimation"
    brief.business_problem = "Bearings are replaced too late."
    brief.objective = "Estimate remaining useful life from vibration data."
    plan.overview.action = "Maintenance is scheduled before predicted failure."
    plan.deployment.monitoring.feedback_loop_mitigation = None
    probe.silent(plan, "O04")


def test_o05_alert_without_owner_and_no_dependencies(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.monitoring.alerts = [Alert(signal="p99 latency", threshold="> 50 ms")]
    plan.deployment.monitoring.upstream_dependencies = []
    plan.data.sources = []
    plan.data.provenance = ""
    probe.fires(plan, "O05", "'p99 latency'", "no owner")
    probe.fires(plan, "O05", "upstream_dependencies is empty")


def test_o05_one_owner_covers_the_plans_alerts(plan: Plan, probe: RuleProbe) -> None:
    """'PSI above 0.2 ... ; alerts go to the risk on-call': one owner, one threshold, two lines."""
    plan.deployment.monitoring.alerts = [
        Alert(signal="PSI per feature", threshold="> 0.2"),
        Alert(signal="alerts go to the risk on-call", threshold="", owner="risk on-call"),
    ]
    probe.silent(plan, "O05")


def test_o05_declared_data_sources_are_the_dependencies(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.monitoring.upstream_dependencies = []
    plan.data.provenance = "Exported nightly from the billing warehouse owned by Finance."
    probe.silent(plan, "O05")


def test_o06_no_intended_use_and_no_timeline(plan: Plan, probe: RuleProbe) -> None:
    plan.problem_framing.intended_use = ""
    plan.problem_framing.out_of_scope_use = []
    plan.timeline.milestones = []
    plan.timeline.phases = []
    probe.fires(
        plan,
        "O06",
        "no intended use, no out-of-scope uses and no timeline (no phases or milestones)",
    )


def test_o06_a_drawn_scope_states_the_use(plan: Plan, probe: RuleProbe) -> None:
    """'Wheat only; barley is out of scope' says what the model is for."""
    plan.problem_framing.intended_use = ""
    plan.problem_framing.out_of_scope_use = ["Barley and oilseed rape are out of scope."]
    probe.silent(plan, "O06")


def test_o06_dated_phases_are_a_timeline(plan: Plan, probe: RuleProbe) -> None:
    """'Weeks 1-3 data; 4-6 models; week 15 all sites' schedules the work without a
    separate milestone list."""
    plan.timeline.milestones = []
    assert plan.timeline.phases
    probe.silent(plan, "O06")


def test_o04_marketing_offers_shape_their_own_labels(plan: Plan, probe: RuleProbe) -> None:
    """Who gets the upsell e-mail decides who can accept it: the next labels are censored."""
    plan.brief.domain = ""
    plan.brief.title = "Premium card upsell: who gets the upgrade e-mail"
    plan.brief.business_problem = "Pick the cardholders most likely to take the upgrade offer."
    plan.brief.objective = ""
    plan.overview.action = ""
    plan.brief.task_type = TaskType.BINARY_CLASSIFICATION
    plan.deployment.monitoring.feedback_loop_mitigation = None
    probe.fires(plan, "O04", "'upsell'")


def test_o04_a_holdout_for_offers_is_fine(plan: Plan, probe: RuleProbe) -> None:
    plan.brief.title = "Which trial workspaces get a sales-chat offer"
    plan.brief.task_type = TaskType.BINARY_CLASSIFICATION
    plan.deployment.monitoring.feedback_loop_mitigation = (
        "5% of eligible workspaces never get the offer; the model is evaluated on them."
    )
    probe.silent(plan, "O04")


def test_o06_complete_is_fine(plan: Plan, probe: RuleProbe) -> None:
    probe.silent(plan, "O06")


def test_o05_owned_alerts_and_declared_dependencies_are_fine(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.monitoring.alerts.append(
        Alert(signal="p99 latency", threshold="> 50 ms", owner="platform on-call")
    )
    probe.silent(plan, "O05")
