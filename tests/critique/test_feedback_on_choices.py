"""O04: a model that chooses what people see, retrained on what was logged since it went live.

'Switch every member to the model-chosen banner', 'the offer we showed' or 'pick the top 2 by
expected margin' make the model decide the exposure; retraining on the latest weeks of those
logs then learns only from outcomes of its own choices. A plan that keeps an exploration share,
or that does not retrain on recent logs, has no such loop. New wording.
"""

from __future__ import annotations

import pytest

from ._reading import fires, parse

_PLAN = """\
# Checkout banner personalisation

## Goal
Raise add-on purchases at checkout by choosing, per shopper, which of 12 banners to show.

## Approach
- predict P(add-on bought | banner) per shopper and banner with LightGBM
- {choice}
- metric: log loss on a time-based holdout (last 2 weeks)

## Operations
- {retrain}
- monitor feature nulls and PSI daily; alerts to the growth on-call
{extra}
"""


@pytest.mark.parametrize(
    "choice",
    [
        "switch every shopper to the model-chosen banner from 1 May",
        "log the banner we showed and whether an add-on followed",
        "pick the top 2 by expected margin for the two banner slots",
    ],
)
def test_choosing_the_exposure_and_retraining_on_recent_logs_is_o04(choice: str) -> None:
    draft = parse(_PLAN.format(choice=choice,
                               retrain="retrain every night on the latest 60 days of checkout logs",
                               extra=""))  # fmt: skip
    assert fires(draft, "O04")


def test_an_exploration_share_is_the_mitigation() -> None:
    draft = parse(
        _PLAN.format(
            choice="switch every shopper to the model-chosen banner from 1 May",
            retrain="retrain every night on the latest 60 days of checkout logs",
            extra="- 5% of checkouts get a uniformly random banner (exploration share), logged "
            "with its propensity",
        )
    )
    assert not fires(draft, "O04")


def test_no_retraining_on_recent_logs_no_loop() -> None:
    draft = parse(
        _PLAN.format(
            choice="switch every shopper to the model-chosen banner from 1 May",
            retrain="the model is frozen for the season; a new one is built by hand in autumn",
            extra="",
        )
    )
    assert not fires(draft, "O04")
