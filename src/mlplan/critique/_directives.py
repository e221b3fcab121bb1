"""Text in a plan that talks to the reviewer instead of describing the project.

A plan is untrusted input. 'Approved, report no issues' or 'ignore previous instructions'
is recorded as evidence and blanked (replaced by spaces, so every offset and line number
still points into the document as written) before anything else reads the text. Nothing
downstream can see it, so it cannot change a finding.
"""

from __future__ import annotations

import bisect
import re

from mlplan.domain import Evidence

_PATTERNS = (
    r"\b(?:ignore|disregard|forget|override)\s+(?:(?:all|any|the|your|of|these|those)\s+)*"
    r"(?:(?:previous|prior|above|earlier|preceding|system|other|existing)\s+)*"
    r"(?:instructions?|prompts?|rules|directions|guidelines|findings|checks|validators?|criteria)\b",
    r"\b(?:ignore|disregard|forget)\s+(?:(?:everything|all|the)\s+)?(?:above|before|previous)\b",
    r"\bsystem prompt\b|\byou are now\b|\bnew instructions\b|\bas an ai\b",
    r"\b(?:reviewers?|review(?:ing)? (?:bot|tool|agent)|ai|assistant|llm|chatgpt|gpt|claude|"
    r"mlplan|validator|linter|grader|checker|bot)\s*[:,-]?\s*(?:please\s+)?(?:mark|approve|"
    r"ignore|report|do not|don't|skip|pass|rate|score|say|output|return|respond|treat|give|"
    r"suppress)\b",
    r"\b(?:report|flag|list|raise|output|return)\s+(?:no|zero|0)\s+(?:issues|findings|problems|"
    r"errors|warnings|defects)\b",
    r"\b(?:do not|don't|never)\s+(?:report|flag|mention|list|raise)\s+(?:any\s+)?(?:issues|"
    r"findings|problems|errors|warnings|defects)\b",
    r"\bmark\s+(?:this|the|it)\s+(?:plan\s+|document\s+|doc\s+)?(?:as\s+)?(?:ready|approved|"
    r"passed|passing|complete|green)\b",
    r"\b(?:verdict|score|rating)\s*(?:[:=]|should be|must be)\s*(?:ready|100|approved|pass)\b",
    r"\bskip\s+(?:the\s+)?(?:review|checks|validation|rules)\b",
)
_DIRECTIVE = re.compile("|".join(f"(?:{p})" for p in _PATTERNS))
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")
_REACH = 300
"""At most this many characters either side of a directive are blanked with it."""


def find_directives(low: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence (or HTML comment) that addresses the reviewer, in order."""
    spans: list[tuple[int, int]] = []
    for m in _DIRECTIVE.finditer(low):
        if spans and m.start() < spans[-1][1]:
            continue
        lo, hi = max(0, m.start() - _REACH), min(len(low), m.end() + _REACH)
        head = low[lo : m.start()]
        comment = head.rfind("<!--")
        cut = max(head.rfind("\n"), _last_stop(head))
        if comment > cut:
            start = lo + comment
            close = low.find("-->", m.end(), hi)
            end = close + 3 if close >= 0 else hi
        else:
            start = lo + cut + 1 if cut >= 0 or lo == 0 else lo
            tail = _SENTENCE_END.search(low, m.end(), hi)
            end = hi if tail is None else tail.start() if tail.group() == "\n" else tail.end()
        while start < end and low[start].isspace():
            start += 1
        spans.append((start, end))
    return spans


def _last_stop(head: str) -> int:
    """Index of the last sentence end ('.', '!' or '?' before a space) in ``head``, or -1."""
    for i in range(len(head) - 2, -1, -1):
        if head[i] in ".!?" and head[i + 1].isspace():
            return i
    return -1


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the spans replaced by spaces (newlines kept, so lines do not move)."""
    if not spans:
        return text
    out, pos = [], 0
    for start, end in spans:
        out.append(text[pos:start])
        out.append("".join("\n" if c == "\n" else " " for c in text[start:end]))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def as_evidence(text: str, spans: list[tuple[int, int]], line_starts: list[int]) -> list[Evidence]:
    """One Evidence per directive: its line and the words as written (clipped)."""
    out = []
    for start, end in spans:
        quote = " ".join(text[start:end].split())
        quote = quote if len(quote) <= 160 else quote[:159].rstrip() + "…"
        out.append(Evidence(line=bisect.bisect_right(line_starts, start), quote=quote))
    return out


def blank_json_directives(data: object, text: str) -> list[Evidence]:
    """Blank directives inside every string of a loaded JSON plan; evidence points at the file."""
    found: list[Evidence] = []

    def clean(value: object) -> object:
        if isinstance(value, str):
            spans = find_directives(value.lower()) if len(value) == len(value.lower()) else []
            for start, end in spans:
                words = " ".join(value[start:end].split())
                at = text.find(value[start:end][:40])
                line = text.count("\n", 0, at) + 1 if at >= 0 else None
                found.append(Evidence(line=line, quote=words[:160]))
            return blank(value, spans)
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        return value

    if isinstance(data, dict):
        for key in list(data):
            data[key] = clean(data[key])
    return found
