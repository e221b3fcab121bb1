"""Service and project numbers: latency, throughput, team size, budget, number of classes."""

from __future__ import annotations

import re

from mlplan.understand._facts import FactSheet
from mlplan.understand.numbers import (
    NUMBER,
    SCALE,
    WORD_NUMBER,
    per_second,
    to_ms,
    to_number,
    word_number,
)

_MS = r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>ms|msec|milliseconds?)\b"
_SEC = r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>s|secs?|seconds?)\b"
_SEC_OR_MIN = r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>s|secs?|seconds?|mins?|minutes?)\b"
_BOUND = r"(?:under|below|within|less than|<|<=|≤|at most|max(?:imum)?|sub-|in|of)"
_LATENCY_RES = [
    re.compile(
        r"p(?:9[059]|50)\s*(?:latency\s*)?(?:of|under|below|<|<=|≤|within|at most|=|:|max)?"
        r"\s*(?:~\s*)?(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>ms|msec|milliseconds?|s|secs?|seconds?)\b"
    ),
    re.compile(_BOUND + r"\s*" + _MS),
    re.compile(_MS),
    re.compile(
        r"(?:latency|respond|response|answer|score|decision|route|routing|return)\w*[^.;\n]{0,40}?"
        + _BOUND
        + r"\s*"
        + _SEC_OR_MIN
    ),
    re.compile(r"(?:in under|under|below|less than|at most)\s+" + _SEC),
]
_MAX_LATENCY_MS = 600_000  # beyond ten minutes a 'latency' is a batch deadline
_SUB_SECOND = re.compile(r"sub-?second|under (?:a|one) second")


def extract_latency(sheet: FactSheet) -> None:
    for rx in _LATENCY_RES:
        m = rx.search(sheet.low)
        if m and to_ms(m.group("num"), m.group("unit")) <= _MAX_LATENCY_MS:
            sheet.stated("latency_p99_ms", to_ms(m.group("num"), m.group("unit")), m)
            return
    m = _SUB_SECOND.search(sheet.low)
    if m:
        sheet.inferred("latency_p99_ms", 1000.0, "'sub-second' read as a p99 of 1 s", m)


_PER_TIME = (
    r"\s*(?:/|per|a|an|each|every)\s*"
    r"(?P<unit>s|sec|second|min|minute|h|hr|hour|day|week|month)\b"
)
_THROUGHPUT_RE = re.compile(
    NUMBER + SCALE + r"\s*(?:[\w-]+\s+){0,1}?(?:requests?|reqs?|predictions?|calls|"
    r"queries|transactions|txns|events|scores|inferences|messages|orders|searches|page ?views|"
    r"logins|payments|sessions|visits|api calls)" + _PER_TIME
)
# Records that each need a score as they arrive: '1B flows per day' is ~11.6k flows/s.
_SCORED_VOLUME_RE = re.compile(
    NUMBER + SCALE + r"\s*(?:[\w-]+\s+){0,2}?(?:flows|netflows|packets|log lines|log events|"
    r"connections|alerts|readings|frames)" + _PER_TIME
)
_RPS_RE = re.compile(NUMBER + SCALE + r"\s*(?P<unit>rps|qps|tps|req/s|rpm|tpm|qpm|req/min)\b")


def extract_throughput(sheet: FactSheet) -> None:
    text = sheet.low
    m = _RPS_RE.search(text)
    if m:
        unit = m.group("unit").lower()
        value = to_number(m.group("num"), m.group("scale"))
        rps = value / 60.0 if unit in ("rpm", "tpm", "qpm", "req/min") else value
        sheet.stated("throughput_rps", round(rps, 3), m)
        return
    m = _THROUGHPUT_RE.search(text) or _SCORED_VOLUME_RE.search(text)
    if m:
        value = to_number(m.group("num"), m.group("scale"))
        sheet.stated("throughput_rps", round(per_second(value, m.group("unit")), 3), m)


