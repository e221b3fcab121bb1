"""Framing and planning facts: the problem, the overview, alternatives, scope and the timeline.

The opening paragraph of the problem (or overview) section is the problem statement, as
written. Bullets under a heading such as 'Success criteria', 'Non-goals', 'Milestones' or
'Risks' are items of that list; a timeline's lines are its phases, with their weeks when
the plan gives them ('weeks 3-5', '2 weeks', 'sprint 2') and in order when it does not.
"""

from __future__ import annotations

import re
from typing import Any

from mlplan.critique._builder import PlanBuilder
from mlplan.critique._document import Document
from mlplan.critique._outline import Block, normalise_heading
from mlplan.domain import Evidence, Section

S = Section

_ALTERNATIVE = re.compile(
    r"\balternatives? (?:considered|we considered|is|are|would be|:)|\b(?:looked at|considered|weighed|"
    r"evaluated|compared) (?:\w+ ){0,2}alternatives? (?:without|to|instead of)\b|\binstead of (?:a |an |using )?"
    r"(?:ml|model|machine learning)|\bwithout (?:ml|a model|machine learning)|\bnon-?ml\b|"
    r"\b(?:we )?(?:also )?(?:considered|looked at|evaluated|rejected) (?:a |an |the |using )?"
    r"(?:simple |simpler )?(?:rules?|heuristics?|manual|threshold|recalibrat\w+|vendor|off-the-shelf|"
    r"policy rules|spreadsheet|scorecard|business rules)|\bsimplest alternative\b|\bdo we need "
    r"(?:a |an )?(?:ml|model|new model)|\bconsidered (?:not building|doing nothing|no model|keeping|"
    r"improving|simply|(?:\w+ ){0,3}alternatives?)|\b(?:cheaper|simpler|non-ml|heuristic|rule-based) "
    r"alternatives?"
)
_KIND = (
    (
        "non_ml",
        re.compile(
            r"non-?ml|without (?:an? )?(?:[\w-]+ )?(?:ml|model|machine learning)|manual|process change"
        ),
    ),
    ("buy", re.compile(r"vendor|buy|off-the-shelf|saas|licen[cs]e|third[- ]party")),
    (
        "heuristic",
        re.compile(r"rule|heuristic|threshold|scorecard|keyword|list|recalibrat|hand-tuned"),
    ),
    ("ml", re.compile(r"\bmodel\b|\bml\b|machine learning")),
)
_IMPACT_HEADING = re.compile(
    r"(?:expected |estimated |projected |business |financial )?(?:impact|benefits?|value|savings|"
    r"roi|return on investment)(?: (?:and|&) (?:\w+ ){0,2}\w+)?|business case|value case"
)
_CLAIMED = re.compile(
    r"(?:[$€£]|\b(?:eur|usd|gbp|chf)\b)\s*\d|\d[\d,.]*\s*(?:%|[km]\b|million|bn\b|billion)|"
    r"\b\d+(?:\.\d+)?x\b"
)
"""A number that claims money, a percentage or a multiple."""
_BYLINE_LABEL = re.compile(
    r"(?i)(?:^|[\s*_(|·•,;.])(?:owners?|lead|leads|sponsors?|authors?|status|stakeholders?|date|"
    r"version|team|reviewers?|reviewed by|approvers?|approved by|prepared by|written by|contacts?|dri|"
    r"last updated|revision|audience|distribution)\s*:"
)
"""A label of document metadata ('Owner:', 'Lead:', 'Status:'): the byline under a title."""
_LIST_HINTS = (("overview.success_criteria", ""), ("problem_framing.out_of_scope_use", ""))
_WEEK_RANGE = re.compile(
    r"\b(?:weeks?|wks?|w)\s*(\d+)\s*(?:-|–|to|through)\s*(?:w(?:ee)?k?s?\s*)?(\d+)"
)
_WEEK = re.compile(r"\b(?:week|wk|w)\s*(\d+)\b")
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(?:-\s*)?(weeks?|wks?|months?|sprints?|days?)\b")
_PER_WEEK = {"w": 1.0, "m": 52 / 12, "s": 2.0, "d": 0.2}
_MILESTONE = re.compile(
    r"\bmilestones?\b|\bgo[- ]live|\blaunch\w*|\brelease\w*|\bmvp\b|\bpilot\b|\bship\w*|\bbeta\b|"
    r"\bga\b|\bhand-?over|\bdeliver\w*|\bsign-?off|\bdemo\b|\b(?:completed?|done|ready) by|\bdeadline"
)
_WHEN_WORDS = re.compile(
    r"\b(?:weeks?|months?|sprints?|quarters?|q[1-4]|days?|deadline|milestones?|phase|by end of|"
    r"jan\w*|feb\w*|mar(?:ch)?|apr\w*|may|june?|july?|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*)\b"
)
_TOTAL = re.compile(
    r"\b(?:total|overall|in total|end-to-end|altogether|whole project)\b[^.;\n]{0,30}?(\d+)\s*(weeks|months)"
)


