"""Run the registered rules over a plan and order what they find.

A rule that raises is a bug in mlplan, not in the plan: the run goes on and the crash is
reported as an ``X00`` error finding naming the rule, so one bad rule never hides the rest.
"""

from __future__ import annotations

from collections.abc import Iterable

from mlplan.domain import Finding, Plan, Section, Severity
from mlplan.validate import (  # noqa: F401  (importing a family module registers its rules)
    consistency,
    deployment,
    evaluation_leakage,
    leakage,
    measured,
    metric_ranges,
    metric_reporting,
    metrics,
    monitoring,
    privacy,
    structure,
    training_ops,
)
from mlplan.validate._registry import RULES, Rule, ValidationContext

CRASH_RULE_ID = "X00"
"""Rule id of the finding that reports a validator crash (never a catalog rule)."""

_SECTION_ORDER = {section: i for i, section in enumerate(Section)}


_FAMILY_ORDER = "LMPTDOS"
"""Catalog order of rule families: leakage, metrics, privacy, training, deploy, ops, structure."""


def _catalog_key(rule_id: str) -> tuple[int, str]:
    family = _FAMILY_ORDER.find(rule_id[:1])
    return (family if family >= 0 else len(_FAMILY_ORDER), rule_id)


def get_registry() -> dict[str, Rule]:
    """Every rule by id, in catalog order; a copy, so callers cannot unregister rules."""
    return {rule_id: RULES[rule_id] for rule_id in sorted(RULES, key=_catalog_key)}


def select_rules(ids: Iterable[str] | None = None) -> list[Rule]:
    """The rules to run: all of them, or the given ids (case-insensitive, order kept)."""
    if ids is None:
        return list(get_registry().values())
    wanted = [i.strip().upper() for i in ids if i.strip()]
    unknown = [i for i in wanted if i not in RULES]
    if unknown:
        raise ValueError(f"unknown rule id(s): {', '.join(unknown)}; see `mlplan rules`")
    return [RULES[i] for i in dict.fromkeys(wanted)]


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Errors first, then plan section order, then rule id, then path (stable for equal keys)."""
    return sorted(
        findings,
        key=lambda f: (-f.severity.rank, _SECTION_ORDER[f.section], f.rule_id, f.path),
    )


def _crashed(rule: Rule, error: Exception) -> Finding:
    return Finding(
        rule_id=CRASH_RULE_ID,
        severity=Severity.ERROR,
        section=rule.section,
        message=f"Validator {rule.id} ({rule.title}) crashed: {type(error).__name__}: {error}",
        fix=f"This is a bug in mlplan, not in the plan: report it with the plan attached. "
        f"Rule {rule.id} was skipped; all other rules ran.",
        source="mlplan",
        path="",
    )


def validate_plan(
    plan: Plan,
    *,
    context: ValidationContext | None = None,
    rules: Iterable[str] | None = None,
) -> list[Finding]:
    """Apply the rules to ``plan`` and return its findings, most severe first.

    ``rules`` limits the run to those ids (unknown ids raise ``ValueError``); ``context``
    carries what the rules may know beyond the plan (knowledge-base ids for S04).
    """
    ctx = context or ValidationContext()
    findings: list[Finding] = []
    for rule in select_rules(rules):
        try:
            findings.extend(rule.check(plan, ctx))
        except Exception as error:  # a rule bug must not lose the other rules' findings
            findings.append(_crashed(rule, error))
    return sort_findings(findings)