_COUNT = r"(?<![\d,.])(?:(?P<num>\d+)|" + WORD_NUMBER + r")"
_MAX_TEAM = 50
_TEAM_OF_RE = re.compile(r"team\s*(?:of\b|size\b(?: of| is|:)?|is\b|:|=)\s*" + _COUNT + r"\b")
_ROLE = (
    r"(?:(?:senior|junior|full-?time|part-?time|ml|data|software|backend|mlops|platform)\s+){0,2}"
    r"(?:data scientists?|engineers?|analysts?|developers?|devs?|people|persons|researchers?|"
    r"fte|scientists?|quants?|statisticians?|actuar(?:y|ies)|economists?)\b"
    r"|(?:ds|mle|de|swe|ml engineers?|mles|des)\b"
)
_TEAM_ROLE_RE = re.compile(_COUNT + r"\s+(?:" + _ROLE + r")")


def _count(m: re.Match[str]) -> int:
    return int(m.group("num")) if m.group("num") else word_number(m.group("word"))


def extract_team(sheet: FactSheet) -> None:
    text = sheet.low
    roles = [r for r in _TEAM_ROLE_RE.finditer(text) if 1 <= _count(r) <= _MAX_TEAM]
    role_total = sum(_count(r) for r in roles)
    m = _TEAM_OF_RE.search(text)
    if m and 1 <= _count(m) <= _MAX_TEAM:
        # 'Team: 1 DS + 1 MLE' counts the roles; 'team of 4 incl. 1 analyst' keeps the 4
        listed = [r for r in roles if r.start() >= m.start() and r.start() <= m.end()]
        if listed and role_total > _count(m):
            sheet.stated("team_size", role_total, (m.start(), roles[-1].end()))
        else:
            sheet.stated("team_size", _count(m), m)
        return
    if roles and role_total <= _MAX_TEAM:
        sheet.stated("team_size", role_total, (roles[0].start(), roles[-1].end()))


_BUDGET_RES = [
    re.compile(r"(?P<cur>[$€£])\s*" + NUMBER + SCALE),
    re.compile(r"(?P<cur>usd|eur|gbp)\s*" + NUMBER + SCALE),
    re.compile(NUMBER + SCALE + r"\s*(?P<cur>usd|eur|gbp|dollars|euros|pounds)\b"),
]
_BUDGET_WORDS = re.compile(r"budget|spend|cap\b|funding|funded|cost (?:limit|ceiling)")


def extract_budget(sheet: FactSheet) -> None:
    text = sheet.low
    for m in (m for rx in _BUDGET_RES for m in rx.finditer(text)):
        if _BUDGET_WORDS.search(text[max(0, m.start() - 40) : m.end() + 40]):
            sheet.stated("budget_usd", to_number(m.group("num"), m.group("scale")), m)
            return


_CLASSES_RE = re.compile(
    _COUNT + r"\s+(?:[\w-]+\s+)?(?:categories|classes|queues|intents|types|labels|departments|"
    r"teams|topics|species|grades|severity levels|levels|product lines|defect types|tags|"
    r"keywords|(?:voice |spoken )?commands|wake words|gestures|emotions|breeds|digits)\b"
)
# 'classify reviews as positive, negative or neutral' / '... into (a, b, c, d)': the classes
# are named one by one; their number is the class count.
_ITEM = r"(?:[\w-]+ ){0,2}?[\w-]+"
_NAMED_CLASSES_RES = [
    re.compile(
        r"\b(?:classify|categori[sz]e|label|tag|sort|mark|rate|grade)\w* [^.;\n(]{0,60}?\bas "
        r"(?P<items>" + _ITEM + r"(?:, " + _ITEM + r")+,? (?:or|and) [\w-]+)"
    ),
    re.compile(
        r"\b(?:classify|categori[sz]e|sort|route|assign)\w* [^.;\n(]{0,60}?"
        r"\((?P<items>(?:[^(),]+,){2,}[^()]+)\)"
    ),
]
_LIST_SEP = re.compile(r",\s*(?:or\s+|and\s+)?|\s+(?:or|and)\s+")


def extract_classes(sheet: FactSheet) -> None:
    m = _CLASSES_RE.search(sheet.low)
    if m:
        n = _count(m)
        if n >= 2:
            sheet.stated("n_classes", n, m)
            return
    for rx in _NAMED_CLASSES_RES:
        m = rx.search(sheet.low)
        if m:
            items = [i for i in _LIST_SEP.split(m.group("items")) if i.strip()]
            if len(items) >= 3:
                sheet.stated("n_classes", len(items), m.span("items"))
                return
