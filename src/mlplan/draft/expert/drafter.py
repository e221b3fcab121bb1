"""The offline expert drafter: deterministic, no network, every section from decision tables."""

from __future__ import annotations

from pydantic import BaseModel

from mlplan import __version__
from mlplan.domain import Assumption, Origin, Plan, PlanMeta, ProjectBrief
from mlplan.draft.base import Retriever
from mlplan.draft.expert.context import DraftContext
from mlplan.draft.expert.data_section import draft_data
from mlplan.draft.expert.deployment_section import draft_deployment
from mlplan.draft.expert.evaluation_section import draft_evaluation
from mlplan.draft.expert.features_section import draft_features
from mlplan.draft.expert.framing_section import draft_framing, draft_overview
from mlplan.draft.expert.model_section import draft_model
from mlplan.draft.expert.questions import ask_about_unknowns
from mlplan.draft.expert.timeline_section import draft_timeline
from mlplan.draft.expert.training_section import draft_training
from mlplan.knowledge.catalog import DocInfo, catalog


def _brief_assumptions(brief: ProjectBrief) -> list[Assumption]:
    out = []
    for name, src in brief.facts.items():
        if src.origin is Origin.ASSUMED:
            out.append(
                Assumption(
                    field=f"brief.{name}",
                    value=display_value(getattr(brief, name)),
                    reason=src.reason,
                )
            )
    return out


def display_value(value: object) -> str:
    """Human form of a brief value: enums by value, booleans as yes/no, lists joined."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(display_value(v) for v in value)
    if isinstance(value, BaseModel):
        return str(getattr(value, "name", value))
    return str(getattr(value, "value", value))


class ExpertDrafter:
    """Drafts a complete plan from a brief with the decision tables in `knowledge/tables/`."""

    name = "expert"

    def __init__(
        self, docs: dict[str, DocInfo] | None = None, retriever: Retriever | None = None
    ) -> None:
        self._docs = docs
        self._retriever = retriever

    def draft(self, brief: ProjectBrief) -> Plan:
        ctx = DraftContext(
            brief=brief,
            docs=self._docs if self._docs is not None else catalog(),
            retriever=self._retriever,
        )
        ctx.assumptions.extend(_brief_assumptions(brief))
        ask_about_unknowns(ctx)
        data = draft_data(ctx)
        evaluation = draft_evaluation(ctx)
        features = draft_features(ctx)
        model = draft_model(ctx)
        training = draft_training(ctx, evaluation.primary_metric.name)
        deployment = draft_deployment(ctx, model.primary.family)
        framing = draft_framing(ctx, evaluation)
        overview = draft_overview(ctx, evaluation)
        timeline = draft_timeline(ctx)
        return Plan(
            brief=brief,
            problem_framing=framing,
            overview=overview,
            data=data,
            features=features,
            model=model,
            training=training,
            evaluation=evaluation,
            deployment=deployment,
            timeline=timeline,
            assumptions=ctx.assumptions,
            open_questions=ctx.questions,
            meta=PlanMeta(
                mlplan_version=__version__, drafter=self.name, knowledge_version=str(len(ctx.docs))
            ),
        )
