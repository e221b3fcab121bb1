"""D01: 'real-time' that does not decide the serving mode.

A template line offering 'batch / real-time', or a system that calls the model asynchronously
(nobody waits on the answer), sets no latency-bound service, so a missing latency target is not
D01. A synchronous call from the booking screen still is. What happens 'if the service is
unreachable' is a fallback (D08). New wording throughout.
"""

from __future__ import annotations

import pytest

from mlplan.domain import ServingMode

from ._reading import fires, parse

_PLAN = """\
# Missed-appointment risk

## Model
- gradient boosting on booking history

## Deployment
- {serving}
"""


@pytest.mark.parametrize(
    "serving",
    [
        "Serving frequency: batch / real-time (to be decided with IT)",
        "when a booking is made, the scheduling system calls the service asynchronously and files "
        "the score with the booking",
    ],
)
def test_an_undecided_or_asynchronous_call_is_not_realtime(serving: str) -> None:
    draft = parse(_PLAN.format(serving=serving))
    assert draft.plan.deployment.serving_mode is not ServingMode.REALTIME
    assert not fires(draft, "D01")


def test_a_synchronous_call_without_a_latency_target_is_d01() -> None:
    serving = "the booking screen calls the model synchronously and shows the risk to the clerk"
    draft = parse(_PLAN.format(serving=serving))
    assert draft.plan.deployment.serving_mode is ServingMode.REALTIME
    assert fires(draft, "D01")


@pytest.mark.parametrize(
    "fallback",
    [
        "if the service is unreachable, the app queues the photos and the paper checklist is used",
        "if the scoring API cannot be reached the clerk books as today",
    ],
)
def test_what_happens_when_the_service_cannot_be_reached_is_a_fallback(fallback: str) -> None:
    serving = "the booking screen calls the service synchronously, p99 under 300 ms; " + fallback
    draft = parse(_PLAN.format(serving=serving))
    assert not fires(draft, "D08")
