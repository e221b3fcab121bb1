"""What the review asks instead of asserting: absences the plan talks around, planning sections.

The reader turns a sentence into a field only when it knows the wording. When a plan raises a
rule's topic in words the reader cannot use, the "absent" finding becomes an open question that
points at the sentence; when the plan never raises the topic, or raises it only to deny or defer
it, the finding stays. A missing timeline, framing or overview is asked for too; a missing
technical section stays one S01 error.
"""

from __future__ import annotations

from mlplan.critique import NOT_FOR_PARSED_PLANS, parse_plan, review_draft
from mlplan.critique._mentions import MENTIONS
from mlplan.domain import Review
from mlplan.validate import RULES, get_registry, validate_plan

_RULES = [r for r in get_registry() if r not in NOT_FOR_PARSED_PLANS]

_PLAN = """\
# Parcel locker fill-level forecast

## Problem
Predict how full each parcel locker bank will be tomorrow so couriers can reroute parcels.
Success means fewer than 2 % of parcels bounced from a full bank.

## Data
Daily counts per locker bank from the locker controllers, 2021-2024, 1,900 banks.

## Model
LightGBM on lagged fill levels, day of week and holidays.

## Evaluation
Train on 2021-2023, validate on the first half of 2024, test on the second half. Primary
metric: MAE in parcels per bank.

## Deployment
A nightly batch job writes tomorrow's forecast to the routing tool.
{going_live}

## Monitoring
Weekly MAE per bank against the counts of the following day; drift check on the inputs.
Retrain monthly.
"""

_TALKED_AROUND = (
    "If the new forecast misbehaves, somebody on the routing team will undo the change by hand."
)


def _review(going_live: str) -> Review:
    draft = parse_plan(_PLAN.format(going_live=going_live), source="plan.md", kind="markdown")
    return review_draft(draft, validate_plan(draft.plan, rules=_RULES), cap_per_section=1000)


def _d04(review: Review) -> list[str]:
    return [f.message for f in review.findings if f.rule_id == "D04"]


def test_a_topic_the_plan_never_raises_stays_a_finding() -> None:
    review = _review("")
    assert _d04(review)
    assert not any(q.question.startswith("D04") for q in review.plan.open_questions)


def test_a_topic_raised_in_unread_words_is_asked_with_its_line() -> None:
    review = _review(_TALKED_AROUND)
    assert not _d04(review)
    asked = [q for q in review.plan.open_questions if q.question.startswith("D04")]
    assert len(asked) == 1
    line = _PLAN.format(going_live=_TALKED_AROUND).splitlines().index(_TALKED_AROUND) + 1
    assert f"line {line}" in asked[0].why_it_matters
    assert "undo the change" in asked[0].why_it_matters
    assert "asked as open questions" in review.summary


def test_a_denied_or_deferred_topic_is_not_a_mention() -> None:
    for going_live in (
        "There is no rollback: the old scorer is switched off on launch day.",
        "Maybe a rollback switch later?",
    ):
        assert _d04(_review(going_live)), going_live


def test_an_asked_absence_still_costs_the_section() -> None:
    silent, talked = _review(""), _review(_TALKED_AROUND)
    score = {c.section.value: c.score for c in talked.coverage}
    assert score["deployment"] < 100  # asked items cost what an info finding costs
    assert talked.score >= silent.score


def test_a_heading_alone_is_not_a_mention() -> None:
    text = _PLAN.format(going_live="") + "\n## Rollback\n\nTBD\n"
    draft = parse_plan(text, source="plan.md", kind="markdown")
    assert "D04" not in draft.mentions


def test_every_mentioned_rule_is_a_catalogue_content_rule() -> None:
    assert set(MENTIONS) <= set(RULES)
    assert not any(rule.startswith("S") for rule in MENTIONS)  # structure decides on its own
    assert "O04" not in MENTIONS  # a feedback loop's mitigation is not shown by topic words


def test_topic_words_in_other_senses_are_not_mentions() -> None:
    """Churn plans say 'retention'; a 'pilot' project is not a staged rollout; 'conversion' is
    not a model version."""
    text = (
        "# Retention model\n\nWe predict churn to help the retention team. The Q3 pilot project "
        "measures conversion of offers.\n"
    )
    mentions = parse_plan(text, source="plan.md", kind="markdown").mentions
    assert not {"P02", "D05", "D07"} & set(mentions)


