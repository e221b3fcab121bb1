"""Deployment and monitoring facts read the way a careful reviewer reads them.

Every plan here is written for this file: the phrasings differ from the benchmark plans on
purpose, and each positive case has a negative twin that a careful author would write.
"""

from __future__ import annotations

import pytest

from mlplan.domain import RolloutStrategy, ServingMode

from ._reading import fires as _fires
from ._reading import parse as _parse

_HEAD = """# Shelf-gap alerts for convenience stores

## Goal
Tell store staff which shelves are likely empty so they can refill them before the lunch rush.

## Data
- 30 months of till sales and delivery notes from 140 stores.

## Model
- Gradient boosted trees on hourly sales features.

"""


def _plan(deployment: str, monitoring: str = "- Weekly drift report on the top features.") -> str:
    return f"{_HEAD}## Deployment\n{deployment}\n\n## Monitoring\n{monitoring}\n"


# -- serving mode ------------------------------------------------------------------------------


def test_a_service_behind_an_api_is_online() -> None:
    draft = _parse(_plan("- A small Go service behind the store-app API returns the gaps for a "
                         "store id.\n- Containers restart nightly to pick up the new model."))  # fmt: skip
    assert draft.plan.deployment.serving_mode is ServingMode.REALTIME
    assert _fires(draft, "D01")  # online, and no latency target anywhere


def test_a_real_time_view_in_a_vision_statement_is_not_online_serving() -> None:
    text = (
        "# Store insights\n\n## Vision\nManagers get a real-time, 360° view of every shelf.\n\n"
        "## Approach\n- Photos are classified in batch overnight and the results land in the BI "
        "warehouse.\n"
    )
    assert _parse(text).plan.deployment.serving_mode is ServingMode.BATCH


# -- rollout -----------------------------------------------------------------------------------


def test_go_live_for_every_pilot_site_at_once_is_a_big_bang() -> None:
    draft = _parse(_plan("- Nightly batch.\n- Go-live for all 20 pilot stores on 3 June."))
    assert draft.plan.deployment.rollout.strategy is RolloutStrategy.BIG_BANG
    assert draft.evidence["deployment.rollout.strategy"].quote.startswith("Go-live for all 20")
    assert _fires(draft, "D05")


def test_a_pilot_followed_by_the_rest_is_gradual() -> None:
    draft = _parse(_plan("- Nightly batch.\n- A pilot in the Leeds stores for six weeks, then "
                         "the rest of the estate."))  # fmt: skip
    assert draft.plan.deployment.rollout.strategy is RolloutStrategy.CANARY
    assert not _fires(draft, "D05")


def test_begin_with_a_few_then_everyone_is_gradual() -> None:
    draft = _parse(_plan("- Weekly batch list.\n- Begin with 5 stores in Bristol for a month, "
                         "then every store."))  # fmt: skip
    assert draft.plan.deployment.rollout.strategy is RolloutStrategy.CANARY


def test_a_switch_over_label_is_a_big_bang_in_the_deployment_section() -> None:
    text = (
        _HEAD.replace(
            "## Model", "## Impact\nWe book the saving when we switch over in May.\n\n## Model"
        )
        + "## Deployment\n- Change-over: the model's list replaces the planners' list from May.\n"
    )
    draft = _parse(text)
    assert draft.plan.deployment.rollout.strategy is RolloutStrategy.BIG_BANG
    assert draft.evidence["deployment.rollout.strategy"].quote.startswith("Change-over")


def test_a_timeline_line_naming_one_site_is_a_stage_but_a_duration_is_not() -> None:
    ops = "## Operations\n- Batch job every night.\n\n## Timeline\n"
    dated = _parse(_HEAD + ops + "- Pilot: 6 weeks.\n")
    assert dated.plan.deployment.rollout.strategy is RolloutStrategy.NONE
    piloted = _parse(_HEAD + ops + "- Pilot at two depots in Q2.\n")
    assert piloted.plan.deployment.rollout.strategy is RolloutStrategy.CANARY


# -- rollback ----------------------------------------------------------------------------------


def test_an_unticked_rollback_box_is_a_gap() -> None:
    draft = _parse(_plan("- [x] Nightly batch to the store app\n- [ ] Rollback plan"))
    assert draft.plan.deployment.rollback is None
    assert draft.evidence["deployment.rollback"].line is not None
    assert _fires(draft, "D04")


def test_a_ticked_rollback_box_with_the_mechanism_counts() -> None:
    draft = _parse(_plan("- [x] Rollback: re-point the alias to the previous version (5 min)"))
    assert draft.plan.deployment.rollback is not None


def test_previous_model_files_that_can_be_restored_are_a_rollback() -> None:
    draft = _parse(_plan("- The prior model files stay in the bucket and can be copied back "
                         "by the on-call engineer."))  # fmt: skip
    assert draft.plan.deployment.rollback is not None
    assert not _fires(draft, "D04")


def test_an_old_process_that_can_be_re_enabled_is_a_rollback() -> None:
    draft = _parse(_plan("- The manual re-order spreadsheet is kept, so it can be re-enabled "
                         "within a day."))  # fmt: skip
    assert draft.plan.deployment.rollback is not None


@pytest.mark.parametrize(
    "line",
    [
        "- Switching the config setting back puts the reorder rule in charge again.",
        "- The model ships behind a flag; the rule stays the fallback.",
    ],
)
def test_a_switch_back_or_a_flag_in_domain_words_is_a_rollback(line: str) -> None:
    draft = _parse(_plan(line))
    assert draft.plan.deployment.rollback is not None
    assert not _fires(draft, "D04")


