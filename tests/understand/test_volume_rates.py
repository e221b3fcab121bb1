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
