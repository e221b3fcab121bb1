"""General readings added after the round-4 diagnostic (each with new wording and a negative).

Group splits named by any noun; time-order words in the framing that describe the product; input
checks, fallbacks, platforms and gates in new phrasings; features named where the model is;
privacy measures stated as a replacement or a contract; a question in a bracketed aside; and the
review's confidence-aware absences (a thorough plan gets questions, a thin plan findings).
"""

from __future__ import annotations

from mlplan.critique import review_draft
from mlplan.critique.review import SECONDARY, THOROUGH_FACTS, stated_facts
from mlplan.domain import SplitStrategy
from mlplan.validate import validate_plan

from ._reading import fires as _fires
from ._reading import parse as _parse

# -- group splits in general phrasings -----------------------------------------------------------


def test_split_by_any_grouping_noun() -> None:
    draft = _parse("# P\n\n## Training\n\nWe split by field plot, never by frame.\n")
    assert draft.plan.training.split.strategy is SplitStrategy.GROUP
    assert draft.plan.training.split.group_key == "field_plot_id" or (
        draft.plan.training.split.group_key == "plot_id"
    )


def test_all_items_of_one_group_stay_in_one_split() -> None:
    text = "# P\n\n## Training\n\nAll crops of one slide stay in one split; 70/15/15.\n"
    split = _parse(text).plan.training.split
    assert split.strategy is SplitStrategy.GROUP
    assert split.group_key == "slide_id"


def test_hold_out_whole_groups_and_no_group_spans_splits() -> None:
    held = _parse("# P\n\n## Training\n\nWe hold out whole orchards for testing.\n")
    assert held.plan.training.split.group_key == "orchard_id"
    spans = _parse("# P\n\n## Training\n\nNo household spans two splits.\n")
    assert spans.plan.training.split.strategy is SplitStrategy.GROUP


def test_split_by_a_time_or_a_row_is_not_a_group() -> None:
    for text in ("We split by month: train 2022, test 2023.", "We split by row at random."):
        split = _parse(f"# P\n\n## Training\n\n{text}\n").plan.training.split
        assert split.strategy is not SplitStrategy.GROUP


def test_split_at_random_with_a_count_in_between() -> None:
    text = "# P\n\n## Training\n\nWe divide the 40,000 receipts at random into train and test.\n"
    assert _parse(text).plan.training.split.strategy is SplitStrategy.RANDOM


def test_several_items_per_entity_make_a_group() -> None:
    text = (
        "# P\n\n## Data\n\nMost come from repeat suppliers, often a few invoices per supplier.\n\n"
        "## Training\n\nShuffled 80/20 split.\n"
    )
    assert _parse(text).plan.data.group_key == "supplier_id"
    unit = _parse("# P\n\n## Data\n\nOne row per pump per day since 2021.\n")
    assert unit.plan.data.group_key == "pump_id"


# -- the framing names products; the data section names the rows ----------------------------------


def test_time_series_product_in_the_framing_is_not_time_ordered_data() -> None:
    text = (
        "# P\n\n## Why\n\nOur customers buy rainfall time series built from these maps.\n\n"
        "## Data\n\n4,000 labelled radar images from 30 sites.\n\n"
        "## Training\n\nStratified 80/10/10 split by site.\n"
    )
    draft = _parse(text)
    assert not draft.plan.brief.time_ordered
    assert not _fires(draft, "L01")


def test_a_horizon_in_the_framing_still_orders_rows_in_time() -> None:
    text = (
        "# P\n\n## Problem\n\nWe predict whether a loan cures within 30 days.\n\n"
        "## Data\n\nLoan ledger 2019-2024.\n\n## Training\n\nRandom 5-fold cross-validation.\n"
    )
    assert _parse(text).plan.brief.time_ordered


# -- operations in new phrasings -------------------------------------------------------------------


def test_range_and_arrival_checks_are_input_monitoring() -> None:
    text = (
        "# P\n\n## Monitoring\n\n- Hourly check that every meter reported and values are within "
        "expected ranges; alert the on-call.\n"
    )
    draft = _parse(text)
    assert draft.plan.deployment.monitoring.data_quality
    assert not _fires(draft, "O01")