def test_a_switch_that_does_not_go_back_is_no_rollback() -> None:
    draft = _parse(_plan("- Stores switching to the new app get the gaps list on Monday."))
    assert draft.plan.deployment.rollback is None
    assert _fires(draft, "D04")


def test_rollback_not_needed_is_still_a_gap() -> None:
    draft = _parse(_plan("- Rollback: not needed, the list is only advice."))
    assert draft.plan.deployment.rollback is None


def test_operations_heading_covers_deployment() -> None:
    text = _HEAD + "## Operations\nNightly batch job posts the predicted gaps to the store app.\n"
    draft = _parse(text)
    assert any(s.section.value == "deployment" for s in draft.sections)
    assert _fires(draft, "D04")


# -- fallback, quality gate, cost ----------------------------------------------------------------


def test_a_service_that_does_not_answer_falls_back() -> None:
    draft = _parse(_plan("- If the endpoint does not respond, the app shows last week's gaps."))
    assert draft.plan.deployment.fallback
    assert not _fires(draft, "D08")


def test_not_worse_than_is_a_gate_not_a_negation() -> None:
    draft = _parse(_plan("- Weekly retrain; promote only if recall is not lower than the live "
                         "model's."))  # fmt: skip
    assert "not lower" in draft.plan.deployment.quality_gate


def test_a_gate_that_is_really_absent_stays_absent() -> None:
    draft = _parse(_plan("- There is no quality gate: every retrain goes live."))
    assert draft.plan.deployment.quality_gate == ""


def test_a_running_cost_stated_in_another_section_counts() -> None:
    text = (
        _HEAD.replace(
            "## Model\n", "## Model\n- Cloud spend: about £90 per month for training and scoring.\n"
        )
        + "## Deployment\n- Nightly batch.\n"
    )
    draft = _parse(text)
    assert "£90" in draft.plan.deployment.cost_estimate


def test_cost_of_a_false_alarm_is_not_a_running_cost() -> None:
    text = (
        _HEAD.replace("## Model\n", "## Model\n- A missed gap costs about £40 in lost sales.\n")
        + "## Deployment\n- Nightly batch.\n"
    )
    assert _parse(text).plan.deployment.cost_estimate == ""


# -- monitoring --------------------------------------------------------------------------------


def test_a_web_page_is_not_an_alert() -> None:
    draft = _parse(_plan("- The store page calls the scoring endpoint when it opens; p99 200 ms.",
                         "- Weekly drift report."))  # fmt: skip
    assert draft.plan.deployment.monitoring.alerts == []


def test_paging_the_on_call_is_an_alert() -> None:
    draft = _parse(_plan("- Nightly batch.", "- Failed runs page the data on-call within 10 min."))
    alerts = draft.plan.deployment.monitoring.alerts
    assert alerts and "on-call" in alerts[0].owner


def test_an_unticked_monitoring_box_is_a_gap_the_review_can_point_at() -> None:
    draft = _parse(_HEAD + "## Serving\n- [x] Nightly batch\n- [ ] Dashboards and alerts\n")
    assert draft.plan.deployment.monitoring.alerts == []
    assert "deployment.monitoring.alerts" in draft.evidence


def test_input_distributions_are_drift_monitoring() -> None:
    draft = _parse(_plan("- Nightly batch.", "- Monthly: distribution of the score and of its "
                         "inputs, by region."))  # fmt: skip
    assert draft.plan.deployment.monitoring.data_drift
    assert not _fires(draft, "O01")


def test_latency_percentiles_alone_do_not_watch_inputs() -> None:
    draft = _parse(_plan("- Nightly batch.", "- Dashboards for job run time and error counts."))
    assert draft.plan.deployment.monitoring.data_drift == ""


def test_computing_the_metric_every_week_is_quality_monitoring() -> None:
    draft = _parse(_plan("- Nightly batch.", "- Store managers' corrections arrive within days, "
                         "so each week we compute the primary metric on last week's stores."))  # fmt: skip
    monitoring = draft.plan.deployment.monitoring
    assert monitoring.performance and monitoring.label_delay
    assert not _fires(draft, "O02")


def test_a_feature_that_comes_from_another_service_is_an_upstream_dependency() -> None:
    draft = _parse(_plan("- Nightly batch.", "- The delivery-slot feature comes from the "
                         "logistics planning service."))  # fmt: skip
    assert draft.plan.deployment.monitoring.upstream_dependencies


def test_a_propensity_model_is_not_logged_propensities() -> None:
    text = "# Loan top-up propensity model\n\n" + _plan("- Monthly batch list.")
    assert _parse(text).plan.deployment.monitoring.feedback_loop_mitigation is None
    logged = _plan("- Monthly batch list.", "- Offer propensities are logged for every customer.")
    assert _parse(logged).plan.deployment.monitoring.feedback_loop_mitigation


def test_a_bold_retraining_label_with_a_cadence() -> None:
    text = (
        _HEAD + "**Deployment.** Nightly batch.\n\n**Retraining.** Every quarter, on two years.\n"
    )
    draft = _parse(text)
    assert draft.plan.deployment.retraining.frequency.startswith("Every quarter")
    assert not _fires(draft, "O03")


def test_a_bold_retraining_label_with_a_hedge_is_not_a_schedule() -> None:
    text = _HEAD + "**Deployment.** Nightly batch.\n\n**Retraining.** Every quarter, maybe.\n"
    assert _parse(text).plan.deployment.retraining.frequency == ""


def test_redevelopment_on_a_trigger_is_retraining() -> None:
    draft = _parse(_plan("- Monthly batch.", "- PSI per feature each quarter; redevelopment is "
                         "triggered when two quarters in a row are red."))  # fmt: skip
    assert draft.plan.deployment.retraining.triggers
