"""Durations in a brief and what each one is: project deadline, forecast horizon, history,
label delay. The same '6 months' can be any of them; the words around it decide."""

from __future__ import annotations

import re

from mlplan.understand._facts import FactSheet
from mlplan.understand.numbers import NUMBER, WORD_NUMBER, to_number, to_weeks, word_number

_UNIT = r"(?P<unit>days?|weeks?|wks?|months?|quarters?|years?)\b"
_DURATION_RE = re.compile(r"(?:" + NUMBER + r"|" + WORD_NUMBER + r")[\s-]*" + _UNIT)

# What a duration is about, read from the nearest cue word before it in the same sentence.
_DEADLINE_WORDS = (
    r"deadline|timeline|time ?frame|due|deliver\w*|launch\w*|ship\w*|go[- ]live|live|ready|"
    r"done|finish\w*|complete\w*|version|mvp|poc|pilot|prototype|project|deck|results?|"
    r"need (?:something|it|this|that|a|an|results?)|want (?:it|this|that|something)|"
    r"like (?:it|this|something)|have|got|end of|only"
)
_OTHER_WORDS = (
    r"churn\w*|cancel\w*|leave|leaves|resign\w*|quit|default\w*|return\w*|buy\w*|purchase\w*|"
    r"convert\w*|readmi\w*|fail\w*|forecast\w*|predict\w*|horizon|labels?|outcomes?|"
    r"chargebacks?|arrive\w*|known|retrain\w*|refresh\w*|every|history|historical|lookback|"
    r"window|last|past|next|ahead|over|since|during|per|first|become\w*|renew\w*|upgrad\w*|"
    r"prepa\w+|repa\w+|pay\w*|lapse\w*|respond\w*|happen\w*|occur\w*|close\w*"
)
_CUE_BEFORE = re.compile(
    r"\b(?:(?P<deadline>" + _DEADLINE_WORDS + r")|(?P<other>" + _OTHER_WORDS + r"))\b"
)
_NOT_DEADLINE_AFTER = re.compile(
    r"^\s*(?:of\b(?!\s+(?:work|effort|development))|ahead|horizon|into the future|after|before|"
    r"later|old|prior|window|lookback|back|ago|history|lag|delay|(?:\w+\s+)?ahead)"
)
_IN_BEFORE = re.compile(r"\b(?:in|within)\s+(?:about\s+|roughly\s+|~\s*)?$")
_CLAUSE_START = re.compile(r"(?:^|[,;:(])\s*$")
_CLAUSE_END = re.compile(r"^\s*(?:[.;,)\n]|$)")
_PROJECT_AFTER = re.compile(
    r"^\s*(?:project|pilot|mvp|poc|engagement|timeline|deadline|programme|program|"
    r"until|till|to go|left|remaining|from now|away)\b"
)
_SENTENCE_START = re.compile(r"[.!?;\n]\s")


def _weeks(m: re.Match[str]) -> float:
    num = m.group("num")
    value = to_number(num) if num else float(word_number(m.group("word")))
    return to_weeks(value, m.group("unit").replace("wk", "week"))


def _clause_before(text: str, start: int) -> str:
    window = text[max(0, start - 70) : start]
    cut = max((b.end() for b in _SENTENCE_START.finditer(window)), default=0)
    return window[cut:]


def _deadline_strength(text: str, m: re.Match[str]) -> int:
    """2: clearly the project deadline, 1: plausibly, 0: something else (history, horizon...)."""
    after = text[m.end() : m.end() + 30]
    if _PROJECT_AFTER.search(after):
        return 2
    if _NOT_DEADLINE_AFTER.search(after):
        return 0
    before = _clause_before(text, m.start())
    cues = list(_CUE_BEFORE.finditer(before))
    if cues:
        return 2 if cues[-1].group("deadline") else 0
    standalone = _CLAUSE_START.search(before) and _CLAUSE_END.search(after)
    return 1 if _IN_BEFORE.search(before) or standalone else 0


