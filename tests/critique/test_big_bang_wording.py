"""D05: a batch job switched on for everything at once, in the words notes use.

'Switch all 22 depots from the paper rota to the model list', 'turn it on for the whole
claims queue from Monday', 'from go-live the forecast replaces the spreadsheet' move every unit
at once; a pilot before the switch, or a switch back, does not. New wording throughout.
"""

from __future__ import annotations

import pytest

from mlplan.domain import RolloutStrategy

from ._reading import parse

_NOTES = """\
# Gritter route priority

## Model
- LightGBM on road-weather forecasts, nightly batch at 16:00

## Go-live
- {rollout}
"""


@pytest.mark.parametrize(
    "rollout",
    [
        "switch all 22 depots from the paper rota to the model list on 1 November",
        "we turn it on for the whole claims queue from the next Monday",
        "from go-live the model list replaces the duty officer's spreadsheet",
    ],
)
def test_everything_switched_at_once_is_big_bang(rollout: str) -> None:
    draft = parse(_NOTES.format(rollout=rollout))
    assert draft.plan.deployment.rollout.strategy is RolloutStrategy.BIG_BANG


@pytest.mark.parametrize(
    "rollout",
    [
        "pilot in 2 depots for a month, then switch all 22 depots to the model list",
        "if the list looks wrong we switch all depots back to the paper rota",
    ],
)
def test_a_pilot_first_or_a_switch_back_is_not_big_bang(rollout: str) -> None:
    draft = parse(_NOTES.format(rollout=rollout))
    assert draft.plan.deployment.rollout.strategy is not RolloutStrategy.BIG_BANG