def extract_framing(doc: Document, b: PlanBuilder) -> None:
    """Problem statement, business problem, hinted lists and considered alternatives."""
    problem = _opening(doc, S.PROBLEM_FRAMING) or _opening(doc, S.OVERVIEW)
    overview = _opening(doc, S.OVERVIEW, skip_lists=True) or problem
    if problem is not None:
        b.set("problem_framing.problem_statement", problem.quote, problem)
    if overview is not None:
        b.set("overview.business_problem", overview.quote, overview)
    for path in ("overview.success_criteria", "problem_framing.out_of_scope_use"):
        for block in doc.outline.hinted(path):
            ev = _block_evidence(doc, block)
            b.append(path, ev.quote, ev, limit=8)
    for block in doc.outline.hinted("timeline.risks"):
        ev = _block_evidence(doc, block)
        b.append("timeline.risks", {"risk": ev.quote}, ev)
    for block in doc.outline.hinted("problem_framing.alternatives"):
        ev = _block_evidence(doc, block)
        b.append("problem_framing.alternatives", _alternative(ev.quote), ev)
    _impact_section(doc, b)
    for hit in doc.find(_ALTERNATIVE, (S.PROBLEM_FRAMING, S.OVERVIEW, S.MODEL)):
        if hit.polarity != "no":
            ev = doc.evidence(hit)
            b.append("problem_framing.alternatives", _alternative(ev.quote), ev, limit=4)


def _impact_section(doc: Document, b: PlanBuilder) -> None:
    """A section headed 'Expected impact' or 'Benefits' states the impact the plan claims,
    wherever the document puts it: its first sentence with money, a percentage or a multiple."""
    offset = 0
    for line in doc.text.splitlines(keepends=True):
        offset += len(line)
        if len(line) > 60 or not _IMPACT_HEADING.fullmatch(normalise_heading(line)):
            continue
        block = doc.block_at(offset) or doc.block_at(offset + 1)
        end = block.end if block is not None else min(len(doc.ext), offset + 600)
        start = offset
        while start < end:
            a, z = doc.sentence(start)
            z = max(z, a + 1, start + 1)
            if _CLAIMED.search(doc.ext, max(a, offset), min(z, end)):
                a = max(a, offset)
                ev = Evidence(line=doc.line_of(a), quote=doc.quote(a, min(z, end), limit=300))
                b.set("overview.expected_impact", ev.quote, ev)
                return
            start = z


def _opening(doc: Document, section: Section, *, skip_lists: bool = False) -> Evidence | None:
    """The first paragraph (or bullet) of a section: what the author leads with.

    ``skip_lists`` passes over blocks under list headings ('Success criteria'), which state
    criteria, not the problem.
    """
    listed = (
        {id(bl) for path, _ in _LIST_HINTS for bl in doc.outline.hinted(path)}
        if skip_lists
        else set()
    )
    block = next(
        (
            bl
            for bl in doc.outline.blocks_of(section)
            if bl.kind != "row"
            and id(bl) not in listed
            and not is_byline(doc.text[bl.start : bl.end])
        ),
        None,
    )
    if block is None:
        return None
    end = doc.sentence(block.start)[1]
    quote = doc.quote(block.start, max(end, min(block.end, block.start + 300)), limit=300)
    return Evidence(line=block.line, quote=quote)


def is_byline(text: str) -> bool:
    """Who wrote the plan, for whom and when ('*Lead: Dr A. Mensah. Sponsor: Director of
    Operations.*'): two metadata labels in one short block, or a block that opens with one."""
    if len(text) > 400:
        return False
    labels = _BYLINE_LABEL.findall(text)
    return len(labels) >= 2 or (
        len(labels) == 1 and len(text) < 160 and _BYLINE_LABEL.match(text.strip(" *_")) is not None
    )


def _block_evidence(doc: Document, block: Block) -> Evidence:
    return Evidence(line=block.line, quote=doc.quote(block.start, block.end, limit=200))


def _alternative(text: str) -> dict[str, Any]:
    low = text.lower()
    kind = next((k for k, rx in _KIND if rx.search(low)), "non_ml")
    return {"name": text[:120], "kind": kind}


def extract_timeline(doc: Document, b: PlanBuilder) -> None:
    """Phases (with weeks when stated), milestones and a total when the plan gives one."""
    risky = {id(bl) for bl in doc.outline.hinted("timeline.risks")}
    milestones = {id(bl) for bl in doc.outline.hinted("timeline.milestones")}
    cursor, all_timed = 0.0, True
    for block in doc.outline.blocks_of(S.TIMELINE):
        if id(block) in risky:
            continue
        ev = _block_evidence(doc, block)
        low = doc.ext[block.start : block.end]
        if block.sections != (S.TIMELINE,) and not _WHEN_WORDS.search(low):
            continue  # 'Governance, risks and timeline': only the paragraphs that say when
        start, weeks, timed = _when(low, cursor)
        all_timed = all_timed and timed
        cursor = max(cursor, start + weeks)
        if id(block) in milestones or _MILESTONE.search(low):
            b.append("timeline.milestones", {"name": ev.quote, "week": start + weeks}, ev)
        if timed or id(block) not in milestones:
            phase = {"name": ev.quote, "start_week": start, "weeks": weeks}
            b.append("timeline.phases", phase, ev, limit=20)
    total = doc.first(_TOTAL, (S.TIMELINE,), anywhere=False)
    if total is not None and all_timed and b.stated("timeline.phases"):
        value = float(total.match.group(1)) * _PER_WEEK[total.match.group(2)[0]]
        b.set("timeline.total_weeks", round(value, 1), doc.evidence(total))


def _when(low: str, cursor: float) -> tuple[float, float, bool]:
    """(start week, length in weeks, stated?) of a timeline line."""
    m = _WEEK_RANGE.search(low)
    if m:
        a, z = int(m.group(1)), int(m.group(2))
        return max(a - 1, 0), max(z - a + 1, 1), True
    m = _DURATION.search(low)
    if m:
        weeks = float(m.group(1)) * _PER_WEEK[m.group(2)[0]]
        return cursor, max(weeks, 0.2), True
    m = _WEEK.search(low)
    if m:
        return max(int(m.group(1)) - 1, 0), 1.0, True
    return cursor, 1.0, False
