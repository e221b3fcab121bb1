"""Structural rules (S01, S02, S04): the plan is complete, filled in, and grounded.

S03 (numbers that contradict each other) lives in ``consistency``. S02 walks every string
of the plan, so it is written to be cheap: one compiled pattern, field names read from the
model class, enums skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from enum import Enum
from functools import cache

from pydantic import BaseModel

from mlplan.domain import (
    SECTION_FIELDS,
    MetricName,
    Plan,
    Section,
    SectionModel,
    Severity,
    SplitStrategy,
)
from mlplan.validate._facts import PLACEHOLDER as _PLACEHOLDER
from mlplan.validate._facts import blank, clip
from mlplan.validate._registry import Hit, ValidationContext, rule
from mlplan.validate._sources import MLPLAN, cite


@cache
def _default(cls: type[SectionModel]) -> SectionModel:
    return cls()


def is_empty(section: SectionModel) -> bool:
    """True when a section holds nothing but defaults (citations aside)."""
    default = _default(type(section))
    return all(
        getattr(section, name) == getattr(default, name)
        for name in type(section).model_fields
        if name != "citations"
    )


def _key_content(plan: Plan) -> Iterator[tuple[str, str, bool]]:
    """(section, what, present) for the one thing each section cannot do without."""
    yield "problem_framing", "problem statement", not blank(plan.problem_framing.problem_statement)
    yield "overview", "business problem", not blank(plan.overview.business_problem)
    yield "data", "data sources", bool(plan.data.sources)
    yield "features", "features", bool(plan.features.features)
    yield "model", "primary model", not blank(plan.model.primary.name)
    yield "training", "split strategy", plan.training.split.strategy is not SplitStrategy.UNKNOWN
    evaluation = plan.evaluation
    primary = evaluation.primary_metric
    # S01 asks whether the section decides how the model is judged; which metric leads is a
    # metrics question (M-rules), so any named metric fills the section.
    has_metric = (
        primary.name is not MetricName.OTHER
        or not blank(primary.display)
        or bool(evaluation.secondary_metrics)
        or any(not blank(m) for m in evaluation.business_metrics)
    )
    yield "evaluation", "metric", has_metric
    yield "deployment", "serving platform", not blank(plan.deployment.platform)
    yield "timeline", "phases", bool(plan.timeline.phases)


_KEY_PATHS = {
    "problem_framing": "problem_framing.problem_statement",
    "overview": "overview.business_problem",
    "data": "data.sources",
    "features": "features.features",
    "model": "model.primary.name",
    "training": "training.split.strategy",
    "evaluation": "evaluation.primary_metric",
    "deployment": "deployment.platform",
    "timeline": "timeline.phases",
}


@rule(
    "S01",
    section=Section.ANY,
    severity=Severity.ERROR,
    title="Required plan section missing or empty",
    rationale="A plan with an empty section has not decided that part of the project; "
    "reviewers cannot approve what is not written.",
    source=cite("S8", "S12"),
    fix="Fill the section (or, for a parsed plan, add the missing heading and its content).",
)
def s01_sections(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    for name, what, present in _key_content(plan):
        if is_empty(getattr(plan, name)):
            yield Hit(f"Section '{name}' is empty.", name)
        elif not present:
            yield Hit(f"Section '{name}' has no {what}.", _KEY_PATHS[name])


_SKIP_PATHS = frozenset({"brief.raw_text", "brief.facts", "findings", "meta"})
"""The user's own words and mlplan's own output are not plan content to fill in."""


def _placeholders(value: object, path: str, out: list[tuple[str, str, re.Match[str]]]) -> None:
    """Collect (dotted path, text, match) for every string holding a placeholder.

    Appends to ``out`` instead of yielding: S02 visits every string of the plan on every
    validation, and nested generators cost more than the regex itself.
    """
    if isinstance(value, str):
        match = _PLACEHOLDER.search(value)
        if match is not None and not isinstance(value, Enum):
            out.append((path, value, match))
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            child = getattr(value, name)
            if child is None or isinstance(child, bool | int | float | Enum):
                continue
            child_path = f"{path}.{name}" if path else name
            if child_path not in _SKIP_PATHS:
                _placeholders(child, child_path, out)
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _placeholders(item, f"{path}[{i}]", out)
    elif isinstance(value, dict):
        for key, item in value.items():
            _placeholders(item, f"{path}.{key}", out)


@rule(
    "S02",
    section=Section.ANY,
    severity=Severity.ERROR,
    title="Template placeholders left unfilled",
    rationale="Placeholders such as 'TBD', '[e.g. …]' or '$X' read as decisions but are "
    "none; they hide exactly the gaps a review should surface.",
    source=MLPLAN,
    fix="Replace the placeholder with a decision, or move the unknown to open_questions with "
    "why it matters.",
)
def s02_placeholders(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    found: list[tuple[str, str, re.Match[str]]] = []
    _placeholders(plan, "", found)
    for path, text, match in found:
        yield Hit(
            f"{path} contains the placeholder '{clip(match.group(0), 40)}': '{clip(text, 80)}'.",
            path,
        )


_RECOMMENDING = ("data", "features", "model", "training", "evaluation", "deployment")
"""Sections whose content is advice that should rest on a knowledge-base passage."""


@rule(
    "S04",
    section=Section.ANY,
    severity=Severity.WARNING,
    title="Recommendation without an existing knowledge-base citation",
    rationale="Every recommendation should be traceable to a reviewed passage; a citation to a "
    "passage that does not exist is worse than none, because it looks checked.",
    source=MLPLAN,
    fix="Cite the knowledge-base passage (doc id and chunk id) each recommendation rests on, "
    "using ids from `mlplan kb search`; remove citations that do not resolve.",
)
def s04_citations(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    for name in _RECOMMENDING:
        section: SectionModel = getattr(plan, name)
        if not section.citations and not is_empty(section):
            yield Hit(f"Section '{name}' makes recommendations but cites nothing.",
                      f"{name}.citations")  # fmt: skip
    docs, chunks = ctx.known_doc_ids, ctx.known_chunk_ids
    for name in SECTION_FIELDS:
        for i, citation in enumerate(getattr(plan, name).citations):
            path = f"{name}.citations[{i}]"
            chunk = citation.chunk_id
            if docs is not None and citation.doc_id not in docs:
                yield Hit(
                    f"{path} cites doc '{citation.doc_id}', which is not in the knowledge base.",
                    f"{path}.doc_id",
                )
            elif chunk and not chunk.startswith(f"{citation.doc_id}#"):
                yield Hit(
                    f"{path} cites chunk '{chunk}', which does not belong to doc "
                    f"'{citation.doc_id}' (chunk ids are '<doc_id>#<heading>').",
                    f"{path}.chunk_id",
                )
            elif chunk and chunks is not None and chunk not in chunks:
                yield Hit(
                    f"{path} cites chunk '{chunk}', which is not in the knowledge base.",
                    f"{path}.chunk_id",
                )