def test_a_missing_timeline_is_asked_but_a_missing_deployment_stays_an_error() -> None:
    """Planning sections (framing, overview, timeline) are asked for; technical ones are S01."""
    no_timeline = _review(_TALKED_AROUND)
    assert not any(f.rule_id == "S01" and "timeline" in f.message for f in no_timeline.findings)
    assert any(
        q.question.startswith("S01") and "timeline" in q.question
        for q in no_timeline.plan.open_questions
    )
    text = _PLAN.format(going_live="").split("## Deployment")[0]
    draft = parse_plan(text, source="plan.md", kind="markdown")
    review = review_draft(draft, validate_plan(draft.plan, rules=_RULES), cap_per_section=1000)
    assert any(f.rule_id == "S01" and "deployment" in f.message for f in review.findings)


_ONE_REMARK = """\
# Timesheet anomaly flags

- goal: a nightly batch job scores every timesheet and sends the top 50 to the checkers

## Data
Timesheets 2021-2024 from the HR system, 2.1M rows, one per employee per week.

## Model
Isolation forest on hours, overtime share and changes against the employee's own history.

## Evaluation
Precision at 50 against checker verdicts on a later quarter.
"""


def test_one_deployment_remark_in_a_structured_plan_is_one_missing_section() -> None:
    draft = parse_plan(_ONE_REMARK, source="plan.md", kind="markdown")
    assert "deployment.platform" in draft.evidence  # the remark is read ...
    review = review_draft(draft, validate_plan(draft.plan, rules=_RULES), cap_per_section=1000)
    rules = [f.rule_id for f in review.findings]
    assert any(f.rule_id == "S01" and "deployment" in f.message for f in review.findings)
    assert not {"D04", "D05", "D07", "D08"} & set(rules)  # ... but is not a section to audit


def test_a_deployment_section_with_its_own_heading_is_audited() -> None:
    text = _ONE_REMARK + "\n## Going live\nA nightly batch job on the HR cluster.\n"
    draft = parse_plan(text, source="plan.md", kind="markdown")
    review = review_draft(draft, validate_plan(draft.plan, rules=_RULES), cap_per_section=1000)
    assert "D04" in {f.rule_id for f in review.findings}


def test_asked_items_are_listed_in_the_review_and_its_markdown() -> None:
    from mlplan.render.review import render_review_markdown

    review = _review(_TALKED_AROUND)
    assert [q.question[:3] for q in review.questions] == [
        q.question[:3] for q in review.plan.open_questions if q in review.questions
    ]
    asked = {q.question[:3] for q in review.questions}
    assert "D04" in asked
    text = render_review_markdown(review)
    assert "## Asked, not reported" in text
    row = next(line for line in text.splitlines() if line.startswith("| D04 |"))
    assert "line" in row and "undo the change" in row
    assert "D04" in review.model_dump_json()


_NO_FEATURES = """\
# Belt damage camera

## Data
14 months of line-scan frames from both belts; 400k frames labelled damaged / ok.

## Model
ResNet-50 fine-tuned on the frames.

## Evaluation
Recall at 95% precision on the last two months.

## Deployment
Edge box beside each camera; the previous model stays on the box and a revert is a pin change.
"""


def test_a_missing_feature_list_is_asked_not_reported() -> None:
    """A network that learns from frames has no hand-made features: the section is asked for,
    and it does not count as a missing section in the verdict."""
    draft = parse_plan(_NO_FEATURES, source="plan.md", kind="markdown")
    review = review_draft(draft, validate_plan(draft.plan, rules=["S01"]), cap_per_section=1000)
    assert not any(f.rule_id == "S01" and "features" in f.message for f in review.findings)
    assert any(
        q.question.startswith("S01") and "features" in q.question
        for q in review.plan.open_questions
    )
    without_deployment = _NO_FEATURES.split("## Deployment")[0]
    draft = parse_plan(without_deployment, source="plan.md", kind="markdown")
    review = review_draft(draft, validate_plan(draft.plan, rules=["S01"]), cap_per_section=1000)
    assert any(f.rule_id == "S01" and "deployment" in f.message for f in review.findings)
