"""L01: rows that span time, said where notes say it, and a split that shuffles them.

'Jan 2021 - Aug 2024, ~63k jobs' next to a count of rows, '3 school years of swipe logs', or a
shuffled split 'of all jobs, 2020-2024' make the rows time-ordered; a shuffle of rows whose
span the plan never gives, or a span that is the project's own timeline, does not. New wording.
"""

from __future__ import annotations

import pytest

from ._reading import fires, parse

_NOTES = """\
# Boiler repair duration

- target: minutes on site per repair job (engineer app)
- {span}
- features: boiler make, fault code, engineer tenure, parts on van
- split: {split}
- metric: MAE in minutes
"""


@pytest.mark.parametrize(
    ("span", "split"),
    [
        ("from the job system (4 regions, Jan 2021 - Aug 2024, ~63k jobs)",
         "shuffle all jobs, 80/20 train/test"),
        ("3 school years of swipe logs from the depots", "shuffle all rows, 80/10/10"),
        ("job history from the engineer app", "random 80/10/10 split of all jobs, 2020-2024"),
    ],
)  # fmt: skip
def test_rows_dated_over_a_span_and_shuffled_are_l01(span: str, split: str) -> None:
    draft = parse(_NOTES.format(span=span, split=split))
    assert draft.plan.brief.time_ordered
    assert fires(draft, "L01")


@pytest.mark.parametrize(
    ("span", "split"),
    [
        ("job history from the engineer app", "shuffle all jobs, 80/20 train/test"),
        ("pilot Jan 2025 - Mar 2025 with 4 engineers", "shuffle all jobs, 80/20 train/test"),
    ],
)
def test_no_span_of_the_rows_no_time_order(span: str, split: str) -> None:
    draft = parse(_NOTES.format(span=span, split=split))
    assert not draft.plan.brief.time_ordered
