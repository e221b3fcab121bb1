"""Deterministic validators: the rule catalog as pure functions of a plan, and their runner.

An LLM may propose a plan; these rules decide whether it passes. Each rule has a stable id
(L01, M01, ... see ``docs/rules.md``), and returns findings that quote the plan's own values
together with a fix.
"""

from mlplan.validate._registry import RULES, Hit, Rule, ValidationContext
from mlplan.validate.catalog import catalog_markdown
from mlplan.validate.runner import (
    CRASH_RULE_ID,
    get_registry,
    select_rules,
    sort_findings,
    validate_plan,
)

__all__ = [
    "CRASH_RULE_ID",
    "RULES",
    "Hit",
    "Rule",
    "ValidationContext",
    "catalog_markdown",
    "get_registry",
    "select_rules",
    "sort_findings",
    "validate_plan",
]
