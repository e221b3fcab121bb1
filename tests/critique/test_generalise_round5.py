"""General readings added after the round-5 diagnostic, each in new wording with a negative:
validation periods written 'val 2023' or 'tuned on the first half of 2024', and a period split
in a sentence that rejects a random split."""

from __future__ import annotations

from mlplan.domain import SplitStrategy

from ._reading import fires as _fires
from ._reading import parse as _parse


def test_abbreviated_validation_period_is_a_validation_step() -> None:
    text = (
        "# Flow forecast\n\n## Prep\n\n- lags and rolling means\n"
        "- blocks: train 2017-2021, val 2022, test 2023, a gap of one week between them\n"
    )
    draft = _parse(text)
    assert draft.plan.training.split.strategy.respects_time
    assert not _fires(draft, "L12")
    no_val = _parse(text.replace(" val 2022,", ""))
    assert _fires(no_val, "L12")


def test_a_rejected_random_split_does_not_hide_the_period_split() -> None:
    text = (
        "Hello team,\n\nThe menu changed every season, so a random split felt wrong to me: I trained "
        "on 2020-2022, tuned on the spring of 2023 and tested on the rest of 2023.\n\n"
        "Thanks, Kim\n"
    )
    draft = _parse(text, kind="text")
    assert draft.plan.training.split.strategy is SplitStrategy.TIME_BASED
    assert not _fires(draft, "L12")
    pooled = _parse(
        "Hello team,\n\nI pooled 2020-2023 for training and testing and made a random split of "
        "the rows.\n",
        kind="text",
    )
    assert pooled.plan.training.split.strategy is not SplitStrategy.TIME_BASED


def test_serving_mode_is_not_read_from_unrelated_words() -> None:
    """'edge break' is a defect class, 'at the moment we score' means 'when', and 'nothing is
    real-time' is a denial; 'Using it' heads the deployment part."""
    text = (
        "# Kerb defects\n\n## Labels\n\nClasses: pothole, edge break, cracked kerb.\n\n"
        "## Features\n\nAt the moment we score a frame we do not know the repair outcome.\n\n"
        "## Using it\n\nEvery Friday a batch job scores the week's frames; nothing is real-time.\n"
    )
    draft = _parse(text)
    assert draft.plan.deployment.serving_mode.value == "batch"
    assert not _fires(draft, "D01")
    edge = _parse(
        text.replace("Every Friday a batch job scores", "An edge device in each van scores")
    )
    assert edge.plan.deployment.serving_mode.value == "edge"


def test_things_that_cluster_somewhere_do_not_make_a_clustering_task() -> None:
    text = (
        "# Defect finder\n\n## Problem\n\nResident reports cluster in a few districts. We detect "
        "potholes in dashcam frames.\n\n## Evaluation\n\nPrimary metric: recall at 80 % precision.\n"
    )
    draft = _parse(text)
    assert draft.plan.brief.task_type.value != "clustering"
    assert not _fires(draft, "M03")
    themes = _parse("# Themes\n\n## Problem\n\nCluster support tickets into themes.\n")
    assert themes.plan.brief.task_type.value == "clustering"


def test_data_pinned_by_a_manifest_or_export_hash_is_versioned() -> None:
    for pin in (
        "the frame-manifest version",
        "the training-data manifest",
        "the export hash",
    ):
        text = f"# P\n\n## Training\n\nEach run records the git commit, the seed and {pin}.\n"
        assert _parse(text).plan.training.versioning.data, pin
    bare = _parse("# P\n\n## Training\n\nEach run records the git commit and the seed.\n")
    assert not bare.plan.training.versioning.data


def test_one_named_module_shared_by_training_and_serving() -> None:
    for wording in (
        "One Python module (`shelf.features`) builds the features for backfills and the daily run.",
        "The same `shelf.prep` package is used by the training pipeline and by the service.",
    ):
        draft = _parse(f"# P\n\n## Features\n\n- price, promo\n\n{wording}\n")
        assert draft.plan.features.shared_feature_code, wording
    plain = _parse("# P\n\n## Features\n\n- price, promo\n\nA Python module builds the features.\n")
    assert not plain.plan.features.shared_feature_code


def test_rollback_by_retagging_the_previous_version() -> None:
    text = (
        "# P\n\n## Delivery\n\n- Going back: re-tagging the previous version as `live` takes effect "
        "at the next run.\n"
    )
    rollback = _parse(text).plan.deployment.rollback
    assert rollback is not None and rollback.mechanism
    none = _parse("# P\n\n## Delivery\n\n- The model is tagged `live` in the registry.\n")
    assert none.plan.deployment.rollback is None or not none.plan.deployment.rollback.mechanism


def test_sampling_caveats_and_unrepresentative_periods_are_a_bias_statement() -> None:
    for wording in (
        "**Sampling caveats.** Winter readings are sparse and one supplier dominates.",
        "Demand in the 2020 lockdown is unrepresentative and is down-weighted.",
    ):
        draft = _parse(f"# P\n\n## Data\n\nOrders from 2019 to 2024.\n\n{wording}\n")
        assert draft.plan.data.sampling_bias, wording


