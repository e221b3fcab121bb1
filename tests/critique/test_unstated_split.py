"""L01 / L02 with no split stated: asked, not asserted.

A plan that never says how it splits its rows cannot be said to split time-ordered or grouped
rows wrongly; the review asks the author (an open question naming the rule) and leaves the
missing split to L12 / S01. A split the plan does state is still judged.
"""

from __future__ import annotations

from mlplan.critique import review_draft
from mlplan.domain import Review
from mlplan.validate import validate_plan

from ._reading import parse

_NOTES = """\
# Boiler callout forecast

## Data
- daily callouts per depot, Jan 2019 - Dec 2024, 11 depots
- weather and holiday calendar

## Model
- LightGBM per depot-day

## Training
- 500 trees, learning rate 0.05, retrained monthly{split}

## Evaluation
- WAPE per depot
"""


def _review(split: str) -> Review:
    draft = parse(_NOTES.format(split=split))
    return review_draft(draft, validate_plan(draft.plan))


def test_no_split_stated_asks_instead_of_reporting_l01() -> None:
    review = _review("")
    assert not any(f.rule_id in {"L01", "L02"} for f in review.findings)
    assert any(q.question.startswith("L01:") for q in review.questions)


def test_a_stated_shuffled_split_is_still_reported() -> None:
    review = _review("\n- shuffle all depot-days, 80/20 train/test")
    assert any(f.rule_id == "L01" for f in review.findings)