def test_a_failing_step_with_a_fallback() -> None:
    for sentence in (
        "If the ranking step fails, the queue keeps its arrival order.",
        "If the nightly job doesn't finish, planners use yesterday's list.",
    ):
        draft = _parse(f"# P\n\n## Deployment\n\nBatch scoring. {sentence}\n")
        assert draft.plan.deployment.fallback, sentence


def test_a_question_in_an_aside_does_not_hedge_the_sentence() -> None:
    text = (
        "# P\n\n## Monitoring\n\nWe track weekly precision of the flags (did the reviewer agree?) "
        "and check that all fields arrive within expected ranges.\n"
    )
    assert _parse(text).plan.deployment.monitoring.data_quality


def test_digitally_excluded_people_are_a_group_not_a_negation() -> None:
    text = (
        "# P\n\n## Data\nForms only reach us from people who can use the web, so clients "
        "who are digitally excluded are under-represented.\n"
    )
    assert _parse(text).plan.data.sampling_bias
    unchecked = "# P\n\n## Data\nWe have not checked whether rural clients are under-represented.\n"
    assert not _parse(unchecked).plan.data.sampling_bias


def test_forecast_against_actuals_is_performance_monitoring() -> None:
    text = (
        "# P\n\n## Running it\n\nNightly batch at 03:00.\n\n## Checking it\n\n"
        "- daily: forecast vs actual yield once the actual comes in, per site\n"
    )
    draft = _parse(text)
    assert draft.plan.deployment.monitoring.performance
    assert not _fires(draft, "O02")


def test_later_as_an_adjective_does_not_hedge_the_sentence() -> None:
    """'so that later training data covers ...' describes the data, it does not put the
    mitigation off; 'we add an exploration share later' still does."""
    text = (
        "# P\n\n## Monitoring\n\nThe ranker picks what members see and is retrained weekly on "
        "their clicks. We keep 5% of sessions on randomly sampled rankings so that later "
        "training data covers items the ranker would not choose.\n"
    )
    assert _parse(text).plan.deployment.monitoring.feedback_loop_mitigation
    put_off = text.replace("so that later training data", "later, so that training data")
    assert not _parse(put_off).plan.deployment.monitoring.feedback_loop_mitigation


def test_a_pipeline_step_is_a_platform_and_a_memo_states_one_anywhere() -> None:
    step = _parse("# P\n\n## Serving\n\nA step in the nightly ingestion pipeline.\n")
    assert step.plan.deployment.platform
    memo = _parse(
        "Hi all,\n\nScoring is a nightly batch job that writes a list into the planning tool.\n",
        kind="text",
    )
    assert memo.plan.deployment.platform


def test_a_promotion_gate_is_a_gate_not_a_threshold_chosen_on_test() -> None:
    text = (
        "# P\n\n## Deployment\n\nPromotion gate: a new model must meet the success thresholds on "
        "test and not regress any slice.\n"
    )
    draft = _parse(text)
    assert draft.plan.deployment.quality_gate
    assert not _fires(draft, "L07")


def test_model_inputs_named_in_the_model_section() -> None:
    text = "# P\n\n## Model\n\nA random forest per parcel on elevation + slope + soil type.\n"
    names = [f.name for f in _parse(text).plan.features.features]
    assert "elevation" in names and "soil type" in names
    bare = _parse("# P\n\n## Model\n\nA random forest, tuned on validation.\n")
    assert not bare.plan.features.features


def test_models_versioned_by_tag() -> None:
    text = "# P\n\n## Run\n\nWeekly batch. Model files are versioned with a tag per release.\n"
    assert _parse(text).plan.deployment.versioning


# -- privacy in new phrasings -------------------------------------------------------------------------


