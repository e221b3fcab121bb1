"""Number formatting used in every rendered plan."""

from __future__ import annotations

import pytest

from mlplan.fmt import count, pct


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (812, "812"),
        (9_995, "9,995"),
        (35_812, "35.8k"),
        (999_600, "1M"),
        (12_400_000, "12.4M"),
        (999_500_000, "1B"),
        (2.5e12, "2,500B"),
    ],
)
def test_count(n: float, text: str) -> None:
    assert count(n) == text


@pytest.mark.parametrize(
    ("rate", "text"), [(0.04, "4 %"), (0.001, "0.1 %"), (0.0025, "0.25 %"), (0.333, "33.3 %")]
)
def test_pct(rate: float, text: str) -> None:
    assert pct(rate) == text
