"""Timeline, milestones and risks (section 9)."""

from __future__ import annotations

from pydantic import Field

from mlplan.domain._base import Model
from mlplan.domain.citation import SectionModel
from mlplan.domain.enums import Level


class Phase(Model):
    name: str
    start_week: float = Field(ge=0)
    weeks: float = Field(gt=0)
    deliverables: list[str] = Field(default_factory=list)
    depends_on: list[str] = Field(default_factory=list)


class Milestone(Model):
    name: str
    week: float
    exit_criteria: str = ""


class Risk(Model):
    risk: str
    likelihood: Level = Level.MEDIUM
    impact: Level = Level.MEDIUM
    mitigation: str = ""


class Timeline(SectionModel):
    phases: list[Phase] = Field(default_factory=list)
    milestones: list[Milestone] = Field(default_factory=list)
    total_weeks: float | None = None
    team: str = ""
    deadline_fit: str = ""
    risks: list[Risk] = Field(default_factory=list)
