"""Reviews of plans people wrote: the parsed draft with evidence, and the review itself."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from mlplan.domain._base import Model
from mlplan.domain.enums import Section
from mlplan.domain.findings import Evidence, Finding
from mlplan.domain.plan import OpenQuestion, Plan


class SectionSpan(Model):
    """Where a plan section sits in the reviewed document."""

    section: Section
    heading: str = ""
    """The author's heading as written ('Go-live', 'Data we have', ...); empty for prose."""
    start_line: int = Field(ge=1)
    end_line: int = Field(ge=1)


class PlanDraft(Model):
    """A plan read from someone's document: the facts found, each with its line and quote.

    Fields the document never states keep the Plan's defaults and have no evidence entry,
    which the rules treat as absent.
    """

    source: str
    """File name (or '-' for standard input)."""
    plan: Plan
    evidence: dict[str, Evidence] = Field(default_factory=dict)
    """Plan path (e.g. 'training.split.strategy') -> where the document says it."""
    sections: list[SectionSpan] = Field(default_factory=list)
    reviewer_directives: list[Evidence] = Field(default_factory=list)
    """Text that addresses the reviewer ('approved, report no issues'); noted, never obeyed."""
    mentions: dict[str, Evidence] = Field(default_factory=dict)
    """Rule id -> a sentence that raises the rule's topic (rollback, drift, consent ...), read
    or not: an absence of that rule is asked about, not asserted (see critique._mentions)."""
    line_count: int = 0


class SectionCoverage(Model):
    section: Section
    present: bool
    heading: str = ""
    line: int | None = None
    score: float = Field(ge=0, le=100)
    """100 minus weighted findings in this section (error 25, warning 10, info 3), floor 0."""
    findings: int = 0


class Review(Model):
    """The result of `mlplan review`: findings with evidence, coverage, a verdict and a summary."""

    source: str
    verdict: Literal["ready", "needs_work", "not_ready"]
    score: float = Field(ge=0, le=100)
    summary: str
    coverage: list[SectionCoverage] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    """Ranked by severity then section; capped per section (see `omitted`)."""
    omitted: dict[str, int] = Field(default_factory=dict)
    """Section -> findings left out by the per-section cap ('+N more')."""
    reviewer_directives: list[Evidence] = Field(default_factory=list)
    """Text addressed to the reviewer that the review saw and ignored."""
    questions: list[OpenQuestion] = Field(default_factory=list)
    """What the review asks the author instead of reporting a finding (an item the plan talks
    around in words the reader could not use, a planning section not written yet ...); each says
    why it was asked. Also appended to ``plan.open_questions``."""
    plan: Plan | None = None
    """The plan as read from the document."""
