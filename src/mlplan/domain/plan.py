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


class LlmCall(Model):
    """One request to the LLM: what it cost and how it ended."""

    section: str
    """Plan section (or `brief` for LLM brief understanding)."""
    attempt: int = Field(ge=1)
    round: int = Field(ge=1)
    """Sequential round on the plan's critical path in which the call was made."""
    input_tokens: int = 0
    output_tokens: int = 0
    cached: bool = False
    finish_reason: str = ""
    outcome: str
    """accepted | invalid_json | findings | length | refused | error | over_budget."""
    detail: str = ""
    latency_ms: float = 0.0


class LlmRun(Model):
    """How an LLM-drafted plan was made: provider, prompts, every call, usage, cost, fallbacks."""

    provider: str
    model: str
    base_url: str = ""
    prompt_version: str
    prompt_hash: str
    """sha256 of every file in the prompt version's folder."""
    temperature: float
    calls: list[LlmCall] = Field(default_factory=list)
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float | None = None
    """None when the model has no price in settings (llm_prices)."""
    cache_hits: int = 0
    rounds: int = 0
    """Sequential LLM rounds on the critical path, repairs included."""
    fallbacks: dict[str, str] = Field(default_factory=dict)
    """Section -> why it came from the expert drafter instead."""
    redactions: dict[str, int] = Field(default_factory=dict)
    """Kind (email, phone, id) -> how many were masked before the brief left the machine."""
    brief_fields_from_llm: list[str] = Field(default_factory=list)
    """Brief fields the LLM read (provenance `inferred`); stated facts are never replaced."""

    def tokens_by_section(self) -> dict[str, tuple[int, int]]:
        """Input and output tokens spent per section, over all attempts."""
        out: dict[str, tuple[int, int]] = {}
        for c in self.calls:
            i, o = out.get(c.section, (0, 0))
            out[c.section] = (i + c.input_tokens, o + c.output_tokens)
        return out


class PlanMeta(Model):
    mlplan_version: str = ""
    drafter: str = ""
    """expert, llm:<model> or parsed."""
    knowledge_version: str = ""
    llm: LlmRun | None = None
    """Present when the LLM drafted (some of) the plan."""


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
