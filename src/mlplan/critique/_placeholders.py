"""Template placeholders ('[e.g., PR-AUC]', 'TBD', '$X') kept where S02 will find them.

A placeholder is not a decision, so no extractor reads it as one. But the reviewer must see
it: each placeholder line whose words are not already in some plan field is written, as it
stands, into the field its label names ('Rollback: TBD' -> deployment.rollback.mechanism),
or, with no label the table knows, into open_questions under the section it appears in.
"""

from __future__ import annotations

import re
from typing import Any

from mlplan.critique import _tables
from mlplan.critique._builder import PlanBuilder
from mlplan.critique._document import Document
from mlplan.domain import Evidence, Section

_LABEL = re.compile(
    r"^\s*(?:[-*+•]|\d{1,2}[.)])?\s*(?:\*\*|__)?(?P<label>[A-Za-z][\w /&'().-]{0,50}?)"
    r"(?:\*\*|__)?\s*[:=–—]\s*(?:\*\*|__)?\s*(?P<value>.+?)\s*$"
)
_LABELS = [(re.compile(p), path) for p, path in _tables.FIELD_LABELS]
_WHY = "The plan leaves this as a template placeholder."
_LABEL_SUFFIX = re.compile(r" (?:plan|strategy|approach|mechanism|details|process|policy)$")


def fill_placeholders(doc: Document, b: PlanBuilder) -> None:
    done: set[int] = set()
    ignored = _ignored_lines(doc)
    for m in doc.placeholders:
        line = doc.line_of(m.start())
        if line in done or line in ignored or b.quoted(line, m.group(0)):
            continue
        done.add(line)
        label, value = split_label(doc.lines[line - 1])
        ev = Evidence(line=line, quote=doc.quote(*_line_span(doc, line)))
        path = _path_for(label) if label else None
        if path is None or not _write(b, path, value, ev):
            section = _section_at(doc, line)
            question = {"question": ev.quote, "section": section, "why_it_matters": _WHY}
            index = b.append("open_questions", question, ev, limit=200)
            if index is not None:
                b.evidence[f"open_questions[{index}].question"] = ev


def split_label(line: str) -> tuple[str, str]:
    """('Rollback', 'TBD') for a 'Label: value' line (or table row), else ('', line)."""
    text = line.strip()
    if text.startswith("|"):
        cells = [c.strip() for c in text.strip("|").split("|") if c.strip()]
        if len(cells) >= 2:
            return cells[0].strip("*_ "), " | ".join(cells[1:])
        return "", " ".join(cells)
    m = _LABEL.match(text)
    if m and len(m.group("label").split()) <= 6:
        return m.group("label").strip(), m.group("value")
    return "", text.lstrip("-*+• ")


def _path_for(label: str) -> str | None:
    norm = " ".join(re.sub(r"[*_`#()]", " ", label).lower().split())
    norm = _LABEL_SUFFIX.sub("", norm) or norm
    return next((path for rx, path in _LABELS if rx.fullmatch(norm)), None)


def _write(b: PlanBuilder, path: str, value: str, ev: Evidence) -> bool:
    """Put the literal value into the field the label names; False when it does not fit."""
    item: Any = value
    if path == "evaluation.primary_metric":
        path = "evaluation.primary_metric.display"
    elif path == "data.sources":
        item = {"name": value}
    elif path == "features.features":
        item = {"name": value[:60], "description": value}
    elif path == "timeline.phases":
        count = len(b.get("timeline.phases") or [])
        item = {"name": value, "start_week": float(count), "weeks": 1.0}
    elif path == "timeline.milestones":
        item = {"name": value, "week": float(len(b.get("timeline.milestones") or []) + 1)}
    elif path == "timeline.risks":
        item = {"risk": value}
    elif path == "deployment.rollback.mechanism" and b.get("deployment.rollback") is None:
        return b.set("deployment.rollback", {"mechanism": value}, ev) and _alias(b, path, ev)
    if isinstance(b.get(path), list):
        return b.append(path, item, ev, limit=30) is not None
    if b.stated(path) and b.get(path) not in ("", None):
        return False
    return b.set(path, item, ev, replace=True)


def _alias(b: PlanBuilder, path: str, ev: Evidence) -> bool:
    b.evidence.setdefault(path, ev)
    return True


def _line_span(doc: Document, line: int) -> tuple[int, int]:
    start = doc.line_starts[line - 1]
    return start, start + len(doc.lines[line - 1])


def _section_at(doc: Document, line: int) -> Section:
    for span in doc.outline.spans:
        if span.start_line <= line <= span.end_line:
            return span.section
    return Section.ANY


def _ignored_lines(doc: Document) -> set[int]:
    """Lines under headings whose content is not plan text (open questions, approvals)."""
    out: set[int] = set()
    headings = doc.outline.headings
    for k, heading in enumerate(headings):
        if heading.sections == ():
            end = headings[k + 1].line if k + 1 < len(headings) else len(doc.lines) + 1
            out.update(range(heading.line, end))
    return out
