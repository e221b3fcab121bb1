"""Metric and privacy language in a team's own words (M and P families).

How authors state retention, erasure, lawful basis, access, minimisation, fairness checks,
capacity-set cut-offs, offline-to-online links and the headline metric; and the negations and
passing mentions that must not count. Every phrasing here is new: none is copied from the
labelled plans.
"""

from __future__ import annotations

import pytest

from mlplan.domain import MetricName, PlanDraft, TaskType

from ._reading import fires as _fires
from ._reading import parse as _parse


def _data(*lines: str) -> PlanDraft:
    body = "\n".join(f"- {line}" for line in lines)
    return _parse(
        "# Member renewal nudges\n\n## Overview\n\nWe predict whether a gym member renews.\n\n"
        f"## Data\n\n{body}\n"
    )


# -- privacy controls in the author's words ------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Member names and e-mails remain in the CRM; the model only receives a membership key.",
        "Card numbers never reach the modelling workspace.",
        "The export job scrubs phone numbers and street addresses before upload.",
        "Visits are aggregated to club-week counts, so nothing at member level is stored.",
        "Sign-up forms carry the member's name and address. None of this enters the model data.",
        "No member-level records or card numbers leave the turnstile system.",
        "We only extract weekly aggregate counts per club.",
    ],
)
def test_minimisation_in_new_words(line: str) -> None:
    draft = _data("Visit logs for 2021-2024 from the turnstile system.", line)
    assert draft.plan.data.privacy.minimisation


def test_almost_none_of_it_used_is_no_minimisation() -> None:
    draft = _data(
        "Visit logs for 2021-2024 from the turnstile system.",
        "Each visit is a member telling us what they like, and today almost none of it is used.",
    )
    assert not draft.plan.data.privacy.minimisation


def test_pseudonymisation_by_a_one_way_token() -> None:
    draft = _data("Each member number is replaced by a salted one-way token at extraction.")
    assert draft.plan.data.privacy.pseudonymisation


@pytest.mark.parametrize(
    "line",
    [
        "Extracts older than the season are removed by the nightly purge job.",
        "Bucket lifecycle policy deletes raw files after a year.",
        "A membership cancellation propagates: its deletion cascades to the feature tables.",
    ],
)
def test_deletion_mechanism_in_new_words(line: str) -> None:
    assert _data(line).plan.data.privacy.deletion


@pytest.mark.parametrize(
    "line",
    [
        "Processing rests on our public task under the Education Act.",
        "Use of the records is permitted under the club's membership terms.",
        "Processing is authorised under the national statistics act.",
        "A legitimate-interest assessment covers the use of visit logs.",
        "Processing falls under UK GDPR Art. 6(1)(e) and Art. 9(2)(h).",
        "Using rider data for route planning is required by the national Transport Code.",
        "The screening is provided for in the regional Public Health Act.",
    ],
)
def test_lawful_basis_in_new_words(line: str) -> None:
    assert _data(line).plan.data.privacy.lawful_basis


@pytest.mark.parametrize(
    "line",
    [
        "Section 6(1) of the manual describes the visit form.",
        "A DPIA is required by the time we go live.",
    ],
)
def test_numbered_sections_and_deadlines_are_no_lawful_basis(line: str) -> None:
    assert not _data(line).plan.data.privacy.lawful_basis


@pytest.mark.parametrize(
    "line",
    [
        "The tables are accessible only to the retention analytics squad.",
        "Read rights are restricted to the three churn analysts.",
        "The data sits in the secure enclave; every access is logged.",
    ],
)
def test_access_control_in_new_words(line: str) -> None:
    assert _data(line).plan.data.access_control


def test_p05_access_without_encryption_is_a_plan() -> None:
    draft = _data(
        "Visit logs from the turnstile system.", "Tables are accessible only to the BI team."
    )
    assert not _fires(draft, "P05")


def test_p05_neither_access_nor_encryption_fires_on_data_about_people() -> None:
    draft = _data("Visit logs per member (name, email, card number) from the turnstile system.")
    assert _fires(draft, "P05")


def test_p05_is_silent_on_data_not_about_people() -> None:
    draft = _parse(
        "# Chiller failure warning\n\n## Overview\n\nWe predict compressor failures of our "
        "chillers a week ahead.\n\n## Data\n\n- Vibration and temperature readings from the "
        "plant historian, 2019-2024.\n"
    )
    assert not _fires(draft, "P05")


# -- personal data ruled out ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Personal data: none; readings are per transformer.",
        "The sources hold no customer or staff information.",
        "There is no patient data in this project: only ward-level bed counts.",
    ],
)
def test_personal_data_ruled_out_silences_p02_to_p04(line: str) -> None:
    draft = _parse(
        "# Bed occupancy forecast\n\n## Overview\n\nWe forecast bed occupancy per ward for "
        f"patients admitted next week.\n\n## Data\n\n- {line}\n- Hourly counts from the bed board.\n"
    )
    for rule_id in ("P02", "P03", "P04", "P06"):
        assert not _fires(draft, rule_id), rule_id


