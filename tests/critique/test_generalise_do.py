"""Deployment (D) and monitoring (O) facts in wordings the benchmark plans do not use.

Each reading is tested on a plan written for this file, with a negative twin: the same topic
said in a way that must not count (hedged, negated, a measurement rather than a budget, a
template's instruction rather than the author's plan).
"""

from __future__ import annotations

from mlplan.domain import Candidate, ModelFamily, RolloutStrategy, ServingMode
from mlplan.validate import validate_plan

from ._reading import fires as _fires
from ._reading import parse as _parse

_HEAD = """# Parts-demand forecast for regional warehouses

## Goal
Forecast weekly demand per spare part so planners can reorder before the depots run dry.

## Data
- Four years of order lines from the ERP, owned by Supply Chain.

## Model
- Gradient boosted trees on lagged demand features.

"""


def _plan(
    deployment: str, monitoring: str = "- PSI per feature against the training window."
) -> str:
    return f"{_HEAD}## Deployment\n{deployment}\n\n## Monitoring\n{monitoring}\n"


# -- rollout -----------------------------------------------------------------------------------


def test_named_share_of_units_first_is_a_staged_rollout() -> None:
    draft = _parse(_plan("Weekly batch. For the first quarter only three of the eleven depots "
                         "order from the forecast; the others keep the planners' sheet."))  # fmt: skip
    assert draft.plan.deployment.rollout.strategy is RolloutStrategy.CANARY
    assert not _fires(draft, "D05")


def test_lottery_halves_are_a_randomised_rollout() -> None:
    draft = _parse(_plan("Weekly batch. Half the depots, picked by lottery, get the forecast in "
                         "spring and the other half stay on the reorder points."))  # fmt: skip
    assert draft.plan.deployment.rollout.strategy is RolloutStrategy.AB_TEST


def test_a_share_of_the_estate_without_a_stage_is_not_a_rollout() -> None:
    """'Two of the eleven depots are in Scotland' describes the estate, not a stage."""
    draft = _parse(_plan("Weekly batch. Two of the eleven depots are in Scotland."))
    assert draft.plan.deployment.rollout.strategy is RolloutStrategy.NONE


def test_percentage_ramp_on_any_unit_is_canary() -> None:
    draft = _parse(_plan("Release: firmware push to 2% of handhelds → 20% → 100%, a week each."))
    assert draft.plan.deployment.rollout.strategy is RolloutStrategy.CANARY


def test_everyone_on_one_day_is_big_bang() -> None:
    for wording in (
        "On 1 March the forecast goes live in all 11 depots, replacing the reorder points.",
        "We switch every depot to the new model the Monday after sign-off.",
        "All depots move at once when the release ships.",
    ):
        draft = _parse(_plan(f"Weekly batch. {wording}"))
        assert draft.plan.deployment.rollout.strategy is RolloutStrategy.BIG_BANG, wording
        assert _fires(draft, "D05"), wording


def test_a_pilot_described_in_the_data_does_not_hide_a_big_bang() -> None:
    text = _plan("Weekly batch. The forecast goes live in all 11 depots on 1 March.").replace(
        "owned by Supply Chain.",
        "owned by Supply Chain; the pilot scanners in 3 depots add bin counts.",
    )
    assert _parse(text).plan.deployment.rollout.strategy is RolloutStrategy.BIG_BANG


# -- rollback, fallback, gate, versioning --------------------------------------------------------


def test_previous_version_kept_available_is_a_rollback() -> None:
    draft = _parse(_plan("Weekly batch. Last quarter's model remains available in the registry, and "
                         "a bad week can be re-run with the previous version."))  # fmt: skip
    assert draft.plan.deployment.rollback is not None
    assert not _fires(draft, "D04")


def test_template_instruction_is_not_a_rollback() -> None:
    draft = _parse(_plan("*Describe how the model is released, the rollout plan and rollback.*"))
    assert draft.plan.deployment.rollback is None


