"""Findings: what a validator says about a plan, with the fix and where it points."""

from __future__ import annotations

from mlplan.domain._base import Model
from mlplan.domain.enums import Section, Severity


class Evidence(Model):
    """Where in a reviewed document a finding points (absent facts have no line)."""

    line: int | None = None
    quote: str = ""


class Finding(Model):
    rule_id: str
    """Stable id from the rule catalog (e.g. L01, M01)."""
    severity: Severity
    section: Section
    message: str
    """What is wrong in this plan, in this plan's terms."""
    fix: str
    """What to change so the rule passes."""
    source: str = ""
    """Where the rule comes from (paper, guide)."""
    path: str = ""
    """Dotted path of the plan field the finding is about."""
    evidence: Evidence | None = None
