"""Which percentages are the share of positives, and which only sit near outcome words."""

from __future__ import annotations

import pytest

from mlplan.understand._facts import FactSheet
from mlplan.understand._volume import extract_positive_rate


def _rate(text: str) -> float | None:
    sheet = FactSheet(text)
    extract_positive_rate(sheet)
    rate = sheet.values.get("positive_class_rate")
    return None if rate is None else float(rate)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Inspectors visit a random 1 % sweep, and only about 4 % of visits find anything.", 0.04),
        ("3.1M loans observed monthly, prepayment rate ~0.9% per month.", 0.009),
        ("a clip is positive if it falls in the 72 h before an event -> ~3 % of clips", 0.03),
        ("Our bad rate is 3.9 %.", 0.039),
        # the share of rows that end in the outcome, whatever the rows are called
        ("About 6 % of home-delivery stops fail on the first attempt.", 0.06),
        ("Around 0.4 % of new listings are counterfeit.", 0.004),
        ("Roughly 2 % of sessions are followed by an injury within 7 days.", 0.02),
    ],
)
def test_the_share_of_positives_is_read(text: str, want: float) -> None:
    assert _rate(text) == pytest.approx(want)


@pytest.mark.parametrize(
    "text",
    [
        "Translators leave some segments untouched; we pay for those at 40 % of the full rate.",
        "If the hit rate falls below 20 % for two months running we pause the list.",
        "Alert when the defect rate exceeds 5 %.",
        "About 20 % of stores are in the north region.",  # places them, not an outcome
        "We relabelled a sample: 93 % pixel agreement with the vendor.",  # a score
    ],
)
def test_prices_and_thresholds_are_not_the_share_of_positives(text: str) -> None:
    assert _rate(text) is None


# -- as notes state them (blind rounds 5-23, new wording) ---------------------------------------


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("- 52k unit tests in the monorepo, ~3 % of them come out flaky each week", 0.03),
        ("* ~9,000 castings a shift; 2.5% fail the X-ray check at final inspection", 0.025),
        ("Label = a hamstring strain in the next 14 days. It's about 5% of athlete-weeks.", 0.05),
        ("* ~4 % get reclassified after the quarterly review", 0.04),
    ],
)
def test_class_rates_stated_as_notes_state_them(text: str, rate: float) -> None:
    assert _rate(text) == pytest.approx(rate)


@pytest.mark.parametrize(
    "text",
    [
        # a share of the test set, not of the outcome
        "- we hold out 20 % of the weeks as the test set",
        # the next bullet's words do not make the 70 % a class rate
        "- tags: owner, env (tag coverage ~70%)\n- incidents: the on-call log, one row each",
    ],
)
def test_shares_that_are_not_class_rates(text: str) -> None:
    assert _rate(text) is None


def test_a_window_overlap_is_not_a_class_rate() -> None:
    assert _rate("- each recording cut into 20 ms windows, 50% overlap, labelled per egg") is None