def test_output_missing_with_a_substitute_is_a_fallback() -> None:
    draft = _parse(_plan("Weekly batch. If the forecast file is not delivered by 06:00, planners "
                         "keep last week's reorder quantities."))  # fmt: skip
    assert draft.plan.deployment.fallback
    assert not _fires(draft, "D08")


def test_failure_that_only_stops_the_line_is_not_a_fallback() -> None:
    draft = _parse(_plan("Online scoring. If the answer is late, the order is held for review."))
    assert not draft.plan.deployment.fallback


def test_hedged_fallback_does_not_count() -> None:
    draft = _parse(_plan("Weekly batch. If the job fails we might keep last week's numbers, TBD."))
    assert not draft.plan.deployment.fallback


def test_gate_in_reversed_word_order() -> None:
    draft = _parse(_plan("Weekly batch, retrained monthly. A retrained model replaces the live one "
                         "only when it beats it on the last 8 weeks of WAPE."))  # fmt: skip
    assert "beats it" in draft.plan.deployment.quality_gate
    assert not _fires(draft, "D06")


def test_gate_on_targets_and_parity_is_measured() -> None:
    draft = _parse(_plan("Weekly batch, retrained monthly. A model is released only if it passes "
                         "the test-set targets and the parity test."))  # fmt: skip
    assert not _fires(draft, "D06")


def test_fit_at_start_up_means_no_gate_and_no_artefact() -> None:
    draft = _parse(_plan("The API container reads the last 60 days at boot and fits the model "
                         "before accepting requests. Models are versioned in the registry."))  # fmt: skip
    assert _fires(draft, "D06")
    assert _fires(draft, "D07")


def test_models_are_versioned_in_a_store() -> None:
    draft = _parse(
        _plan("Weekly batch. Models are versioned in the planning team's artefact store.")
    )
    assert draft.plan.deployment.versioning
    assert not _fires(draft, "D07")


# -- serving mode and latency ------------------------------------------------------------------


def test_online_path_next_to_a_batch_path_needs_a_budget() -> None:
    draft = _parse(_plan("Nightly batch for the planners. The service desk is online too: the "
                         "portal calls a forecast endpoint when an engineer opens a part."))  # fmt: skip
    assert draft.plan.deployment.serving_mode is ServingMode.REALTIME
    assert _fires(draft, "D01")


def test_batch_only_stays_batch() -> None:
    draft = _parse(_plan("Nightly batch writes the forecast table; there is no online component."))
    assert draft.plan.deployment.serving_mode is ServingMode.BATCH


def test_p90_error_is_not_a_latency_cue() -> None:
    draft = _parse(_plan("Weekly batch job. Report MAE and P90 absolute error per depot."))
    assert draft.plan.deployment.serving_mode is ServingMode.BATCH


def test_microcontroller_firmware_is_edge() -> None:
    draft = _parse(_plan("Runs in the scanner firmware on a Cortex-M4, inference under 5 ms p99, "
                         "int8 weights."))  # fmt: skip
    assert draft.plan.deployment.serving_mode is ServingMode.EDGE
    assert not any("throughput" in f.message for f in validate_plan(draft.plan, rules=["D03"]))


def test_requirement_in_the_problem_is_the_models_budget() -> None:
    text = _plan("Online service. Endpoint SLO: p99 300 ms.").replace(
        "run dry.", "run dry. The portal's page budget leaves 30 ms p99 for the forecast."
    )
    assert _parse(text).plan.evaluation.latency_target_ms == 30


def test_measured_speed_is_not_a_budget() -> None:
    text = _plan("Online service. Endpoint SLO: p99 300 ms.").replace(
        "lagged demand features.", "lagged demand features (12 ms on a laptop)."
    )
    assert _parse(text).plan.evaluation.latency_target_ms is None