def test_a_patient_word_alone_still_means_people() -> None:
    draft = _parse(
        "# Readmission flags\n\n## Overview\n\nWe predict which patients return within 30 days."
        "\n\n## Data\n\n- Discharge records from the hospital system.\n"
    )
    assert draft.plan.brief.personal_data


def test_selecting_taxpayers_is_a_decision_about_people() -> None:
    draft = _parse(
        "# Benefit review selection\n\n## Overview\n\nWe want to select claimants for a "
        "compliance interview using a scoring model.\n"
    )
    assert draft.plan.brief.affects_people


# -- fairness in the author's words ---------------------------------------------------------------


def test_passive_comparison_names_the_fairness_metric() -> None:
    draft = _parse(
        "# Loan hardship outreach\n\n## Overview\n\nWe rank borrowers by the chance of missing a "
        "payment.\n\n## Evaluation\n\n- Fairness: repayment-plan uptake rates are compared "
        "across age band and sex.\n"
    )
    fairness = draft.plan.evaluation.fairness
    assert fairness.applicable and fairness.groups and fairness.metrics


def test_error_rate_abbreviations_in_a_slice_line_are_fairness_metrics() -> None:
    draft = _parse(
        "# Voice unlock\n\n## Overview\n\nWe classify voice clips.\n\n## Evaluation\n\n"
        "- Fairness: results by gender and age band.\n"
        "- Slices: gender, age band, accent. Release needs FAR under 0.1% in each slice.\n"
    )
    assert draft.plan.evaluation.fairness.metrics


# -- sensitive attributes and proxies -------------------------------------------------------------


def test_attribute_held_back_from_the_model_is_not_a_p07_feature() -> None:
    draft = _parse(
        "# Apprentice support\n\n## Overview\n\nWe predict which apprentices leave early.\n\n"
        "## Features\n\nGender and age are withheld from the model and only used for the bias "
        "audit afterwards.\n"
    )
    assert not _fires(draft, "P07")


def test_a_proxy_in_a_prose_list_of_inputs_is_flagged() -> None:
    draft = _parse(
        "# Tenancy arrears\n\n## Overview\n\nWe predict whether a tenant falls into arrears.\n\n"
        "## Data\n\nThe model's inputs are rent history, payment method and, as the analysts "
        "found it useful, the preferred language of each tenant.\n"
    )
    assert _fires(draft, "P07")


def test_a_proxy_named_as_a_slice_is_not_an_input() -> None:
    draft = _parse(
        "# Tenancy arrears\n\n## Overview\n\nWe predict whether a tenant falls into arrears.\n\n"
        "## Features\n\nInputs: rent history and payment method. The correspondence language is "
        "not used as an input.\n"
    )
    assert not _fires(draft, "P07")


def test_a_clinical_model_may_read_the_diagnosis() -> None:
    draft = _parse(
        "# Ward deterioration alerts\n\n## Overview\n\nWe predict deterioration of patients in "
        "hospital wards.\n\n## Features\n\n- Primary diagnosis code from the admission record.\n"
    )
    assert not _fires(draft, "P07")


# -- provenance, labels, sampling bias -----------------------------------------------------------


def test_provenance_from_a_system_of_record() -> None:
    draft = _data("Renewals and cancellations as held in the billing system of record.")
    assert draft.plan.data.provenance


def test_labels_provided_by_a_process() -> None:
    draft = _data("The membership office's cancellation workflow provides labels for all years.")
    assert draft.plan.data.labelling.source


@pytest.mark.parametrize(
    "line",
    [
        "Bias: app users are over-sampled; we reweight by club.",
        "Online sign-ups skew towards younger members, so results are reported by age band.",
        "Members who pay cash are missing from the billing data and are out of scope.",
    ],
)
def test_sampling_bias_notes_in_new_words(line: str) -> None:
    assert _data(line).plan.data.sampling_bias


# -- metrics --------------------------------------------------------------------------------------


def test_headline_names_the_primary_metric() -> None:
    draft = _parse(
        "# Parcel returns\n\n## Overview\n\nWe predict whether an order is returned.\n\n"
        "## Evaluation\n\n- Headline: accuracy on the last month. Also F1.\n"
    )
    assert draft.plan.evaluation.primary_metric.name is MetricName.ACCURACY


