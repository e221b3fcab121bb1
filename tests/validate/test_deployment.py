"""D01-D09: servable within budget, released gradually, reversible, contestable."""

from __future__ import annotations

import pytest

from mlplan.domain import ModelFamily, Plan, Rollback, RolloutStrategy, ServingMode

from ._plans import RuleProbe, not_about_people


def test_d01_realtime_without_latency_target(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.latency_ms_p99 = None
    plan.evaluation.latency_target_ms = None
    probe.fires(plan, "D01", "'realtime'", "brief asks for 50 ms")


def test_d01_batch_is_not_applicable(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.serving_mode = ServingMode.BATCH
    plan.deployment.latency_ms_p99 = None
    plan.evaluation.latency_target_ms = None
    probe.silent(plan, "D01")


def test_d01_evaluation_target_is_enough(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.latency_ms_p99 = None
    probe.silent(plan, "D01")


def _heavy(plan: Plan) -> Plan:
    plan.model.primary.name, plan.model.primary.family = "DistilBERT", ModelFamily.TRANSFORMER
    return plan


def test_d02_transformer_under_50ms_without_mitigation(plan: Plan, probe: RuleProbe) -> None:
    _heavy(plan).deployment.optimisation = ["Autoscale on CPU"]
    probe.fires(
        plan, "D02", "'DistilBERT'", "'transformer'", "50 ms", "lists only 'Autoscale on CPU'"
    )


def test_d02_budget_from_brief_when_plan_is_silent(plan: Plan, probe: RuleProbe) -> None:
    _heavy(plan).deployment.optimisation = []
    plan.deployment.latency_ms_p99 = None
    plan.evaluation.latency_target_ms = None
    probe.fires(plan, "D02", "brief.latency_p99_ms is 50 ms", "optimisation is empty")


@pytest.mark.parametrize("mitigation", ["INT8 quantisation", "Distil to a 6-layer student"])
def test_d02_mitigation_listed_is_fine(plan: Plan, probe: RuleProbe, mitigation: str) -> None:
    _heavy(plan).deployment.optimisation = [mitigation]
    probe.silent(plan, "D02")


def test_d02_loose_budget_is_not_applicable(plan: Plan, probe: RuleProbe) -> None:
    _heavy(plan).deployment.optimisation = []
    plan.deployment.latency_ms_p99 = plan.evaluation.latency_target_ms = 300
    plan.brief.latency_p99_ms = 300
    probe.silent(plan, "D02")


def test_d02_light_model_is_not_applicable(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.optimisation = []
    probe.silent(plan, "D02")  # GBDT


def test_d03_no_cost_estimate(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.cost_estimate = ""
    probe.fires(plan, "D03", "'realtime'", "no cost estimate")


def test_d03_batch_needs_no_rps(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.serving_mode = ServingMode.BATCH
    plan.deployment.throughput_rps = None
    plan.deployment.scaling.peak_rps = None
    probe.silent(plan, "D03")


def test_d04_no_rollback(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.rollback = None
    probe.fires(plan, "D04", "not defined")


def test_d04_blank_mechanism(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.rollback = Rollback(mechanism="TBD")
    probe.fires(plan, "D04", "'TBD'")


def test_d05_big_bang(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.rollout.strategy = RolloutStrategy.BIG_BANG
    probe.fires(plan, "D05", "'big_bang'")


@pytest.mark.parametrize("strategy", [RolloutStrategy.SHADOW, RolloutStrategy.BLUE_GREEN])
def test_d05_gradual_is_fine(plan: Plan, probe: RuleProbe, strategy: RolloutStrategy) -> None:
    plan.deployment.rollout.strategy = strategy
    probe.silent(plan, "D05")


def test_d06_no_quality_gate(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.quality_gate = ""
    probe.fires(plan, "D06", "minimum 'pr_auc' of 0.35")


def test_d07_no_versioning_anywhere(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.versioning = ""
    plan.training.model_registry = ""
    plan.training.versioning.models = ""
    probe.fires(plan, "D07", "how models are versioned")


def test_d07_training_at_startup(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.platform = "Flask app that trains the model at service start-up"
    probe.fires(plan, "D07", "deployment.platform", "trains the model when the service starts")


def test_d07_registry_in_training_is_enough(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.versioning = ""
    probe.silent(plan, "D07")


def test_d08_no_fallback(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.fallback = None
    probe.fires(plan, "D08", "a request times out")


def test_d09_people_affected_without_redress(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.redress = None
    probe.fires(plan, "D09", "brief.affects_people is true")


def test_d09_not_about_people_is_not_applicable(plan: Plan, probe: RuleProbe) -> None:
    not_about_people(plan).deployment.redress = None
    probe.silent(plan, "D09")


def test_d04_d06_d08_stated_is_fine(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.rollback = Rollback(mechanism="Blue-green switch back, under 2 minutes")
    plan.deployment.quality_gate = "Beats production PR-AUC on the last month"
    plan.deployment.fallback = "Serve yesterday's batch score from the cache"
    for rule_id in ("D04", "D06", "D08"):
        probe.silent(plan, rule_id)


def test_d06_a_sign_off_is_not_a_gate_for_retrained_models(plan: Plan, probe: RuleProbe) -> None:
    """A launch sign-off says nothing about next year's retrained model."""
    plan.deployment.quality_gate = "Go-live is subject to the medical director's sign-off"
    plan.deployment.retraining.frequency = "Retrained every year on the latest images"
    probe.fires(plan, "D06", "sign-off", "no measured criterion", "'Retrained every year")


def test_d06_a_sign_off_without_retraining_is_fine(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.quality_gate = "Go-live is subject to the medical director's sign-off"
    plan.deployment.retraining.frequency = ""
    plan.deployment.retraining.triggers = []
    probe.silent(plan, "D06")


def test_d06_a_measured_gate_with_retraining_is_fine(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.quality_gate = (
        "The safety lead signs off each new version once it matches the live model's recall"
    )
    plan.deployment.retraining.frequency = "Quarterly"
    probe.silent(plan, "D06")


def test_d09_moderating_what_people_post(plan: Plan, probe: RuleProbe) -> None:
    """Removing someone's post is a decision about that person: they need an appeal."""
    not_about_people(plan).deployment.redress = None
    plan.brief.title = "Forum post moderation with a toxicity classifier"
    probe.fires(plan, "D09", "brief.title moderates what people post", "post moderation")


def test_d09_moderation_with_an_appeal_is_fine(plan: Plan, probe: RuleProbe) -> None:
    not_about_people(plan)
    plan.overview.ml_objective = "Auto-remove spam posts the model is sure about."
    plan.deployment.redress = (
        "Authors are told why a post was removed and can appeal to a moderator."
    )
    probe.silent(plan, "D09")


def test_d09_moderation_words_about_machines_are_not_people(plan: Plan, probe: RuleProbe) -> None:
    not_about_people(plan).deployment.redress = None
    plan.brief.title = "Auto-blocking of failing sensors in the telemetry feed"
    probe.silent(plan, "D09")