def test_stack_of_large_models_under_a_moderate_budget_needs_mitigation() -> None:
    draft = _parse(_plan("Online service, p99 150 ms on CPU; the ensemble is exported to ONNX."))
    plan = draft.plan
    plan.model.primary.family = ModelFamily.ENSEMBLE
    plan.model.candidates = [
        Candidate(name="ensemble", family=ModelFamily.ENSEMBLE),
        Candidate(name="ViT-L", family=ModelFamily.TRANSFORMER),
    ]
    plan.deployment.latency_ms_p99 = 150
    plan.deployment.optimisation = ["The ensemble is exported to ONNX"]
    assert any(f.rule_id == "D02" for f in validate_plan(plan, rules=["D02"]))
    plan.deployment.optimisation = ["Members distilled into one ViT-S, benchmarked at p99 90 ms"]
    assert not any(f.rule_id == "D02" for f in validate_plan(plan, rules=["D02"]))
    plan.deployment.latency_ms_p99 = 400
    plan.deployment.optimisation = []
    assert not any(f.rule_id == "D02" for f in validate_plan(plan, rules=["D02"]))


# -- monitoring --------------------------------------------------------------------------------


def test_monitoring_in_the_authors_words() -> None:
    draft = _parse(_plan("Weekly batch.", "- Each Monday we compare the forecast with actual "
                         "orders as the week closes, and check row counts and missing part codes "
                         "against last year."))  # fmt: skip
    monitoring = draft.plan.deployment.monitoring
    assert monitoring.performance and monitoring.data_quality and monitoring.label_delay
    assert not _fires(draft, "O01")


def test_monitoring_label_line_outside_a_heading() -> None:
    text = (_HEAD + "Serving: nightly batch into the planning tool.\n"
            "Monitoring: nightly WAPE per depot from closed orders; part-code null rates.\n")  # fmt: skip
    monitoring = _parse(text).plan.deployment.monitoring
    assert monitoring.performance and monitoring.data_quality


def test_negated_monitoring_is_not_monitoring() -> None:
    draft = _parse(
        _plan("Weekly batch.", "No tracking of actual orders is planned yet; maybe later.")
    )
    assert not draft.plan.deployment.monitoring.performance


# -- feedback loops ----------------------------------------------------------------------------


def test_plan_that_names_its_own_loop_without_mitigation() -> None:
    draft = _parse(_plan("Weekly batch.", "- Parts the forecast marks as low are rarely stocked, "
                         "so their recorded demand will fall and be learnt as low on retraining."))  # fmt: skip
    assert draft.plan.data.gaps
    assert _fires(draft, "O04")


def test_only_treated_cases_have_outcomes() -> None:
    draft = _parse(_plan("Weekly batch.", "- Only inspected suppliers get an outcome, and next "
                         "year's model learns from the suppliers the current model selected."))  # fmt: skip
    assert _fires(draft, "O04")


def test_loop_with_a_random_holdout_is_mitigated() -> None:
    draft = _parse(_plan("Weekly batch.", "- Only inspected suppliers get an outcome; a random 5% "
                         "sample of suppliers is inspected regardless of score."))  # fmt: skip
    assert not _fires(draft, "O04")


def test_denied_loop_is_not_a_loop() -> None:
    draft = _parse(_plan("Weekly batch.", "- Stocking a part does not change how many engineers "
                         "order it, so there is no feedback loop into the target."))  # fmt: skip
    assert not draft.plan.data.gaps
    assert not _fires(draft, "O04")


def test_exploration_as_in_data_exploration_is_not_mitigation() -> None:
    draft = _parse(_plan("Weekly batch.", "- Audits the model selects are the only ones with "
                         "outcomes.").replace("lagged demand features.", "features found in "
                         "exploration."))  # fmt: skip
    assert not draft.plan.deployment.monitoring.feedback_loop_mitigation


def test_audit_selection_is_a_loop_prone_domain() -> None:
    text = _plan("Weekly batch.").replace(
        "# Parts-demand forecast for regional warehouses",
        "# Model-based selection of claims for audit",
    )
    assert _fires(_parse(text), "O04")
