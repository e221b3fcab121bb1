"""M11: an impact claimed from a before/after comparison, stated without a verb of comparing.

'Success = missed pickups down 20% vs last year's Apr-Jun', 'gas meter total for Oct-Mar 2025
vs Oct-Mar 2024', 'bookings were up 9% on July 2023' judge the model by comparing periods, which
seasonality and other changes confound. A forecast error against last year's is a metric, not
an impact claim. New wording throughout.
"""

from __future__ import annotations

import pytest

from ._reading import fires, parse

_NOTES = """\
# Recycling crate reminder targeting

- batch job each Sunday picks the 400 streets most likely to miss collection
- SMS reminder to the households on those streets
- {claim}
"""


@pytest.mark.parametrize(
    "claim",
    [
        "success = missed pickups down 20% vs last year's Apr-Jun",
        "we'll judge it on the crate count total for Oct-Mar 2025 vs Oct-Mar 2024",
        "in the trial month crate returns were up 9% on July 2023",
    ],
)
def test_a_period_against_a_period_is_a_before_after_claim(claim: str) -> None:
    assert fires(parse(_NOTES.format(claim=claim)), "M11")


@pytest.mark.parametrize(
    "claim",
    [
        "success = forecast MAE below last year's error",
        "success = missed pickups down 20% in the random half of streets vs the other half "
        "(A/B test, 8 weeks)",
    ],
)
def test_a_metric_or_a_randomised_comparison_is_not_m11(claim: str) -> None:
    assert not fires(parse(_NOTES.format(claim=claim)), "M11")
