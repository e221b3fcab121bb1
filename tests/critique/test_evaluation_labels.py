"""P09: the test rows judged by another process than the training labels, said in passing.

'For the test set we use the hygienists' chart audits', 'we evaluate it against the depot
managers' quarterly inspections': the evaluation labels come from a different process, and a
plan that says nothing about how the two differ gets P09. A note on how they agree does not;
a timeline line ('evaluation with the lab team') names no labels. New wording throughout.
"""

from __future__ import annotations

import pytest

from ._reading import fires, parse

_PLAN = """\
# Dental recall no-show

## Data
- appointments 2021-2024 from the practice system; label = did not attend, as the front desk
  recorded it
- {evaluation}

## Model
- gradient boosting on booking lead time, past attendance, reminder channel

## Timeline
- December: evaluation with the lab management team
"""


@pytest.mark.parametrize(
    "evaluation",
    [
        "for the test set we use the senior hygienists' re-grading of 2,000 appointments",
        "we evaluate it against the practice managers' quarterly inspections",
    ],
)
def test_test_rows_judged_by_another_process_are_p09(evaluation: str) -> None:
    assert fires(parse(_PLAN.format(evaluation=evaluation)), "P09")


@pytest.mark.parametrize(
    "evaluation",
    [
        "for the test set we use the hygienists' chart audits; they agree with the front desk "
        "on 96 % of a double-coded sample",
        "test rows are the last six months of the same records",
    ],
)
def test_a_note_on_agreement_or_the_same_records_is_not_p09(evaluation: str) -> None:
    assert not fires(parse(_PLAN.format(evaluation=evaluation)), "P09")
