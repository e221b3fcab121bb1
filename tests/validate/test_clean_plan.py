"""The reference plan is clean: the baseline every other validator test breaks one thing of."""

from __future__ import annotations

from mlplan.domain import Plan
from mlplan.validate import ValidationContext, validate_plan


def test_good_plan_has_no_findings(plan: Plan) -> None:
    assert validate_plan(plan) == []


def test_good_plan_is_clean_against_its_own_knowledge_ids(plan: Plan) -> None:
    cited = plan.all_citations()
    context = ValidationContext.from_ids(
        doc_ids=(c.doc_id for _, c in cited),
        chunk_ids=(c.chunk_id for _, c in cited if c.chunk_id),
    )
    assert validate_plan(plan, context=context) == []


def test_good_plan_makes_the_conditional_rules_applicable(plan: Plan) -> None:
    # The clean plan is only a strong baseline if the "not applicable" branches are not
    # what keeps it clean.
    brief = plan.brief
    assert brief.time_ordered and brief.group_key and brief.personal_data
    assert brief.affects_people and (brief.positive_class_rate or 1) < 0.10
    assert brief.latency_p99_ms is not None and brief.latency_p99_ms < 100
