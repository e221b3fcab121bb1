"""The plan: one typed model per section plus what the plan assumed and still needs to ask."""

from __future__ import annotations

from pydantic import Field

from mlplan.domain._base import Model
from mlplan.domain.brief import ProjectBrief
from mlplan.domain.citation import Citation
from mlplan.domain.data import DataRequirements
from mlplan.domain.deployment import Deployment
from mlplan.domain.enums import Section
from mlplan.domain.evaluation import Evaluation
from mlplan.domain.findings import Finding
from mlplan.domain.framing import Overview, ProblemFraming
from mlplan.domain.modelling import FeatureEngineering, ModelSelection, TrainingPipeline
from mlplan.domain.timeline import Timeline


class Assumption(Model):
    """A value the plan relies on that the brief did not state."""

    field: str
    value: str
    reason: str


class OpenQuestion(Model):
    question: str
    section: Section
    why_it_matters: str


class PlanMeta(Model):
    mlplan_version: str = ""
    drafter: str = ""
    """expert, llm:<model> or parsed."""
    knowledge_version: str = ""


class Plan(Model):
    """A complete ML project plan. Field names are the public contract."""

    brief: ProjectBrief
    problem_framing: ProblemFraming = Field(default_factory=ProblemFraming)
    overview: Overview = Field(default_factory=Overview)
    data: DataRequirements = Field(default_factory=DataRequirements)
    features: FeatureEngineering = Field(default_factory=FeatureEngineering)
    model: ModelSelection = Field(default_factory=ModelSelection)
    training: TrainingPipeline = Field(default_factory=TrainingPipeline)
    evaluation: Evaluation = Field(default_factory=Evaluation)
    deployment: Deployment = Field(default_factory=Deployment)
    timeline: Timeline = Field(default_factory=Timeline)
    assumptions: list[Assumption] = Field(default_factory=list)
    open_questions: list[OpenQuestion] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    meta: PlanMeta = Field(default_factory=PlanMeta)

    def all_citations(self) -> list[tuple[str, Citation]]:
        """Every citation with the section it belongs to, in plan order."""
        out: list[tuple[str, Citation]] = []
        for name in SECTION_FIELDS:
            section = getattr(self, name)
            out.extend((name, c) for c in section.citations)
        return out


SECTION_FIELDS: tuple[str, ...] = (
    "problem_framing",
    "overview",
    "data",
    "features",
    "model",
    "training",
    "evaluation",
    "deployment",
    "timeline",
)
"""Plan attributes that are sections, in the order they are rendered."""
