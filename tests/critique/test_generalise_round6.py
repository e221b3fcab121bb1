"""General readings added after the round-6 diagnostic, each in new wording with a negative:
animal health is not personal data, terse notes name their primary metric ('target to hit:')
and slices ('report per barn'), 'labels =' and data-sharing agreements, rolling features and
pre-event windows make rows time-ordered."""

from __future__ import annotations

from ._reading import fires as _fires
from ._reading import parse as _parse

_BARN = (
    "lameness warning - notes\n\nwhy\n- flag lame sows ~2 days before a clinical diagnosis\n\n"
    "data\n- 40 barns, per-visit logs 2020-2024\n- labels = treatment events the vet records\n"
    "- barn data shared under the producers' data agreement\n\nfeatures\n"
    "- rolling 5d deltas of activity vs the sow's own baseline\n\ntraining / eval\n"
    "- random 80/20 split over all visits\n- target to hit: accuracy > 95% on the 20%\n"
    "- report per barn\n"
)


def test_a_herd_plan_with_clinical_words_is_not_about_people() -> None:
    draft = _parse(_BARN, kind="text")
    assert not draft.plan.brief.personal_data
    assert not _fires(draft, "P01") and not _fires(draft, "P06")
    ward = (
        _BARN.replace("lame sows", "patients at risk of falls")
        .replace("sow's", "patient's")
        .replace("the vet records", "the nurse records")
        .replace("40 barns", "40 wards")
        .replace("barn data shared under the producers'", "ward data shared under the trust's")
        .replace("per barn", "per ward")
    )
    assert _parse(ward, kind="text").plan.brief.personal_data


def test_terse_notes_state_metric_slices_labels_and_provenance() -> None:
    draft = _parse(_BARN, kind="text")
    plan = draft.plan
    assert plan.evaluation.primary_metric.name.value == "accuracy"
    assert plan.evaluation.slices
    assert plan.data.labelling.source and plan.data.provenance
    assert not _fires(draft, "M07") and not _fires(draft, "P08")
    bare = _parse(_BARN.replace("- report per barn\n", ""), kind="text")
    assert not bare.plan.evaluation.slices


def test_rolling_features_and_pre_event_windows_make_rows_time_ordered() -> None:
    draft = _parse(_BARN, kind="text")
    assert draft.plan.data.has_time_order or draft.plan.brief.time_ordered
    assert _fires(draft, "L01")
    still = _parse(
        _BARN.replace("rolling 5d deltas of activity", "activity")
        .replace("~2 days before a clinical diagnosis", "that are lame")
        .replace("per-visit logs 2020-2024", "one exam per sow"),
        kind="text",
    )
    assert not _fires(still, "L01")


def test_a_headed_section_whose_key_item_was_not_read_is_asked_not_missing() -> None:
    """An interview's evaluation answer that names its measure in words the reader does not
    know ('share of sessions where the query typed was in the top five') is not 'section
    missing'; a template's headed but placeholder-filled section still is."""
    from mlplan.critique import review_draft
    from mlplan.validate import validate_plan

    text = (
        "# Autocomplete\n\n## Data\n\nSearch logs from the warehouse, 2023-2024.\n\n"
        "## Evaluation\n\nWe look at the share of sessions where the query finally typed was "
        "among the five shown, per locale.\n\n## Deployment\n\nBehind the search API, p99 under "
        "25 ms; rollback by flag.\n"
    )
    draft = _parse(text)
    findings = validate_plan(draft.plan)
    assert any(f.rule_id == "S01" and "evaluation" in f.message for f in findings)
    review = review_draft(draft, findings, cap_per_section=1000)
    assert not any(f.rule_id == "S01" and "evaluation" in f.message for f in review.findings)
    assert review.plan is not None
    assert any(q.question.startswith("S01:") for q in review.plan.open_questions)
    template = _parse(text.replace("per locale.", "per locale. Cost: $X per month."))
    t_review = review_draft(template, validate_plan(template.plan), cap_per_section=1000)
    assert any(f.rule_id == "S01" for f in t_review.findings)


def test_durations_written_with_slashes_are_not_split_ratios() -> None:
    text = (
        "# P\n\n## Training\n\nFeatures: trends over 6/12/24 h; train and test by month.\n\n"
        "## Evaluation\n\nPrimary: PR-AUC.\n"
    )
    draft = _parse(text)
    assert draft.plan.training.split.ratios is None
    assert not _fires(draft, "S03")
    slip = _parse(text.replace("trends over 6/12/24 h; ", "") + "\nSplit 70/20/20 by month.\n")
    assert slip.plan.training.split.ratios is not None  # a slip near a whole is still read


def test_an_email_is_titled_by_its_subject_and_its_header_is_not_the_problem() -> None:
    text = (
        "From: Ana Ruiz <ana@example.org>\nTo: Ward managers\nSubject: Proposal - early warning "
        "for falls on wards\nDate: 3 March\n\nHi all,\n\nWe would like to predict falls in the "
        "next 24 hours so nurses can check at-risk patients first; success means recall of 60 % "
        "at two alerts per ward per shift.\n"
    )
    draft = _parse(text, kind="text")
    assert draft.plan.brief.title.startswith("Proposal - early warning")
    assert "From:" not in draft.plan.overview.business_problem


def test_image_segmentation_is_not_a_clustering_task() -> None:
    text = (
        "# Weld defects\n\n## Problem\n\nThe vendor system segments candidate regions; its "
        "segmentation stays, we replace the classifier over 12 defect classes.\n\n"
        "## Evaluation\n\nPrimary metric: macro-F1 on the test coils.\n"
    )
    draft = _parse(text)
    assert draft.plan.brief.task_type.value != "clustering"
    assert not _fires(draft, "M03")
    customers = _parse("# P\n\n## Problem\n\nSegment our retail customers into groups.\n")
    assert customers.plan.brief.task_type.value == "clustering"


def test_a_two_word_task_cue_yields_to_the_primary_metric() -> None:
    text = (
        "# Cell finder\n\n## Problem\n\nWe mark dividing cells on slides for pathologists.\n\n"
        "## Evaluation\n\nTo see how much the label noise matters we compare annotators. F1 is "
        "the primary metric for choosing between models.\n"
    )
    draft = _parse(text)
    assert draft.plan.brief.task_type.value != "regression"
    assert not _fires(draft, "M03")


def test_no_people_or_other_personal_data_rules_personal_data_out() -> None:
    text = (
        "# Surface defects\n\n## Data\n\nTiles from the line cameras. No people, number plates or "
        "other personal data appear in them.\n\n## Evaluation\n\nPrimary metric: macro-F1.\n"
    )
    draft = _parse(text)
    assert not draft.plan.brief.personal_data and not draft.plan.data.contains_personal_data
    assert not _fires(draft, "P02")


def test_shares_with_an_adjective_and_a_headline_figure_for_someone() -> None:
    text = (
        "# P\n\n## Data\n\nAbout 3 % of claims are overpaid.\n\n## Training\n\nSite A: 70 % "
        "training, 15 % validation, 15 % internal test.\n\n## Evaluation\n\nThe headline figure "
        "for the board is accuracy on the test months.\n"
    )
    draft = _parse(text)
    assert draft.plan.training.split.ratios is not None
    assert draft.plan.training.split.ratios.test == 0.15
    assert not _fires(draft, "S03")
    assert draft.plan.evaluation.primary_metric.name.value == "accuracy"
    assert _fires(draft, "M01")
