"""L01-L06: rows and fitted steps must not cross from test into training."""

from __future__ import annotations

import pytest

from mlplan.domain import (
    CVMethod,
    FitScope,
    ImbalanceHandling,
    Modality,
    Plan,
    SplitStrategy,
    TaskType,
)

from ._plans import RuleProbe, as_task, without_groups, without_time_order

# -- L01 time order --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "strategy", [SplitStrategy.RANDOM, SplitStrategy.STRATIFIED, SplitStrategy.KFOLD]
)
def test_l01_time_ordered_data_with_shuffled_split(
    plan: Plan, probe: RuleProbe, strategy: SplitStrategy
) -> None:
    plan.training.split.strategy = strategy
    probe.fires(plan, "L01", f"Split is '{strategy}'", "time-ordered", "data.has_time_order")


def test_l01_quotes_the_brief_when_only_the_brief_knows(plan: Plan, probe: RuleProbe) -> None:
    plan.data.has_time_order = False
    plan.training.split.strategy = SplitStrategy.RANDOM
    probe.fires(plan, "L01", 'the brief says "3 years of monthly snapshots"')


def test_l01_forecasting_is_time_ordered_by_nature(plan: Plan, probe: RuleProbe) -> None:
    without_time_order(as_task(plan, TaskType.FORECASTING))
    plan.training.split.strategy = SplitStrategy.RANDOM
    probe.fires(plan, "L01", "forecasting")


def test_l01_unknown_split_on_time_ordered_data(plan: Plan, probe: RuleProbe) -> None:
    plan.training.split.strategy = SplitStrategy.UNKNOWN
    probe.fires(plan, "L01", "does not state a split strategy")


def test_l01_shuffled_cross_validation(plan: Plan, probe: RuleProbe) -> None:
    plan.training.split.strategy = SplitStrategy.GROUP
    plan.training.cross_validation.method = CVMethod.STRATIFIED_KFOLD
    findings = probe.fires(plan, "L01", "'stratified_kfold'")
    assert "training.cross_validation.method" in [f.path for f in findings]


def test_l01_shuffled_cv_inside_an_out_of_time_split_is_fine(plan: Plan, probe: RuleProbe) -> None:
    """Tuning folds drawn inside the training window; the later test window measures the future."""
    plan.training.split.strategy = SplitStrategy.GROUP_TIME_BASED
    plan.training.cross_validation.method = CVMethod.GROUP_KFOLD
    probe.silent(plan, "L01")


def test_l01_time_based_split_is_fine(plan: Plan, probe: RuleProbe) -> None:
    without_groups(plan)
    plan.training.split.strategy = SplitStrategy.TIME_BASED
    probe.silent(plan, "L01")


def test_l01_random_split_without_time_order_is_fine(plan: Plan, probe: RuleProbe) -> None:
    without_time_order(plan)
    plan.training.split.strategy = SplitStrategy.RANDOM
    plan.training.cross_validation.method = CVMethod.KFOLD
    probe.silent(plan, "L01")


# -- L02 groups ------------------------------------------------------------------------------


def test_l02_group_key_with_non_group_split(plan: Plan, probe: RuleProbe) -> None:
    plan.training.split.strategy = SplitStrategy.STRATIFIED
    probe.fires(plan, "L02", "'customer_id'", "'stratified'")


def test_l02_known_customers_in_a_later_test_period_are_fine(plan: Plan, probe: RuleProbe) -> None:
    """Scoring next quarter's churn for customers seen in training is the production setting."""
    plan.training.split.strategy = SplitStrategy.TIME_BASED
    plan.training.cross_validation.method = CVMethod.GROUP_KFOLD
    probe.silent(plan, "L02")


def test_l02_images_of_one_patient_on_both_sides_of_a_time_cut(
    plan: Plan, probe: RuleProbe
) -> None:
    """A later scan of the same patient still lets the model recognise the patient."""
    plan.brief.modalities = [Modality.IMAGE]
    plan.data.group_key = "patient_id"
    plan.training.split.strategy = SplitStrategy.TIME_BASED
    probe.fires(plan, "L02", "'patient_id'", "'time_based'")


def test_l02_group_blind_cv_inside_a_time_split_still_fires(plan: Plan, probe: RuleProbe) -> None:
    plan.training.split.strategy = SplitStrategy.TIME_BASED
    plan.training.cross_validation.method = CVMethod.STRATIFIED_KFOLD
    probe.fires(plan, "L02", "'stratified_kfold'", "customer_id")


def test_l02_group_key_from_brief_only(plan: Plan, probe: RuleProbe) -> None:
    plan.data.group_key = None
    plan.training.split.strategy = SplitStrategy.RANDOM
    probe.fires(plan, "L02", "brief.group_key is 'customer_id'")