def test_replaced_with_placeholders_and_contract_basis() -> None:
    text = (
        "# P\n\n## Data\n\n- Messages can contain personal data (names, phone numbers).\n"
        "- The export replaces names and phone numbers with typed placeholders.\n"
        "- Customer contracts allow use of the data for service improvement.\n"
    )
    draft = _parse(text)
    assert draft.plan.data.privacy.pseudonymisation
    assert draft.plan.data.privacy.lawful_basis
    assert not _fires(draft, "P01") and not _fires(draft, "P04")


def test_counts_stated_not_to_be_personal_data() -> None:
    text = (
        "# P\n\n## Data\n\nWe receive counts per station; these counts are not personal data.\n\n"
        "## Evaluation\n\nGuardrail: trips per user.\n"
    )
    draft = _parse(text)
    assert not _fires(draft, "P03") and not _fires(draft, "P04")


# -- metrics ------------------------------------------------------------------------------------------


def test_as_the_headline_chooses_the_primary_metric() -> None:
    text = (
        "# P\n\n## Evaluation\n\nThe prototype reaches 97% accuracy, which we would present as the "
        "headline, with recall in the appendix.\n"
    )
    assert _parse(text).plan.evaluation.primary_metric.name == "accuracy"


# -- confidence-aware absences in the review ----------------------------------------------------------

_SECTIONS = (
    "# Plan\n\n## Problem\n\nWe predict {x} for each store to stock shelves.\n\n"
    "## Data\n\nSales table from the warehouse.\n\n## Features\n\n- price\n- promo flag\n\n"
    "## Model\n\nLightGBM.\n\n## Training\n\nTime-based split by week.\n\n"
    "## Evaluation\n\nPrimary metric: MAE.\n\n## Deployment\n\nNightly batch job. Rollback: "
    "re-point the alias.\n\n## Monitoring\n\nPSI drift checks, alert the on-call.\n\n"
    "## Timeline\n\n- Week 1-4: build\n"
)


def test_secondary_absences_are_asked_in_thin_plans_too() -> None:
    """Documentation a plan leaves out (business link, intended use, alternatives ...) is asked
    as a question whether or not the plan is thorough: in ten blind rounds no labeller counted
    such an absence as a defect."""
    draft = _parse(_SECTIONS.format(x="demand"))
    assert stated_facts(draft) < THOROUGH_FACTS
    findings = validate_plan(draft.plan)
    assert any(f.rule_id in SECONDARY for f in findings)  # the rules still fire ...
    review = review_draft(draft, findings, cap_per_section=1000)
    assert not [f for f in review.findings if f.rule_id in SECONDARY]  # ... none is reported
    assert review.plan is not None
    asked = [q for q in review.plan.open_questions if q.question.split(":")[0] in SECONDARY]
    assert asked
    assert all(
        "documents the plan" in q.why_it_matters or "raises the topic" in q.why_it_matters
        for q in asked
    )


def test_thorough_plans_ask_secondary_absences_as_questions() -> None:
    draft = _parse(_SECTIONS.format(x="demand"))
    # a thorough plan: the same document with many more stated fields (simulated evidence)
    from mlplan.domain import Evidence

    extra = {f"data.extra_{i}": Evidence(line=5, quote=f"fact {i}") for i in range(THOROUGH_FACTS)}
    thick = draft.model_copy(update={"evidence": {**draft.evidence, **extra}})
    findings = validate_plan(thick.plan)
    review = review_draft(thick, findings, cap_per_section=1000)
    secondary = [f for f in findings if f.rule_id in SECONDARY]
    assert secondary  # the rules still fire ...
    absent_secondary = [
        f
        for f in review.findings
        if f.rule_id in SECONDARY and f.evidence.quote == "absent"  # type: ignore[union-attr]
    ]
    assert not absent_secondary  # ... but their absences are asked, not reported
    assert review.plan is not None
    assert any(q.question.split(":")[0] in SECONDARY for q in review.plan.open_questions)
    assert "open question" in review.summary
    # errors and non-secondary warnings stay findings, except a batch job's absent rollout
    kept = {f.rule_id for f in review.findings}
    batch = {q.question[:3] for q in review.plan.open_questions if "batch job" in q.why_it_matters}
    assert batch <= {"D05", "D08"}
    assert {f.rule_id for f in findings if f.rule_id not in SECONDARY} <= kept | batch | {"S04"}


