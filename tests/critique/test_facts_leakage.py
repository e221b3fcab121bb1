"""Leakage facts read from plan wording: how the split is made, which features leak the outcome.

Each plan here is phrased differently from the benchmark plans; every positive reading has a
careful counterpart that must not be flagged.
"""

from __future__ import annotations

import pytest

from mlplan.domain import CVMethod, FitScope, PlanDraft, SplitStrategy
from mlplan.validate import validate_plan

from ._reading import parse as _parse


def _rules(draft: PlanDraft) -> set[str]:
    return {f.rule_id for f in validate_plan(draft.plan)}


def _available(draft: PlanDraft) -> dict[str, bool]:
    return {f.name.lower(): f.available_at_prediction_time for f in draft.plan.features.features}


# -- the split ----------------------------------------------------------------------------------


def test_split_them_at_random_is_a_random_split() -> None:
    draft = _parse(
        "## Evaluation\n\n"
        "We gather the 90,000 invoices and split them at random into 75% training and 25% test.\n"
    )
    assert draft.plan.training.split.strategy is SplitStrategy.RANDOM


def test_randomly_holding_out_a_share_is_a_random_split_with_ratios() -> None:
    draft = _parse(
        "## Evaluation\n\n"
        "- Randomly hold out 15% of the user sessions as the test set and 5% as validation.\n"
    )
    split = draft.plan.training.split
    assert split.strategy is SplitStrategy.RANDOM
    assert split.ratios is not None
    assert (split.ratios.test, split.ratios.validation) == (0.15, 0.05)


def test_a_metric_broken_down_by_year_is_not_a_time_split() -> None:
    draft = _parse(
        "## Validation\n\n"
        "- Development / holdout: random 80 / 20 split of all accounts.\n"
        "- Stability: KS by origination quarter on the holdout sample.\n"
    )
    assert draft.plan.training.split.strategy is SplitStrategy.RANDOM


def test_shuffling_a_multi_year_table_is_not_a_period_split() -> None:
    draft = _parse(
        "## Training\n\n"
        "For training and validation we stack the 2018-2023 extracts into one frame, shuffle it "
        "and tune with 10-fold cross-validation.\n"
    )
    assert draft.plan.training.split.strategy is SplitStrategy.RANDOM


def test_entities_kept_in_one_split_make_a_group_split() -> None:
    draft = _parse(
        "## Evaluation\n\n- Claims from 2019-2022 train the model, 2023 claims test it; claims of "
        "one policyholder are kept in the same split.\n"
    )
    split = draft.plan.training.split
    assert split.strategy is SplitStrategy.GROUP_TIME_BASED
    assert split.group_key == "policyholder_id"


def test_a_dated_validation_period_counts_as_validation() -> None:
    draft = _parse(
        "## Evaluation\n\n"
        "We train on tickets opened from March 2021 to December 2023, validate on tickets from "
        "January to March 2024 and test on tickets from April to June 2024.\n"
    )
    assert draft.plan.training.split.strategy is SplitStrategy.TIME_BASED
    assert "L12" not in _rules(draft)


def test_a_resume_called_cv_is_not_cross_validation() -> None:
    draft = _parse(
        "## Data\n\nFor every candidate we keep the CV as parsed by the applicant tracking system.\n\n"
        "## Evaluation\n\nSplit 80/20 at random; hyperparameters tuned on a validation slice.\n"
    )
    assert draft.plan.training.cross_validation.method is CVMethod.NONE


def test_a_coefficient_of_variation_is_not_cross_validation() -> None:
    draft = _parse(
        "## Evaluation\n\n- Power analysis for the online test: CV = 2.3, alpha 0.05, 80% power.\n"
    )
    assert draft.plan.training.cross_validation.method is CVMethod.NONE


def test_imputation_before_a_split_made_after_selection_is_fitted_on_all_rows() -> None:
    draft = _parse(
        "## Features\n\n"
        "1. Missing income values are filled with the median of the whole application file.\n"
        "2. Stepwise selection keeps 20 variables.\n\n"
        "## Validation\n\n- Random 75 / 25 split of the applications after feature selection.\n"
    )
    assert draft.plan.features.preprocessing_fit_scope is FitScope.ALL_DATA
    assert "L04" in _rules(draft)