def test_accuracy_headline_on_a_rare_label_fires_m01() -> None:
    draft = _parse(
        "# Parcel returns\n\n## Overview\n\nWe predict whether an order is returned.\n\n"
        "## Data\n\n- Labels: returns logged by the warehouse. About 3% of shipped orders are "
        "returned.\n\n## Evaluation\n\n- Headline: accuracy on the last month.\n"
    )
    assert _fires(draft, "M01")


def test_most_likely_ranking_is_classification() -> None:
    draft = _parse(
        "# Lapse outreach\n\n## Overview\n\nEach adviser gets a ranked list of the policyholders "
        "most likely to lapse this quarter.\n"
    )
    assert draft.plan.brief.task_type is TaskType.BINARY_CLASSIFICATION


@pytest.mark.parametrize("text", ["one reading per pipe segment", "results by customer segment"])
def test_segment_as_a_noun_is_not_clustering(text: str) -> None:
    draft = _parse(f"# Plan\n\n## Overview\n\nWe estimate how long repairs take, {text}.\n")
    assert draft.plan.brief.task_type is not TaskType.CLUSTERING


def test_segmenting_customers_is_still_clustering() -> None:
    draft = _parse("# Plan\n\n## Overview\n\nWe will segment customers into behavioural groups.\n")
    assert draft.plan.brief.task_type is TaskType.CLUSTERING


def test_detection_map_at_iou_is_not_ranking_map() -> None:
    draft = _parse(
        "# Pallet detector\n\n## Overview\n\nWe detect damaged pallets in photos.\n\n"
        "## Evaluation\n\n- mAP@0.5 on the test depots, plus recall and precision.\n"
    )
    names = [m.name for m in draft.plan.evaluation.secondary_metrics]
    assert MetricName.MAP_AT_K not in names
    assert draft.plan.evaluation.primary_metric.name is not MetricName.MAP_AT_K


def test_error_on_expected_counts_is_a_calibration_check() -> None:
    draft = _parse(
        "# Seat no-shows\n\n## Overview\n\nWe predict whether a passenger is a no-show.\n\n"
        "## Evaluation\n\n- Primary: PR-AUC.\n- Calibration: expected vs actual no-shows per "
        "departure (MAE in seats).\n"
    )
    assert not _fires(draft, "M03")


def test_capacity_sets_the_cut() -> None:
    draft = _parse(
        "# Fraud review queue\n\n## Overview\n\nWe predict whether a claim is fraudulent.\n\n"
        "## Evaluation\n\n- Primary: PR-AUC; precision in the top 250 claims per day, the review "
        "team's capacity.\n"
    )
    assert not _fires(draft, "M08")


def test_no_threshold_and_no_capacity_still_fires_m08() -> None:
    draft = _parse(
        "# Fraud review queue\n\n## Overview\n\nWe predict whether a claim is fraudulent.\n\n"
        "## Evaluation\n\n- Primary: PR-AUC on the last quarter.\n"
    )
    assert _fires(draft, "M08")


@pytest.mark.parametrize(
    "line",
    [
        "Offline-to-online link: each +0.02 PR-AUC has meant about 40 fewer chargebacks a month.",
        "In past launches recall@10 moved with weekly listening time.",
        "Renewals dropped from 60% to 48% when precision fell below 0.7.",
    ],
)
def test_offline_online_link_in_new_words(line: str) -> None:
    draft = _parse(
        "# Plan\n\n## Overview\n\nWe predict whether a member renews. Business goal: +2% "
        f"renewals.\n\n## Evaluation\n\n- Primary: PR-AUC.\n- {line}\n"
    )
    assert draft.plan.evaluation.offline_online_link
    assert not _fires(draft, "M05")


def test_lottery_rollout_is_a_designed_randomised_test() -> None:
    draft = _parse(
        "# Tutoring offers\n\n## Overview\n\nWe predict whether a pupil falls behind.\n\n"
        "## Deployment\n\nIn the first year, six of the twelve schools, chosen by lottery, get "
        "the list; the others continue as today. With about 90 pupils per school we have 80% "
        "power to detect a 5-point change. Guardrails: teacher workload and complaints.\n"
    )
    test = draft.plan.evaluation.validation_strategy.ab_test
    assert test is not None and test.unit == "school" and test.sample_size_per_arm
    assert not _fires(draft, "M06")


@pytest.mark.parametrize(
    "line",
    [
        "About 46,000 trades settle each day across FX swaps, cash equities and bonds.",
        "Inputs: rates, credit spreads and the equity volatility index, weekly.",
    ],
)
def test_equities_in_finance_are_not_equity_between_people(line: str) -> None:
    draft = _data(line)
    assert not draft.plan.evaluation.fairness.applicable


def test_an_equity_review_across_groups_is_a_fairness_assessment() -> None:
    draft = _data("Visit logs from the turnstile system.",
                  "An equity review compares recall across age bands and sex.")  # fmt: skip
    assert draft.plan.evaluation.fairness.applicable
