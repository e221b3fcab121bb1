"""L02: rows that repeat an entity, named the way notes name them.

'One row per pupil per term', 'one row per lift per car' and 'median 4 claims per policy' say
that one entity owns several rows, so a shuffled split puts the same entity on both sides. A
time per item ('~3 seconds per photo', '2 days per bridge') or a period after 'per' names no
entity. New wording throughout.
"""

from __future__ import annotations

import pytest

from ._reading import fires, parse

_NOTES = """\
# Pupil absence early warning

## Data
- {rows}
- 4% of rows end in persistent absence next term

## Split
- shuffle all rows, 80/20 train/test, stratified on the label
"""


@pytest.mark.parametrize(
    ("rows", "key"),
    [
        ("one row per pupil per term since 2018, ~140k rows", "pupil_id"),
        ("one record for each lift and each car, 52k records", "car_id"),
        ("~90k claim rows, median 4 claims per policy", "policy_id"),
        ("48k pupil-term rows from the MIS export", "pupil_id"),
    ],
)
def test_rows_that_repeat_an_entity_make_a_shuffled_split_l02(rows: str, key: str) -> None:
    draft = parse(_NOTES.format(rows=rows))
    assert draft.plan.brief.group_key == key
    assert fires(draft, "L02")


@pytest.mark.parametrize(
    "rows",
    [
        "~140k term reports, about 3 seconds per report to score",
        "140k rows; inspectors spend ~2 days per school on a visit",
        "one row per term since 2018, median 3 visits per week",
    ],
)
def test_a_time_per_item_or_a_period_names_no_group(rows: str) -> None:
    draft = parse(_NOTES.format(rows=rows))
    assert draft.plan.brief.group_key is None
    assert not fires(draft, "L02")


_VIDEO = """\
# Forklift near-miss detection

## Data
- 1,400 CCTV videos recorded in our warehouses, 2023-2024; we sample frames at 1 fps
- near-miss labels drawn by the safety team on the frames (~2% positive)

## Split
- {split}

## Metric
- recall at 1 false alarm per camera-hour
"""


def test_frames_of_shared_videos_split_per_frame_are_l03() -> None:
    draft = parse(_VIDEO.format(split="random 80/20 split of the labelled frames"))
    assert draft.plan.brief.group_key == "video_id"
    assert fires(draft, "L03")


@pytest.mark.parametrize(
    "split", ["whole videos go to train or test, grouped by video", "no split decided yet"]
)
def test_frames_split_by_video_or_no_split_stated_are_not_l03(split: str) -> None:
    assert not fires(parse(_VIDEO.format(split=split)), "L03")


_LISTINGS = """\
# Counterfeit listing screen

## Data
- 2.4M listings with their photos, 2023-2025, from 140k merchants
- label: removed by the trust team for counterfeit (~1%)

## Split
- by time: train 2023-2024, validate Jan-Mar 2025, test Apr-Jun 2025
"""

_SCANS = """\
# Retinal photo grading

## Data
- 90k retinal photos, median 4 photos per patient over the years
- label: referable retinopathy graded by two ophthalmologists

## Split
- by time: train 2019-2022, test 2023
"""


def test_a_merchant_on_both_sides_of_a_time_cut_is_the_production_setting() -> None:
    draft = parse(_LISTINGS)
    assert draft.plan.brief.group_key == "merchant_id"
    assert not fires(draft, "L02")


def test_the_same_patient_photographed_on_both_sides_of_a_time_cut_is_l02() -> None:
    draft = parse(_SCANS)
    assert draft.plan.brief.group_key == "patient_id"
    assert fires(draft, "L02")


@pytest.mark.parametrize(
    ("rows", "key"),
    [
        ("4,800 screenings of 310 films since 2017", "film_id"),
        ("1.2M repair jobs from 90k boilers", "boiler_id"),
    ],
)
def test_many_rows_from_fewer_things_group_the_rows(rows: str, key: str) -> None:
    draft = parse(_NOTES.format(rows=rows))
    assert draft.plan.brief.group_key == key
    assert fires(draft, "L02")


def test_rows_spread_over_periods_or_split_by_their_owner_are_not_grouped() -> None:
    assert parse(_NOTES.format(rows="4,800 screenings over 96 months")).plan.brief.group_key is None
    split_by_film = _NOTES.replace(
        "shuffle all rows, 80/20 train/test", "random 80/20 split of films"
    ).format(rows="4,800 screenings of 310 films")
    assert parse(split_by_film).plan.brief.group_key is None