def test_l02_group_blind_cross_validation(plan: Plan, probe: RuleProbe) -> None:
    plan.training.cross_validation.method = CVMethod.KFOLD
    probe.fires(plan, "L02", "'kfold'", "customer_id")


def test_l02_group_aware_split_is_fine(plan: Plan, probe: RuleProbe) -> None:
    plan.training.split.strategy = SplitStrategy.STRATIFIED_GROUP
    plan.training.cross_validation.method = CVMethod.GROUP_KFOLD
    probe.silent(plan, "L02")


def test_l02_forecast_series_on_both_sides_of_a_time_cut_is_fine(
    plan: Plan, probe: RuleProbe
) -> None:
    """A forecast predicts the future of the same series: that is the task, not leakage."""
    plan.model.problem_type = TaskType.FORECASTING
    plan.data.group_key = "store_sku_series"
    plan.training.split.strategy = SplitStrategy.TIME_BASED
    plan.training.cross_validation.method = CVMethod.ROLLING_ORIGIN
    probe.silent(plan, "L02")
    plan.training.split.strategy = SplitStrategy.RANDOM
    probe.fires(plan, "L02", "store_sku_series")


def test_l02_no_group_key_is_not_applicable(plan: Plan, probe: RuleProbe) -> None:
    without_groups(plan)
    plan.training.split.strategy = SplitStrategy.RANDOM
    probe.silent(plan, "L02")


# -- L03 samples cut from one source ---------------------------------------------------------


def test_l03_frames_from_videos_split_per_frame(plan: Plan, probe: RuleProbe) -> None:
    plan.data.volume_summary = "1.2M frames extracted from 8,000 videos"
    plan.training.split.strategy = SplitStrategy.STRATIFIED
    probe.fires(plan, "L03", "'frames extracted from 8,000 videos'", "'stratified'")


def test_l03_reads_the_brief(plan: Plan, probe: RuleProbe) -> None:
    plan.brief.raw_text = "We cut 224px crops from each whole-slide scan."
    plan.training.split.strategy = SplitStrategy.RANDOM
    probe.fires(plan, "L03", "brief.raw_text", "crops from each whole-slide scan")


@pytest.mark.parametrize(
    "text",
    [
        "From each survey flight we extracted frames every 2 s.",
        "We cut each 30 s call recording into five 6 s clips.",
        "From 1,200 inspected wafers we cut 128 × 128 pixel patches around each die.",
    ],
)
def test_l03_new_wordings_of_cutting_a_source(plan: Plan, probe: RuleProbe, text: str) -> None:
    plan.brief.raw_text = text
    plan.training.split.strategy = SplitStrategy.RANDOM
    probe.fires(plan, "L03", "brief.raw_text")


def test_l03_a_quantity_taken_from_each_source_is_not_a_sample(
    plan: Plan, probe: RuleProbe
) -> None:
    plan.brief.raw_text = "From every flight we took the delay minutes and the gate."
    plan.training.split.strategy = SplitStrategy.RANDOM
    probe.silent(plan, "L03")


def test_l03_source_grouped_split_is_fine(plan: Plan, probe: RuleProbe) -> None:
    plan.data.volume_summary = "1.2M frames extracted from 8,000 videos"
    plan.training.split.strategy = SplitStrategy.SOURCE_GROUPED
    probe.silent(plan, "L03")


def test_l03_sliding_windows_with_a_time_split_are_fine(plan: Plan, probe: RuleProbe) -> None:
    without_groups(plan)
    plan.data.volume_summary = "Sliding windows over 3 years of sensor readings"
    plan.training.split.strategy = SplitStrategy.TIME_BASED
    probe.silent(plan, "L03")


@pytest.mark.parametrize(
    "text",
    [
        "Each recording is chopped into 5-second clips before labelling.",
        "We divide every whole-slide image into 512 px tiles.",
        "Windows of 60 samples with 50% overlap are cut from the vibration signal.",
        "The corpus is 800 filings (roughly 40,000 paragraphs), each paragraph labelled.",
        "Sentences taken from the same transcript share a speaker and a topic.",
    ],
)
def test_l03_recognises_derived_samples_in_other_words(
    plan: Plan, probe: RuleProbe, text: str
) -> None:
    without_groups(plan)
    plan.brief.raw_text = text
    plan.training.split.strategy = SplitStrategy.RANDOM
    probe.fires(plan, "L03", "'random'")


