"""Read a plan someone wrote into a PlanDraft: plan fields, each with the line that states it.

Deterministic and offline. The reading order matters only where one reading feeds another:
the brief first (task, people, regulations, numbers), then the sections, then placeholders,
which go only where no statement already holds their words.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import ValidationError

from mlplan import __version__
from mlplan.critique._brief import read_brief
from mlplan.critique._builder import PlanBuilder
from mlplan.critique._counts import extract_populations
from mlplan.critique._document import Document
from mlplan.critique._facts_data import extract_data, extract_features
from mlplan.critique._facts_eval import extract_evaluation
from mlplan.critique._facts_model import extract_model, extract_training
from mlplan.critique._facts_ops import extract_operations
from mlplan.critique._facts_split import extract_split
from mlplan.critique._framing import extract_framing, extract_timeline
from mlplan.critique._mentions import find_mentions
from mlplan.critique._metrics import (
    extract_metrics,
    find_metrics,
    reconcile_task,
    task_from_metrics,
)
from mlplan.critique._placeholders import fill_placeholders, split_label
from mlplan.critique._text_facts import extract_text_facts
from mlplan.domain import (
    SECTION_FIELDS,
    Evidence,
    ModelFamily,
    Origin,
    Plan,
    PlanDraft,
    Section,
    SectionSpan,
    TaskType,
)
from mlplan.errors import PlanFileError
from mlplan.validate._facts import blank
from mlplan.validate.structure import is_empty

KINDS = frozenset({"markdown", "text", "json", "docx"})

_TASK_OF_FAMILY = {
    ModelFamily.CLUSTERING: TaskType.CLUSTERING,
    ModelFamily.STATISTICAL: TaskType.FORECASTING,
    ModelFamily.LEARNING_TO_RANK: TaskType.RANKING,
    ModelFamily.TWO_TOWER: TaskType.RECOMMENDATION,
    ModelFamily.MATRIX_FACTORISATION: TaskType.RECOMMENDATION,
    ModelFamily.ISOLATION_FOREST: TaskType.ANOMALY_DETECTION,
    ModelFamily.AUTOENCODER: TaskType.ANOMALY_DETECTION,
}
"""Model families that give the task away when the plan never names it."""


def parse_plan(text: str, *, source: str, kind: str) -> PlanDraft:
    """A plan document (markdown, text, docx text or our JSON plan) -> PlanDraft."""
    if kind not in KINDS:
        raise ValueError(f"unknown plan kind {kind!r}; expected one of {sorted(KINDS)}")
    if kind == "json":
        return _from_json(text, source=source)
    doc = Document(text)
    reading = read_brief(doc)
    b = PlanBuilder(reading.brief)
    b.evidence.update(reading.evidence)
    metrics = find_metrics(doc)
    extract_framing(doc, b)
    extract_text_facts(doc, b)
    personal_false = reading.brief.origin("personal_data") is Origin.STATED and not (
        reading.brief.personal_data
    )
    extract_data(doc, b, personal_false)
    extract_populations(doc, b)
    extract_features(doc, b)
    extract_model(doc, b)
    extract_split(doc, b)
    extract_training(doc, b, metrics)
    extract_metrics(doc, b, metrics)
    extract_evaluation(doc, b, metrics)
    extract_operations(doc, b, reading.moved)
    extract_timeline(doc, b)
    fill_placeholders(doc, b)
    _task(b, reading.brief.is_known("task_type"), metrics)
    for field, path in (("business_problem", "overview.business_problem"),
                        ("objective", "overview.ml_objective")):  # fmt: skip
        if path in b.evidence:  # the author's first sentence, as the brief would hold it
            first = re.split(r"(?<=[.!?])\s", b.get(path), maxsplit=1)[0]
            b.set(f"brief.{field}", first, b.evidence[path], replace=True)
    b.data["meta"] = {"mlplan_version": __version__, "drafter": "parsed", "knowledge_version": ""}
    return PlanDraft(
        source=source,
        plan=b.build(),
        evidence=b.all_evidence(),
        sections=_filled_spans(doc),
        reviewer_directives=doc.directives,
        mentions=find_mentions(doc),
        line_count=doc.line_count,
    )


def _filled_spans(doc: Document) -> list[SectionSpan]:
    """The sections the document fills in: a heading with nothing under it ('## 6. Deployment'
    then '## 7. Monitoring') or a template row whose value is a placeholder ('| Target
    go-live | TBD |') is not a section the plan covers, so its rules stay quiet and S01 says
    it once."""
    kept = []
    for span in doc.outline.spans:
        first = span.start_line + 1 if span.heading else span.start_line
        lines = doc.lines[first - 1 : span.end_line]
        if any(_filled(line) for line in lines):
            kept.append(span)
    return kept


def _filled(line: str) -> bool:
    value = split_label(line)[1].strip(" *_|-")
    return bool(re.search(r"[A-Za-z0-9]", value)) and not blank(value)


def _task(b: PlanBuilder, known: bool, metrics: list[Any]) -> None:
    """A plan that never names its task gets the one its metrics or model family imply; one
    that names it with a single weak word gets the one its primary metric measures."""
    family = b.get("model.primary.family")
    family_task = _TASK_OF_FAMILY.get(family) if "model.primary" in b.evidence else None
    if known:
        reconciled = reconcile_task(b, family_task)
        if reconciled is not None:
            task, reason = reconciled
            b.data["brief"]["task_type"] = task
            source = b.data["brief"]["facts"]["task_type"]
            b.data["brief"]["facts"]["task_type"] = {**source, "origin": Origin.INFERRED,
                                                     "reason": reason}  # fmt: skip
            if "evaluation.primary_metric" in b.evidence:
                b.evidence["brief.task_type"] = b.evidence["evaluation.primary_metric"]
        return
    implied = task_from_metrics(metrics, b)
    if implied is not None:
        task, hit = implied
        b.set("brief.task_type", task, Evidence(line=hit.line, quote=hit.match.group(0)))
        return
    if family_task is not None:
        b.set("brief.task_type", family_task, b.evidence["model.primary"])


def _from_json(text: str, *, source: str) -> PlanDraft:
    """Our own JSON plan (`mlplan plan --format json`), loaded as the Plan it is."""
    from mlplan.critique._directives import blank_json_directives

    try:
        data = json.loads(text)
    except ValueError as exc:
        raise PlanFileError(f"{source} is not valid JSON ({exc.__class__.__name__})") from None
    if not isinstance(data, dict) or "brief" not in data:
        raise PlanFileError(
            f"{source} is JSON but not an mlplan plan (no 'brief'); "
            "`mlplan review` reads the output of `mlplan plan --format json`"
        )
    data.pop("findings", None)
    directives = blank_json_directives(data, text)
    try:
        plan = Plan.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "(top level)"
        raise PlanFileError(f"{source}: field '{where}': {err['msg']}") from None
    lines = text.splitlines()
    return PlanDraft(
        source=source,
        plan=plan,
        sections=_json_spans(plan, lines),
        reviewer_directives=directives,
        line_count=len(lines),
    )


def _json_spans(plan: Plan, lines: list[str]) -> list[SectionSpan]:
    """Each non-empty section at the line of its key (line 1 when the JSON is on one line)."""
    starts = {}
    for i, line in enumerate(lines, start=1):
        stripped = line.strip()
        for name in SECTION_FIELDS:
            if name not in starts and stripped.startswith(f'"{name}"'):
                starts[name] = i
    ordered = sorted(starts.values())
    spans = []
    for name in SECTION_FIELDS:
        if is_empty(getattr(plan, name)):
            continue
        start = starts.get(name, 1)
        end = next((s - 1 for s in ordered if s > start), max(len(lines), 1))
        section = Section(name)
        spans.append(SectionSpan(section=section, heading=name, start_line=start, end_line=end))
        if name == "deployment":
            spans.append(SectionSpan(section=Section.MONITORING, heading="deployment.monitoring",
                                     start_line=start, end_line=end))  # fmt: skip
    return spans
