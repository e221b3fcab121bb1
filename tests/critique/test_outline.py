"""Finding the plan's sections however the author names and marks them up."""

from __future__ import annotations

import pytest

from mlplan.critique import parse_plan
from mlplan.domain import PlanDraft, Section, SectionSpan

from ._plans import NOTES_TXT, PROSE, TERSE, line_of

S = Section


def _spans(text: str, kind: str = "markdown") -> dict[Section, list[tuple[str, int]]]:
    draft = parse_plan(text, source="t", kind=kind)
    out: dict[Section, list[tuple[str, int]]] = {}
    for span in draft.sections:
        out.setdefault(span.section, []).append((span.heading, span.start_line))
    return out


# A plan states its problem and its overview in one place; either covers the other.
_TWINS = {S.PROBLEM_FRAMING, S.OVERVIEW}


@pytest.mark.parametrize(
    ("heading", "sections"),
    [
        ("Success criteria", _TWINS),
        ("Go-live", {S.DEPLOYMENT}),
        ("Data we have", {S.DATA}),
        ("Serving", {S.DEPLOYMENT}),
        ("Problem", _TWINS),
        ("Background", _TWINS),
        ("Metrics", {S.EVALUATION}),
        ("Rollout", {S.DEPLOYMENT}),
        ("Risks", {S.TIMELINE}),
        ("Milestones", {S.TIMELINE}),
        ("3.2 Model", {S.MODEL}),
        ("Keeping it healthy", {S.MONITORING}),
        ("How we'll know it works", {S.EVALUATION}),
        ("Data & features", {S.DATA, S.FEATURES}),
        ("Deployment and monitoring", {S.DEPLOYMENT, S.MONITORING}),
        ("Training data", {S.DATA}),
        ("Model monitoring", {S.MONITORING}),
        ("Checking it", {S.MONITORING}),
        ("Watching the forecasts", {S.MONITORING}),
    ],
)
def test_heading_synonyms_map_to_sections(heading: str, sections: set[Section]) -> None:
    text = f"# A plan\n\n## {heading}\n\nSome text about it.\n\n## Open questions\n\nNone.\n"
    found = {s for s, spans in _spans(text).items() if (heading, 3) in spans}
    assert found == sections


@pytest.mark.parametrize(
    "markup",
    [
        "## Go-live",
        "Go-live\n-------",
        "Go-live\n=======",
        "**Go-live**",
        "7. Go-live",
        "GO-LIVE",
        "Go-live:",
    ],
)
def test_every_heading_style_is_recognised(markup: str) -> None:
    text = f"Plan for churn\n\n{markup}\n\nNightly batch job, canary on one region first.\n"
    spans = _spans(text)
    assert S.DEPLOYMENT in spans
    assert spans[S.DEPLOYMENT][0][1] == 3


def test_document_title_and_metadata_are_not_sections() -> None:
    text = "# Churn model plan\n\nOwner: data platform team\n\n## Serving\n\nNightly batch.\n"
    spans = _spans(text)
    assert S.MODEL not in spans and S.DATA not in spans
    assert spans[S.DEPLOYMENT] == [("Serving", 5)]


def test_plain_text_headings_in_notes() -> None:
    spans = _spans(NOTES_TXT, kind="text")
    assert spans[S.OVERVIEW][0] == ("what", line_of(NOTES_TXT, "what"))
    assert spans[S.DATA][0] == ("data", 6)
    assert spans[S.MODEL][0][0] == "approach"
    assert spans[S.EVALUATION][0][0] == "metric"
    assert spans[S.DEPLOYMENT][0][0] == "deploy"
    assert spans[S.MONITORING][0][0] == "monitoring"


def test_terse_plan_with_colon_and_bare_headings() -> None:
    spans = _spans(TERSE)
    assert spans[S.PROBLEM_FRAMING][0] == ("Problem:", line_of(TERSE, "Problem:"))
    assert spans[S.OVERVIEW][0] == ("Success criteria", line_of(TERSE, "Success criteria"))
    assert [h for h, _ in spans[S.DEPLOYMENT]] == ["Serving", "Go-live"]
    assert spans[S.TIMELINE][0][0] == "Risks"


def test_prose_without_headings_is_assigned_by_paragraph() -> None:
    draft: PlanDraft = parse_plan(PROSE, source="prose.txt", kind="text")
    by_section: dict[Section, SectionSpan] = {}
    for span in draft.sections:
        by_section.setdefault(span.section, span)
    assert all(span.heading == "" for span in draft.sections)
    assert by_section[S.PROBLEM_FRAMING].start_line == 1
    assert by_section[S.DATA].start_line == line_of(PROSE, "The data is three years")
    assert by_section[S.EVALUATION].start_line == line_of(PROSE, "gradient boosted")
    assert by_section[S.DEPLOYMENT].start_line == line_of(PROSE, "weekly batch job")
    assert by_section[S.MONITORING].start_line == line_of(PROSE, "weekly batch job")


def test_table_rows_are_assigned_by_their_label() -> None:
    text = (
        "# Ticket routing RFC\n\n## Decisions\n\n| Topic | Decision |\n|---|---|\n"
        "| Split | By creation date: train 2021-2023, validation 2024 H1, test 2024 H2 |\n"
        "| Rollback | Re-point the registry alias to the previous version |\n"
    )
    spans = _spans(text)
    assert spans[S.TRAINING][0][1] == 7
    assert spans[S.DEPLOYMENT][0][1] == 8


def test_ignored_headings_feed_no_section() -> None:
    text = "# Plan\n\n## Data\n\n2M rows.\n\n## Open questions\n\nShould we use a canary rollout?\n"
    draft = parse_plan(text, source="t", kind="markdown")
    assert S.DEPLOYMENT not in {s.section for s in draft.sections}
    assert "deployment.rollout.strategy" not in draft.evidence


def test_plain_headings_with_a_short_aside_and_eval() -> None:
    """Working notes head their parts 'features / prep' and 'eval'; a prose line with a slash
    is still prose."""
    notes = (
        "hive notes\n\nfeatures / prep\n- spectrogram per clip\n\nsplit / tuning\n"
        "- by hive\n\neval\n- recall at 80 % precision\n\n"
        "we looked at data / it seemed fine to use\n- ok\n"
    )
    spans = _spans(notes, kind="text")
    assert spans[S.FEATURES][0][0] == "features / prep"
    assert spans[S.TRAINING][0][0] == "split / tuning"
    assert spans[S.EVALUATION][0][0] == "eval"
    assert all(
        h != "we looked at data / it seemed fine to use" for hs in spans.values() for h, _ in hs
    )
