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