def test_a_covered_section_whose_key_field_was_not_read_is_asked_not_an_error() -> None:
    """A deployment section that states rollout, rollback and fallback but names its serving
    hardware in words the reader does not know ("the scanner PC's GPU") is covered: in a
    thorough plan the unread platform is a question, not 'section missing'. A document with
    no deployment section at all still gets S01."""
    from mlplan.domain import Evidence

    text = _SECTIONS.format(x="demand").replace("Nightly batch job. ", "")
    draft = _parse(text)
    assert not draft.plan.deployment.platform and draft.plan.deployment.rollback
    extra = {f"data.extra_{i}": Evidence(line=5, quote=f"fact {i}") for i in range(THOROUGH_FACTS)}
    thick = draft.model_copy(update={"evidence": {**draft.evidence, **extra}})
    findings = validate_plan(thick.plan)
    assert any(f.rule_id == "S01" for f in findings)
    review = review_draft(thick, findings, cap_per_section=1000)
    assert not any(f.rule_id == "S01" for f in review.findings)
    assert review.plan is not None
    assert any(q.question.startswith("S01:") for q in review.plan.open_questions)
    thin = review_draft(draft, validate_plan(draft.plan), cap_per_section=1000)
    # the section has its own heading, so a thin plan asks too (27 Nov, round 6)
    assert not any(f.rule_id == "S01" for f in thin.findings)
    no_deploy = text.split("## Deployment")[0] + "## Timeline\n\n- Week 1-4: build\n"
    gone = _parse(no_deploy)
    thick_gone = gone.model_copy(update={"evidence": {**gone.evidence, **extra}})
    review = review_draft(thick_gone, validate_plan(thick_gone.plan), cap_per_section=1000)
    assert any(f.rule_id == "S01" for f in review.findings)


# -- later readings: questions give answers their topic; model stores; selection; test windows ----


def test_an_answer_takes_its_topic_from_the_question() -> None:
    text = (
        "# Interview\n\n**Q:** How does it go live?\n\n**A:** Begin with two depots, then extend "
        "depot by depot over the summer.\n\n**Q:** Monitoring?\n\n**A:** Track feature drift per "
        "depot against the training window.\n"
    )
    draft = _parse(text)
    assert draft.plan.deployment.rollout.strategy != "none"
    assert draft.plan.deployment.monitoring.data_drift
    plain = _parse("# Notes\n\nBegin with two depots, then extend depot by depot.\n")
    assert plain.plan.deployment.rollout.strategy == "none"


def test_experiment_tracking_is_not_model_versioning() -> None:
    runs = _parse("# P\n\n## Serving\n\nNightly batch; git sha logged to MLflow per run.\n")
    assert not runs.plan.deployment.versioning
    models = _parse("# P\n\n## Serving\n\nNightly batch; models registered in MLflow.\n")
    assert models.plan.deployment.versioning


def test_checkpoint_kept_by_another_metric() -> None:
    text = (
        "# P\n\n## Training\n\nWe keep the checkpoint with the lowest validation log loss.\n\n"
        "## Evaluation\n\nPrimary metric: MAE.\n"
    )
    draft = _parse(text)
    assert draft.plan.evaluation.model_selection_metric == "log_loss"


def test_early_stopping_on_the_dates_of_the_test_period() -> None:
    text = (
        "# P\n\n## Modelling\n\n- Time split: train Jan 2020 - Jun 2022, validation Jul - Sep "
        "2022, test Oct - Dec 2022.\n- Early stopping measured on the Oct - Dec 2022 period.\n"
    )
    assert _fires(_parse(text), "L07")


def test_an_expected_impact_in_a_memo_paragraph() -> None:
    text = "Hi all,\n\nWe think the new routing will cut repeat visits by around 15% next year.\n"
    assert _parse(text, kind="text").plan.overview.expected_impact
