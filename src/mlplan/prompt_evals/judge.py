"""`llm_rubric` assertions: a judge model's verdict, or `error` when it cannot give one."""

from __future__ import annotations

from mlplan.domain import Plan
from mlplan.errors import MlplanError
from mlplan.prompt_evals.assertions import Outcome
from mlplan.prompt_evals.cases import LlmRubric
from mlplan.service import PlanService


async def judge(service: PlanService, assertion: LlmRubric, plan: Plan) -> Outcome:
    if assertion.section:
        section = getattr(plan, assertion.section, None)
        if section is None:
            return Outcome(assertion.kind, "error", f"no plan section {assertion.section!r}")
        text = section.model_dump_json(indent=1)
    else:
        from mlplan.render import render_markdown

        text = render_markdown(plan)
    try:
        passed, reason = await service.ajudge(assertion.rubric, text)
    except MlplanError as exc:
        return Outcome(assertion.kind, "error", f"judge: {exc.message}")
    return Outcome(assertion.kind, "pass" if passed else "fail", "" if passed else reason)