def test_imputation_on_the_training_split_before_a_late_split_is_fine() -> None:
    draft = _parse(
        "## Features\n\n"
        "1. Missing income values are imputed with medians from the training split only.\n\n"
        "## Validation\n\n- Random 75 / 25 split of the applications after feature selection.\n"
    )
    assert draft.plan.features.preprocessing_fit_scope is not FitScope.ALL_DATA


# -- grouping ---------------------------------------------------------------------------------


def test_people_who_apply_repeatedly_group_the_rows() -> None:
    draft = _parse(
        "## Data\n\n- 400k loan applications; many borrowers apply for several loans a year.\n"
    )
    assert draft.plan.data.group_key == "borrower_id"


# -- features only known after the outcome ----------------------------------------------------


def test_outcome_time_features_are_not_available_at_prediction_time() -> None:
    draft = _parse(
        "## Features\n\n"
        "- Basket: item count, basket value, payment method.\n"
        "- Settlement: final invoice amount for the order and its refund status.\n"
        "- Ticket: days to resolution of the ticket.\n"
        "- Card: prior chargebacks on the card in the last 12 months.\n"
    )
    available = _available(draft)
    assert available["settlement"] is False
    assert available["ticket"] is False
    assert available["basket"] is True
    assert available["card"] is True  # history before the prediction point
    assert "L08" in _rules(draft)


def test_point_in_time_versions_of_outcome_words_are_fine() -> None:
    draft = _parse(
        "## Features\n\n"
        "- Market: average days on market of the same model over the previous 90 days.\n"
        "- Order: amount and currency as of the checkout request.\n"
    )
    assert all(_available(draft).values())
    assert "L08" not in _rules(draft)


def test_features_listed_elsewhere_are_resolved_and_checked() -> None:
    draft = _parse(
        "## Data\n\n"
        "- Property fields: bedrooms, floor area, postcode sector, time to sale, asking price.\n\n"
        "## Model\n\n- Features: all property fields above except the asking price.\n"
    )
    available = _available(draft)
    assert available["bedrooms"] is True
    assert available["time to sale"] is False
    assert "asking price" not in available
    finding = next(f for f in validate_plan(draft.plan) if f.rule_id == "L08")
    assert "time to sale" in finding.message


def test_feature_window_inside_the_label_window_leaks() -> None:
    draft = _parse(
        "## Data\n\n"
        "The label is whether the trial user upgrades within 60 days of sign-up.\n\n"
        "## Features\n\n"
        "Usage features include feature adoption score, logins during the first 14 days, and "
        "company size.\n"
    )
    available = _available(draft)
    assert available["logins during the first 14 days"] is False
    assert available["company size"] is True


def test_feature_window_without_a_label_window_is_fine() -> None:
    draft = _parse(
        "## Data\n\nThe label is whether the account churns in the quarter after scoring.\n\n"
        "## Features\n\n"
        "Usage features include logins during the first 14 days, and company size.\n"
    )
    assert all(_available(draft).values())


# -- what the predicted event itself produced ---------------------------------------------------


_EVENT_PLAN = "# Courier no-show risk\n\n## Features\n- {feature}\n- distance to depot\n"


@pytest.mark.parametrize(
    "feature",
    [
        "refund_reason on the order (damaged / late / missing)",
        "the refund on the order line",
        "invoice total for the visit",
        "courier response time on this tender",
        "count of bids the shipment received for the load",
        "parcels scanned during the trip",
    ],
)
def test_what_the_event_itself_produced_is_not_known_before_it(feature: str) -> None:
    draft = _parse(_EVENT_PLAN.format(feature=feature))
    assert "L08" in _rules(draft)


@pytest.mark.parametrize(
    "feature",
    [
        "reason for the visit as booked",
        "courier's median response time over the previous 30 days",
        "visit type scheduled for the visit",
    ],
)
def test_what_is_known_when_the_event_is_booked_is_not_l08(feature: str) -> None:
    assert "L08" not in _rules(_parse(_EVENT_PLAN.format(feature=feature)))