def test_l03_overlapping_windows_with_a_time_split_are_fine(plan: Plan, probe: RuleProbe) -> None:
    without_groups(plan)
    plan.brief.raw_text = "Cut each pump's series into 1 h windows with 50% overlap."
    plan.training.split.strategy = SplitStrategy.TIME_BASED
    probe.silent(plan, "L03")


def test_l03_one_sample_per_document_is_not_derived(plan: Plan, probe: RuleProbe) -> None:
    without_groups(plan)
    plan.brief.raw_text = "12,000 support e-mails, each labelled once; split 80/20 at random."
    plan.training.split.strategy = SplitStrategy.RANDOM
    probe.silent(plan, "L03")


def test_l03_ordinary_images_are_not_derived_samples(plan: Plan, probe: RuleProbe) -> None:
    plan.data.volume_summary = "40,000 labelled product images, one per listing"
    plan.training.split.strategy = SplitStrategy.STRATIFIED
    probe.silent(plan, "L03")


# -- L04 preprocessing scope -----------------------------------------------------------------


def test_l04_preprocessing_fitted_on_all_data(plan: Plan, probe: RuleProbe) -> None:
    plan.features.preprocessing_fit_scope = FitScope.ALL_DATA
    findings = probe.fires(plan, "L04", "'all_data'")
    assert findings[0].path == "features.preprocessing_fit_scope"


def test_l04_unknown_scope_with_transforms(plan: Plan, probe: RuleProbe) -> None:
    plan.training.preprocessing_fit_scope = FitScope.UNKNOWN
    probe.fires(plan, "L04", "'unknown'", "2 transforms")


def test_l04_transform_text_says_full_dataset(plan: Plan, probe: RuleProbe) -> None:
    plan.features.transforms = ["StandardScaler fitted on the full dataset"]
    probe.fires(plan, "L04", "'StandardScaler fitted on the full dataset'")


def test_l04_unknown_scope_without_preprocessing_is_not_applicable(
    plan: Plan, probe: RuleProbe
) -> None:
    plan.features.transforms = []
    plan.features.cleaning = []
    plan.features.preprocessing_fit_scope = FitScope.UNKNOWN
    probe.silent(plan, "L04")


def test_l04_fit_on_training_folds_is_fine(plan: Plan, probe: RuleProbe) -> None:
    plan.features.transforms = ["StandardScaler fitted on training folds; applied to all data"]
    probe.silent(plan, "L04")


# -- L05 feature selection -------------------------------------------------------------------


def test_l05_selection_fitted_on_all_data(plan: Plan, probe: RuleProbe) -> None:
    plan.features.selection.fit_scope = FitScope.ALL_DATA
    probe.fires(plan, "L05", "'Permutation importance'", "'all_data'")


def test_l05_selection_scope_unknown(plan: Plan, probe: RuleProbe) -> None:
    plan.features.selection.fit_scope = FitScope.UNKNOWN
    probe.fires(plan, "L05", "does not state which rows")


def test_l05_no_selection_with_unknown_scope_is_fine(plan: Plan, probe: RuleProbe) -> None:
    plan.features.selection.method = ""
    plan.features.selection.rationale = ""
    plan.features.selection.fit_scope = FitScope.UNKNOWN
    probe.silent(plan, "L05")


# -- L06 resampling --------------------------------------------------------------------------


def test_l06_smote_applied_to_all_data(plan: Plan, probe: RuleProbe) -> None:
    plan.training.imbalance = ImbalanceHandling(method="SMOTE", applied_to="all data")
    probe.fires(plan, "L06", "'SMOTE'", "'all data'")


def test_l06_resampling_the_pooled_rows(plan: Plan, probe: RuleProbe) -> None:
    plan.training.imbalance = ImbalanceHandling(method="random oversampling", applied_to="pooled")
    probe.fires(plan, "L06", "'pooled'")


def test_l06_resampling_step_before_the_split(plan: Plan, probe: RuleProbe) -> None:
    plan.training.steps = ["Oversample churners x10", "Split by time and customer", "Fit"]
    findings = probe.fires(plan, "L06", "'Oversample churners x10'", "step 2")
    assert findings[0].path == "training.steps[0]"


def test_l06_smote_inside_training_folds_is_fine(plan: Plan, probe: RuleProbe) -> None:
    plan.training.imbalance = ImbalanceHandling(method="SMOTE", applied_to="training folds only")
    plan.training.steps = ["Split by time and customer", "SMOTE inside each training fold"]
    probe.silent(plan, "L06")


def test_l06_class_weights_are_not_resampling(plan: Plan, probe: RuleProbe) -> None:
    plan.training.imbalance = ImbalanceHandling(method="class weights", applied_to="all data")
    probe.silent(plan, "L06")
