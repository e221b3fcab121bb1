"""Plan mutators and the single-rule probe shared by the validator tests.

Mutators switch a whole *fact* off in every place it can come from (plan section and
brief), which is what "not applicable" means to the rules.
"""

from __future__ import annotations

from mlplan.domain import Finding, Modality, Plan, TaskType
from mlplan.validate import ValidationContext, validate_plan


class RuleProbe:
    """Run one rule on a plan and assert on what it says."""

    def run(
        self, plan: Plan, rule_id: str, context: ValidationContext | None = None
    ) -> list[Finding]:
        return validate_plan(plan, rules=[rule_id], context=context)

    def fires(
        self,
        plan: Plan,
        rule_id: str,
        *quotes: str,
        context: ValidationContext | None = None,
    ) -> list[Finding]:
        """Assert ``rule_id`` fires and one of its messages contains every quote."""
        findings = self.run(plan, rule_id, context)
        assert findings, f"{rule_id} did not fire"
        assert all(f.rule_id == rule_id for f in findings), findings
        messages = [f.message for f in findings]
        assert any(all(quote in m for quote in quotes) for m in messages), (
            f"no {rule_id} message mentions {quotes}: {messages}"
        )
        for finding in findings:
            assert finding.fix and finding.source and finding.path, finding
        return findings

    def silent(self, plan: Plan, rule_id: str, context: ValidationContext | None = None) -> None:
        findings = self.run(plan, rule_id, context)
        assert findings == [], [f.message for f in findings]


def without_time_order(plan: Plan) -> Plan:
    plan.data.has_time_order = False
    plan.brief.time_ordered = False
    plan.brief.modalities = [Modality.TABULAR]
    return plan


def without_groups(plan: Plan) -> Plan:
    plan.data.group_key = None
    plan.brief.group_key = None
    plan.training.split.group_key = None
    return plan


def balanced(plan: Plan) -> Plan:
    plan.data.positive_class_rate = 0.45
    plan.brief.positive_class_rate = 0.45
    plan.training.split.sizes = None
    return plan


def without_personal_data(plan: Plan) -> Plan:
    plan.data.contains_personal_data = False
    plan.data.privacy.contains_personal_data = False
    plan.data.sensitive_attributes = []
    plan.brief.personal_data = False
    plan.brief.sensitive_attributes = []
    return plan


def not_about_people(plan: Plan) -> Plan:
    plan.brief.affects_people = False
    plan.evaluation.fairness.applicable = False
    return plan


def as_task(plan: Plan, task: TaskType) -> Plan:
    plan.brief.task_type = task
    plan.model.problem_type = task
    return plan
