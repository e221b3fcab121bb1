"""L07-L12: the test set stays untouched and representative."""

from __future__ import annotations

from mlplan.domain import (
    CleaningStep,
    CrossValidation,
    CVMethod,
    DecisionThreshold,
    FeatureSpec,
    ImbalanceHandling,
    Plan,
    SplitRatios,
    ValidationStrategy,
)

from ._plans import RuleProbe, balanced

# -- L07 test set reuse ----------------------------------------------------------------------


def test_l07_tuning_on_the_test_set(plan: Plan, probe: RuleProbe) -> None:
    plan.training.tuning.on = "test set"
    findings = probe.fires(plan, "L07", "tuned on 'test set'")
    assert findings[0].path == "training.tuning.on"


def test_l07_threshold_chosen_on_test(plan: Plan, probe: RuleProbe) -> None:
    assert plan.evaluation.decision_threshold is not None
    plan.evaluation.decision_threshold.chosen_on = "the held-out test set"
    probe.fires(plan, "L07", "'the held-out test set'")


def test_l07_model_selection_in_test_policy(plan: Plan, probe: RuleProbe) -> None:
    plan.evaluation.test_set_policy = "Pick the best of the five models on the test set."
    probe.fires(plan, "L07", "evaluation.test_set_policy", "Pick the best")


def test_l07_negated_mentions_are_fine(plan: Plan, probe: RuleProbe) -> None:
    plan.training.tuning.on = "validation folds, never the test set"
    plan.training.early_stopping = "On validation loss, not on the test set"
    plan.evaluation.decision_threshold = DecisionThreshold(
        method="Cost matrix", rationale="Offer cost vs value", chosen_on="validation (no test)"
    )
    probe.silent(plan, "L07")


def test_l07_backtest_is_not_the_test_set(plan: Plan, probe: RuleProbe) -> None:
    plan.training.tuning.on = "rolling back-test folds"
    probe.silent(plan, "L07")


# -- L08 target leakage ----------------------------------------------------------------------


def test_l08_feature_not_available_at_prediction_time(plan: Plan, probe: RuleProbe) -> None:
    plan.features.features.append(
        FeatureSpec(
            name="cancellation_reason",
            description="Reason given in the cancellation form",
            available_at_prediction_time=False,
        )
    )
    findings = probe.fires(plan, "L08", "'cancellation_reason'", "cancellation form", "At login")
    assert findings[0].path == "features.features[4].available_at_prediction_time"


def test_l08_available_features_are_fine(plan: Plan, probe: RuleProbe) -> None:
    plan.features.features.append(FeatureSpec(name="plan_type", description="Current plan"))
    probe.silent(plan, "L08")


# -- L09 de-duplication ----------------------------------------------------------------------


def test_l09_no_deduplication(plan: Plan, probe: RuleProbe) -> None:
    plan.data.deduplication = None
    probe.fires(plan, "L09", "data.deduplication is empty")


def test_l09_within_split_cleaning_is_named(plan: Plan, probe: RuleProbe) -> None:
    plan.data.deduplication = "n/a"
    plan.features.cleaning.append(
        CleaningStep(issue="duplicates", applies_to="events", method="drop exact duplicates")
    )
    probe.fires(plan, "L09", "'drop exact duplicates'", "across splits")


def test_l09_stated_deduplication_is_fine(plan: Plan, probe: RuleProbe) -> None:
    plan.data.deduplication = "MinHash near-duplicate groups kept in one split"
    probe.silent(plan, "L09")


# -- L10 rebalanced test set -----------------------------------------------------------------


def test_l10_balanced_test_set_under_imbalance(plan: Plan, probe: RuleProbe) -> None:
    plan.evaluation.test_set_policy = "Test set downsampled to 50/50 for readability"
    probe.fires(plan, "L10", "'Test set downsampled to 50/50", "4 %")


def test_l10_production_prevalence_is_fine(plan: Plan, probe: RuleProbe) -> None:
    plan.evaluation.test_set_policy = "Not rebalanced: scored at production prevalence"
    probe.silent(plan, "L10")


def test_l10_resampling_before_the_split_rebalances_the_test_set(
    plan: Plan, probe: RuleProbe
) -> None:
    plan.evaluation.test_set_policy = "Last quarter held out as the test set"
    plan.training.imbalance = None
    plan.training.steps = ["Undersample the non-churners to 1:1", "Split by month", "Fit"]
    findings = probe.fires(plan, "L10", "before the split", "'Undersample the non-churners")
    assert findings[0].path == "training.imbalance"


def test_l10_resampling_inside_training_folds_is_fine(plan: Plan, probe: RuleProbe) -> None:
    plan.evaluation.test_set_policy = "Last quarter held out, natural prevalence"
    plan.training.imbalance = ImbalanceHandling(method="SMOTE", applied_to="training folds only")
    plan.training.steps = ["Split by month", "SMOTE on the training months", "Fit"]
    probe.silent(plan, "L10")


def test_l10_balanced_problem_is_not_applicable(plan: Plan, probe: RuleProbe) -> None:
    balanced(plan)
    plan.evaluation.test_set_policy = "Test set downsampled to 50/50"
    probe.silent(plan, "L10")


# -- L11 baseline ----------------------------------------------------------------------------


def test_l11_no_baseline(plan: Plan, probe: RuleProbe) -> None:
    plan.evaluation.baseline = ""
    plan.model.baseline.name = ""
    probe.fires(plan, "L11", "no", "'Offers to every customer with two failed payments'")


def test_l11_model_baseline_alone_is_enough(plan: Plan, probe: RuleProbe) -> None:
    plan.evaluation.baseline = ""
    probe.silent(plan, "L11")


# -- L12 validation data ---------------------------------------------------------------------


def _no_validation(plan: Plan) -> Plan:
    plan.training.split.ratios = SplitRatios(train=0.8, validation=0.0, test=0.2)
    plan.training.split.sizes = None
    plan.training.cross_validation = CrossValidation(method=CVMethod.NONE)
    plan.evaluation.validation_strategy = ValidationStrategy(holdout="last 3 months")
    return plan


def test_l12_no_validation_split_and_no_cv(plan: Plan, probe: RuleProbe) -> None:
    findings = probe.fires(_no_validation(plan), "L12", "validation ratio is 0")
    assert findings[0].path == "training.split.ratios.validation"


def test_l12_cross_validation_counts_as_validation(plan: Plan, probe: RuleProbe) -> None:
    _no_validation(plan).training.cross_validation = CrossValidation(
        method=CVMethod.EXPANDING_WINDOW, folds=5
    )
    probe.silent(plan, "L12")
