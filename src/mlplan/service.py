"""PlanService: the one core every door calls. Wires understand -> draft -> validate."""

from __future__ import annotations

from dataclasses import dataclass, field

from mlplan.config import Settings, get_settings
from mlplan.domain import Plan, ProjectBrief
from mlplan.draft import Drafter


@dataclass
class PlanService:
    settings: Settings
    drafter: Drafter
    max_brief_bytes: int = field(default=100_000)

    def understand(self, brief: str) -> ProjectBrief:
        """Brief text or a path to a brief file -> ProjectBrief (raises BriefError on bad input)."""
        from mlplan.understand import load_brief

        return load_brief(brief, max_bytes=self.max_brief_bytes)

    def plan(self, brief: str | ProjectBrief) -> Plan:
        """A complete plan with validator findings attached."""
        parsed = brief if isinstance(brief, ProjectBrief) else self.understand(brief)
        plan = self.drafter.draft(parsed)
        return self.validate(plan)

    def validate(self, plan: Plan) -> Plan:
        from mlplan.knowledge.catalog import catalog
        from mlplan.validate import ValidationContext, validate_plan

        docs = catalog()
        findings = validate_plan(plan, context=ValidationContext(known_doc_ids=frozenset(docs)))
        return plan.model_copy(update={"findings": findings})


def build_service(settings: Settings | None = None) -> PlanService:
    """Build the service once per process from settings (offline expert drafter by default)."""
    settings = settings or get_settings()
    from mlplan.draft.expert import ExpertDrafter

    return PlanService(
        settings=settings, drafter=ExpertDrafter(), max_brief_bytes=settings.max_brief_bytes
    )
