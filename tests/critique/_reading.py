"""Helpers the critique reading tests share: parse a plan text, ask whether one rule fires."""

from __future__ import annotations

from mlplan.critique import parse_plan
from mlplan.domain import PlanDraft
from mlplan.validate import validate_plan


def parse(text: str, kind: str = "markdown") -> PlanDraft:
    return parse_plan(text, source="plan", kind=kind)


def fires(draft: PlanDraft, rule_id: str) -> bool:
    return any(f.rule_id == rule_id for f in validate_plan(draft.plan, rules=[rule_id]))