def test_label_delay_in_plain_words() -> None:
    text = (
        "# P\n\n## Monitoring\n\nGrading results arrive once the board is cut, usually within "
        "two hours, so recall is computed per shift.\n"
    )
    assert _parse(text).plan.deployment.monitoring.label_delay
    silent = _parse("# P\n\n## Monitoring\n\nRecall is computed per shift.\n")
    assert not silent.plan.deployment.monitoring.label_delay


def test_a_score_in_percent_is_not_the_positive_rate() -> None:
    text = (
        "# P\n\n## Data\n\nAbout 6 % of parts are defective. Two inspectors agree on defective or "
        "not: 93 % agreement; the vendor rule reaches 48 % recall at 50 % precision.\n"
    )
    assert _parse(text).plan.data.positive_class_rate == 0.06


def test_a_feature_window_around_the_rows_own_time_reaches_past_it() -> None:
    for window in (
        "pressure change over the 12 h centred on the reading timestamp",
        "visits within 14 days of the snapshot date",
        "rainfall on either side of the event",
    ):
        text = f"# P\n\n## Features\n\n- {window}\n- hour of day\n"
        assert _fires(_parse(text), "L08"), window
    past = _parse("# P\n\n## Features\n\n- visits in the past 14 days before the snapshot date\n")
    assert not _fires(past, "L08")


def test_a_share_of_clips_is_the_positive_rate() -> None:
    text = (
        "# P\n\n## Data\n\n- a window is positive if it falls in the 48 h before a failure: ~2 % of "
        "windows\n\n## Evaluation\n\n- headline: accuracy on the test windows\n"
    )
    draft = _parse(text)
    assert draft.plan.data.positive_class_rate == 0.02
    assert _fires(draft, "M01")


def test_a_share_of_the_positives_is_not_the_positive_rate() -> None:
    text = (
        "# P\n\n## Problem\n\nWe predict blight in each field.\n\n## Data\n\nWheat is 20 % of the "
        "area but 45 % of blight; about 3 % of fields show blight each season.\n"
    )
    assert _parse(text).plan.data.positive_class_rate == 0.03


def test_bag_scans_are_not_patients_and_a_stated_grouping_is_kept() -> None:
    text = (
        "# Transfer bags\n\n## Data\n\nSix months of bag scans at the hub.\n\n## Training\n\n"
        "By time: months 1-4 train, 5 validation, 6 test, with a gap so that no flight sits in two "
        "sets. Bags are grouped by flight, and the weekly cut keeps those groups together.\n"
    )
    draft = _parse(text)
    assert draft.plan.brief.group_key != "patient_id"
    assert draft.plan.training.split.strategy.respects_groups
    assert not _fires(draft, "L02")
    ct = _parse("# P\n\n## Data\n\nChest CT scans from three hospitals.\n")
    assert ct.plan.brief.group_key == "patient_id"


def test_an_answer_under_a_bold_question_heading_takes_its_topic() -> None:
    text = (
        "# Interview\n\n**Q: What model?**\n\nGradient-boosted trees.\n\n"
        "**Q: How would you roll it out?**\n\nShadow mode for two weeks, then one terminal, then "
        "all. Going back means pointing the router at the previous one.\n"
    )
    deployment = _parse(text).plan.deployment
    assert deployment.rollout.strategy.value == "shadow"
    assert deployment.rollback is not None and deployment.rollback.mechanism


def test_people_caught_on_camera_are_personal_data() -> None:
    text = (
        "# Verge survey\n\n## Data\n\nVan cameras film the verges; frames show passers-by and the "
        "number plates of parked cars, and nothing is blurred.\n\n## Evaluation\n\nPrimary: recall "
        "at 90 % precision.\n"
    )
    draft = _parse(text)
    assert draft.plan.brief.personal_data
    assert _fires(draft, "P01")
    empty_road = _parse(text.replace("passers-by and the number plates of parked cars", "grass"))
    assert not empty_road.plan.brief.personal_data


def test_claims_that_cost_money_are_not_decisions_about_people() -> None:
    text = (
        "# Potholes\n\n## Problem\n\nInsurance claims for tyre damage cost the city £200k a year. "
        "We detect potholes in road images.\n\n## Evaluation\n\nPrimary: recall at 80 % "
        "precision.\n"
    )
    assert not _fires(_parse(text), "P06")


def test_interview_speaker_labels_are_not_headings_and_the_question_sets_the_topic() -> None:
    text = (
        "# Interview: fraud scoring\n\n**Interviewer:** How do you know it works?\n\n"
        "**Candidate:** ROC-AUC on the last month, above 0.9 before launch.\n\n"
        "**Interviewer:** Rollout?\n\n**Candidate:** Shadow for two weeks, then 10 % of traffic.\n"
    )
    draft = _parse(text)
    assert draft.plan.evaluation.primary_metric.name.value == "roc_auc"
    assert draft.plan.deployment.rollout.strategy.value != "none"
    assert all(s.heading != "Candidate" for s in draft.sections)
