"""Problem framing, market research and overview: why this project, for whom, instead of what."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from mlplan.domain._base import Model
from mlplan.domain.citation import SectionModel
from mlplan.domain.enums import InteractionMode


class Stakeholder(Model):
    role: str
    needs: str


class Persona(Model):
    name: str
    role: str
    goals: list[str] = Field(default_factory=list)
    pain_points: list[str] = Field(default_factory=list)
    uses_output_via: str = ""


class CurrentSolution(Model):
    name: str
    limits: list[str] = Field(default_factory=list)


class Alternative(Model):
    """An option to solve the problem, ML or not; a plan must weigh the non-ML ones (T06)."""

    name: str
    kind: Literal["non_ml", "heuristic", "ml", "buy"]
    pros: str = ""
    cons: str = ""
    verdict: str = ""


class ImpactGoal(Model):
    kpi: str
    baseline: str = "unknown"
    target: str = ""
    horizon: str = ""


class DataLandscape(Model):
    volume: str = ""
    velocity: str = ""
    variety: str = ""
    veracity: str = ""
    gaps: list[str] = Field(default_factory=list)
    acquisition: list[str] = Field(default_factory=list)


class ProblemFraming(SectionModel):
    """Problem framing and market research (section 1)."""

    problem_statement: str = ""
    severity_and_impact: str = ""
    current_solutions: list[CurrentSolution] = Field(default_factory=list)
    stakeholders: list[Stakeholder] = Field(default_factory=list)
    unique_value: str = ""
    benefits: list[str] = Field(default_factory=list)
    impact_goals: list[ImpactGoal] = Field(default_factory=list)
    alternatives: list[Alternative] = Field(default_factory=list)
    personas: list[Persona] = Field(default_factory=list)
    user_journey: list[str] = Field(default_factory=list)
    interaction_mode: InteractionMode = InteractionMode.API
    functional_requirements: list[str] = Field(default_factory=list)
    non_functional_requirements: list[str] = Field(default_factory=list)
    feedback_methods: list[str] = Field(default_factory=list)
    data_landscape: DataLandscape = Field(default_factory=DataLandscape)
    regulations_and_bias: list[str] = Field(default_factory=list)
    trends: list[str] = Field(default_factory=list)
    validation_kpis: list[str] = Field(default_factory=list)
    intended_use: str = ""
    out_of_scope_use: list[str] = Field(default_factory=list)


class Overview(SectionModel):
    """One-screen summary a stakeholder reads first (section 2)."""

    title: str = ""
    business_problem: str = ""
    ml_objective: str = ""
    """The prediction target and the decision it feeds, in ML terms."""
    prediction_point: str = ""
    """When a prediction is made, and so which data may be used for it."""
    action: str = ""
    """What happens with each prediction."""
    stakeholders: list[str] = Field(default_factory=list)
    expected_impact: str = ""
    success_criteria: list[str] = Field(default_factory=list)
