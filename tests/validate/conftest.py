"""Fixtures for the validator tests: one clean plan, and a probe that runs a single rule.

Every test starts from ``good_plan()`` (every rule silent), breaks one thing, and checks
that the rule under test fires with a message quoting the plan's own values; near-misses
check that it stays silent.
"""

from __future__ import annotations

import pytest

from mlplan.domain import Plan
from mlplan.validate._examples import good_plan

from ._plans import RuleProbe


@pytest.fixture
def plan() -> Plan:
    """A fresh, complete plan that every rule accepts; tests mutate it freely."""
    return good_plan()


@pytest.fixture
def probe() -> RuleProbe:
    return RuleProbe()