def extract_deadline(sheet: FactSheet) -> None:
    text = sheet.low
    best: tuple[int, re.Match[str]] | None = None
    for m in _DURATION_RE.finditer(text):
        strength = _deadline_strength(text, m)
        if strength and (best is None or strength > best[0]):
            best = (strength, m)
            if strength == 2:
                break
    if best is not None:
        weeks = _weeks(best[1])
        if 0 < weeks <= 260:
            sheet.stated("deadline_weeks", round(weeks, 1), best[1])


_H_UNIT = r"(?:minutes?|hours?|days?|weeks?|months?|quarters?|years?)"
_HORIZON_RE = re.compile(
    r"(?P<n>\d+)[\s-]*(?P<unit>" + _H_UNIT + r")\s+(?:ahead|in advance|into the future)|"
    r"horizon of\s+(?P<n2>\d+)\s*(?P<unit2>" + _H_UNIT + r")|"
    r"next\s+(?P<n3>\d+)\s*(?P<unit3>" + _H_UNIT + r")"
)
_GRAIN_RE = re.compile(r"\b(hourly|daily|weekly|monthly|quarterly|yearly|annual)\b")
_DATA_NOUNS = (
    r"history|historical|data|records|logs|transactions|txns|sales|observations|claims|"
    r"telemetry|readings|load|clickstream|appointments|orders|events|tickets|usage|interactions|"
    r"measurements|purchases|visits|admissions|discharges|reviews|emails|calls|contracts|"
    r"metering|archive|labels|outcomes|sessions|traffic|bookings|payments|alerts|commits"
)
_SPAN = r"(?:" + NUMBER + r"|" + WORD_NUMBER + r")\+?[\s-]*(?P<unit>years?|months?|weeks?|days?)"
_HISTORY_RES = [
    re.compile(
        r"(?<!first )(?<!within )(?<!next )" + _SPAN + r"\s+of\s+(?:[\w-]+\s+){0,3}?"
        r"(?:" + _DATA_NOUNS + r")\b"
    ),
    re.compile(r"\b(?:last|past|previous)\s+" + _SPAN + r"\b"),
    re.compile(
        r"\b(?:" + _DATA_NOUNS + r"|rows)\b[^.;\n]{0,30}?\b(?:over|covering|spanning)\s+(?:the\s+)?"
        r"(?:last\s+|past\s+)?" + _SPAN + r"\b"
    ),
]
_DELAY_SUBJECT = r"(?:labels?|chargebacks?|outcomes?|ground truth|confirm\w*|results?)"
_LABEL_DELAY_RES = [
    re.compile(
        _DELAY_SUBJECT + r"[^.;\n]{0,50}?(?:after|within|take|takes|up to|arrive|known|lag)"
        r"[^.;\n]{0,15}?(?P<n>\d+)\s*(?P<unit>days?|weeks?|months?)"
    ),
    re.compile(
        _DELAY_SUBJECT + r"[^.;\n]{0,40}?(?P<n>\d+)\s*(?P<unit>days?|weeks?|months?)\s+"
        r"(?:after|later)"
    ),
]


def _span_text(m: re.Match[str]) -> str:
    num = m.group("num") or m.group("word")
    return f"{num} {m.group('unit')}"


def extract_time_facts(sheet: FactSheet) -> None:
    text = sheet.low
    m = _HORIZON_RE.search(text)
    if m:
        n = m.group("n") or m.group("n2") or m.group("n3")
        unit = m.group("unit") or m.group("unit2") or m.group("unit3")
        sheet.stated("forecast_horizon", f"{n} {unit}", m)
    m = _GRAIN_RE.search(text)
    if m:
        sheet.stated("granularity", m.group(1).lower(), m)
    hits = [h for rx in _HISTORY_RES if (h := rx.search(text))]
    if hits:
        first = min(hits, key=lambda h: h.start())
        sheet.stated("history", _span_text(first), first)
    for rx in _LABEL_DELAY_RES:
        m = rx.search(text)
        if m:
            sheet.stated("label_delay", f"{m.group('n')} {m.group('unit')}", m)
            break
