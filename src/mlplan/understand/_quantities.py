"""Numbers the plan computes with: volume, class balance, latency, throughput, time, team, budget."""

from __future__ import annotations

import math
import re

from mlplan.domain import TaskType
from mlplan.understand._facts import FactSheet
from mlplan.understand.numbers import (
    APPROX,
    NUMBER,
    SCALE,
    WORD_NUMBER,
    per_second,
    to_ms,
    to_number,
    to_weeks,
    word_number,
)

_I = re.IGNORECASE

RECORD_NOUNS = (
    r"rows|records|transactions|txns|images|photos|pictures|scans|x-?rays|documents|tickets|events|"
    r"samples|examples|claims|sessions|orders|reviews|emails|calls|loans|applications|readings|"
    r"queries|interactions|clicks|impressions|messages|labell?ed \w+|observations|visits|"
    r"admissions|invoices|payments|purchases|ratings|time series|series|log lines|notes|reports"
)
ENTITY_NOUNS = (
    r"customers|users|patients|stores|products|skus|items|accounts|members|subscribers|devices|"
    r"machines|sensors|articles|songs|videos|listings|merchants|employees|applicants|borrowers|"
    r"policyholders|households|vehicles|turbines|shops|sites|players|students|drivers|clients"
)
_PER_TIME = r"\s*(?:/|per|a|an|each|every)\s*(?P<unit>s|sec|second|min|minute|h|hr|hour|day)\b"
_ROW_RE = re.compile(
    APPROX + NUMBER + SCALE + r"\s*(?:[\w-]+\s+){0,2}?(?P<noun>" + RECORD_NOUNS + "|" + ENTITY_NOUNS + r")\b",
    _I,
)
_RATE_AFTER = re.compile(r"^\s*(?:/|per|a|an|each|every)\s*(?:s|sec|second|min|minute|h|hr|hour|day|week|month|year)\b|^\s*daily|^\s*monthly|^\s*weekly|^\s*(?:per|a) (?:business )?day", _I)

_RATE_WORD = re.compile(r"\b(?:daily|hourly|weekly|monthly|per|a day|new)\b", _I)


def extract_volume(sheet: FactSheet) -> None:
    text = sheet.text
    for m in _ROW_RE.finditer(text):
        noun = m.group("noun").lower()
        value = int(to_number(m.group("num"), m.group("scale")))
        if value < 10:
            continue
        after = text[m.end() : m.end() + 25]
        if _RATE_AFTER.search(after) or _RATE_WORD.search(m.group(0)):
            sheet.stated("velocity", f"{text[m.start():m.end()].strip()}{after.split(',')[0].split('.')[0]}", m)
            continue
        if re.fullmatch(ENTITY_NOUNS, noun, _I):
            sheet.stated("n_entities", value, m)
        else:
            sheet.stated("total_rows", value, m)
    forecasting = sheet.values.get("task_type") is TaskType.FORECASTING
    if not sheet.has("total_rows") and sheet.has("n_entities") and not forecasting:
        sheet.inferred(
            "total_rows",
            sheet.values["n_entities"],
            "one training row per entity assumed from the entity count the brief gives",
        )


_PCT = r"(?P<pct>\d+(?:\.\d+)?)\s*(?:%|percent\b|per ?cent\b)"
_PCT_RE = re.compile(r"(?:~|≈|about |around |roughly |approx\.? |under |below |less than |only )?" + _PCT, _I)
_ONE_IN_RE = re.compile(r"\b1 in (?P<den>\d{1,3}(?:,\d{3})*|\d+)\b", _I)
_RATE_CONTEXT = re.compile(
    r"churn|fraud|positive|default|convert|conversion|click|defect|prevalence|imbalanc|minority|"
    r"rare|rate|incidence|of (?:all )?(?:transactions|txns|customers|users|claims|orders|patients|"
    r"cases|records|rows|samples|loans|applications|sessions|accounts|devices|machines|emails|"
    r"tickets|visits|subscribers|members|images)|are (?:fraud|positive|spam|defective)|labell?ed|"
    r"attrition|cancel|leave|spam|anomal|failure|readmi|no-?show|malicious|bad",
    _I,
)
_KPI_BEFORE = re.compile(
    r"(?:reduc\w*|cut\w*|lower\w*|decreas\w*|increas\w*|improv\w*|rais\w*|boost\w*|lift\w*|grow\w*|"
    r"sav\w*|by|to|target\w*|goal|within|margin|growth|drop|retain\w*|capture|catch|recall|precision"
    r"|accuracy|of the budget|discount)\s*(?:of\s*)?(?:~|≈|about |around )?$",
    _I,
)
_SPLIT_CONTEXT = re.compile(r"train|test|validation|holdout|split", _I)


def extract_positive_rate(sheet: FactSheet) -> None:
    text = sheet.text
    for m in _PCT_RE.finditer(text):
        before = text[max(0, m.start() - 22) : m.start()]
        window = text[max(0, m.start() - 45) : m.end() + 45]
        if _KPI_BEFORE.search(before) or _SPLIT_CONTEXT.search(window):
            continue
        if not _RATE_CONTEXT.search(window):
            continue
        rate = float(m.group("pct")) / 100.0
        if 0 < rate < 1:
            sheet.stated("positive_class_rate", rate, m)
            return
    for m in _ONE_IN_RE.finditer(text):
        den = int(m.group("den").replace(",", ""))
        if den > 1:
            sheet.stated("positive_class_rate", 1.0 / den, m)
            return


_LATENCY_RES = [
    re.compile(r"p(?:9[059]|50)\s*(?:latency\s*)?(?:of|under|below|<|<=|≤|within|at most|=|:|max)?\s*(?:~\s*)?(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>ms|msec|milliseconds?|s|secs?|seconds?)\b", _I),
    re.compile(r"(?:under|below|within|less than|<|<=|≤|at most|max(?:imum)?|sub-|in)\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>ms|msec|milliseconds?)\b", _I),
    re.compile(r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>ms|msec|milliseconds?)\b", _I),
    re.compile(r"(?:latency|respond|response|answer|score)\w*[^.;\n]{0,30}?(?:under|below|within|less than|<|at most|in)\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>s|secs?|seconds?)\b", _I),
]
_SUB_SECOND = re.compile(r"sub-?second|under (?:a|one) second", _I)


def extract_latency(sheet: FactSheet) -> None:
    for rx in _LATENCY_RES:
        m = rx.search(sheet.text)
        if m:
            sheet.stated("latency_p99_ms", to_ms(m.group("num"), m.group("unit")), m)
            return
    m = _SUB_SECOND.search(sheet.text)
    if m:
        sheet.inferred("latency_p99_ms", 1000.0, "'sub-second' read as a p99 of 1 s", m)


_THROUGHPUT_RE = re.compile(
    APPROX + NUMBER + SCALE + r"\s*(?:[\w-]+\s+){0,1}?(?:requests?|reqs?|predictions?|calls|queries|"
    r"transactions|txns|events|scores|inferences|messages|orders|searches|page ?views|logins|"
    r"payments|sessions|visits|api calls)" + _PER_TIME,
    _I,
)
_RPS_RE = re.compile(APPROX + NUMBER + SCALE + r"\s*(?P<unit>rps|qps|tps|req/s|rpm|tpm|qpm|req/min)\b", _I)


def extract_throughput(sheet: FactSheet) -> None:
    text = sheet.text
    m = _RPS_RE.search(text)
    if m:
        unit = m.group("unit").lower()
        value = to_number(m.group("num"), m.group("scale"))
        rps = value / 60.0 if unit in ("rpm", "tpm", "qpm", "req/min") else value
        sheet.stated("throughput_rps", round(rps, 3), m)
        return
    m = _THROUGHPUT_RE.search(text)
    if m:
        value = to_number(m.group("num"), m.group("scale"))
        sheet.stated("throughput_rps", round(per_second(value, m.group("unit")), 3), m)


_DURATION = r"(?:" + NUMBER + r"|" + WORD_NUMBER + r")[\s-]*(?P<unit>days?|weeks?|wks?|months?|quarters?|years?)\b"
_DEADLINE_RE = re.compile(
    r"(?:in|within|deadline(?: is| of)?:?|by|over|next|have|timeline(?: is| of)?:?|launch\w* in|"
    r"ship\w* in|deliver\w* in|ready in|live in|done in|budget of|only|about|roughly)\s+"
    r"(?:the next\s+|a\s+|an\s+)?" + _DURATION,
    _I,
)
_PROJECT_LENGTH_RE = re.compile(
    _DURATION + r"\s+(?:project|deadline|timeline|engagement|pilot|mvp|poc|programme|program)", _I
)
_NOT_DEADLINE_AFTER = re.compile(
    r"^\s*(?:of\s+(?:\w+\s+){0,2}(?:history|data|records|logs|transactions|sales|observations)|"
    r"ahead|horizon|into the future|after|window|lookback|later|old|before|prior)",
    _I,
)
_NOT_DEADLINE_BEFORE = re.compile(
    r"(?:churn\w*|cancel\w*|leave|default\w*|return\w*|buy\w*|convert\w*|readmitted|fail\w*|forecast\w*|"
    r"predict\w*|horizon|labels?|chargebacks?|arrive|known|retrain\w*|refresh\w*|every|history|"
    r"lookback|window|last|past)\s+(?:\w+\s+){0,2}$",
    _I,
)


def _duration_weeks(m: re.Match[str]) -> float:
    num = m.group("num")
    value = to_number(num) if num else float(word_number(m.group("word")))
    return to_weeks(value, m.group("unit").replace("wk", "week"))


def extract_deadline(sheet: FactSheet) -> None:
    text = sheet.text
    candidates = [*_PROJECT_LENGTH_RE.finditer(text), *_DEADLINE_RE.finditer(text)]
    for m in candidates:
        if _NOT_DEADLINE_AFTER.search(text[m.end() : m.end() + 40]):
            continue
        if _NOT_DEADLINE_BEFORE.search(text[max(0, m.start() - 30) : m.start()]):
            continue
        weeks = _duration_weeks(m)
        if 0 < weeks <= 260:
            sheet.stated("deadline_weeks", round(weeks, 1), m)
            return


_HORIZON_RE = re.compile(
    r"(?P<n>\d+)[\s-]*(?P<unit>hours?|days?|weeks?|months?)\s+ahead|horizon of\s+(?P<n2>\d+)\s*"
    r"(?P<unit2>hours?|days?|weeks?|months?)|next\s+(?P<n3>\d+)\s*(?P<unit3>hours?|days?|weeks?|months?)",
    _I,
)
_GRAIN_RE = re.compile(r"\b(hourly|daily|weekly|monthly|quarterly|yearly|annual)\b", _I)
_HISTORY_RE = re.compile(
    r"(?:" + NUMBER + r"|" + WORD_NUMBER + r")\+?\s*(?P<unit>years?|months?|weeks?|days?)\s+of\s+"
    r"(?:[\w-]+\s+){0,2}(?:history|historical|data|records|logs|transactions|sales|observations|claims)",
    _I,
)
_LABEL_DELAY_RE = re.compile(
    r"(?:labels?|chargebacks?|outcomes?|ground truth|confirm\w*)[^.;\n]{0,50}?(?:after|within|take|takes|"
    r"up to|arrive|known|lag)[^.;\n]{0,15}?(?P<n>\d+)\s*(?P<unit>days?|weeks?|months?)",
    _I,
)


def extract_time_facts(sheet: FactSheet) -> None:
    text = sheet.text
    m = _HORIZON_RE.search(text)
    if m:
        n = m.group("n") or m.group("n2") or m.group("n3")
        unit = m.group("unit") or m.group("unit2") or m.group("unit3")
        sheet.stated("forecast_horizon", f"{n} {unit}", m)
    m = _GRAIN_RE.search(text)
    if m:
        sheet.stated("granularity", m.group(1).lower(), m)
    m = _HISTORY_RE.search(text)
    if m:
        sheet.stated("history", text[m.start() : m.end()].split(" of ")[0].strip(), m)
    m = _LABEL_DELAY_RE.search(text)
    if m:
        sheet.stated("label_delay", f"{m.group('n')} {m.group('unit')}", m)


_TEAM_OF_RE = re.compile(r"team of\s+(?:(?P<num>\d+)|" + WORD_NUMBER + r")", _I)
_TEAM_ROLE_RE = re.compile(
    r"(?:(?P<num>\d+)|" + WORD_NUMBER + r")\s+(?:(?:senior|junior|full-?time|part-?time|ml|data|"
    r"software|backend|mlops|platform)\s+){0,2}(?:data scientists?|engineers?|analysts?|developers?|"
    r"devs?|people|researchers?|fte|scientists?)\b",
    _I,
)


def extract_team(sheet: FactSheet) -> None:
    m = _TEAM_OF_RE.search(sheet.text)
    if m:
        n = int(m.group("num")) if m.group("num") else word_number(m.group("word"))
        sheet.stated("team_size", n, m)
        return
    matches = list(_TEAM_ROLE_RE.finditer(sheet.text))
    if matches:
        total = sum(int(x.group("num")) if x.group("num") else word_number(x.group("word")) for x in matches)
        if total >= 1:
            sheet.stated("team_size", total, (matches[0].start(), matches[-1].end()))


_BUDGET_RES = [
    re.compile(r"(?P<cur>[$€£])\s*" + NUMBER + SCALE, _I),
    re.compile(NUMBER + SCALE + r"\s*(?P<cur>usd|eur|gbp|dollars|euros|pounds)\b", _I),
]


def extract_budget(sheet: FactSheet) -> None:
    text = sheet.text
    for m in (m for rx in _BUDGET_RES for m in rx.finditer(text)):
        window = text[max(0, m.start() - 40) : m.end() + 40].lower()
        if "budget" in window or "spend" in window or "cap" in window:
            sheet.stated("budget_usd", to_number(m.group("num"), m.group("scale")), m)
            return


_CLASSES_RE = re.compile(
    r"(?:(?P<num>\d+)|" + WORD_NUMBER + r")\s+(?:[\w-]+\s+)?(?:categories|classes|queues|intents|"
    r"types|labels|departments|teams|topics|species|grades|severity levels|levels|product lines|"
    r"defect types|tags)\b",
    _I,
)


def extract_classes(sheet: FactSheet) -> None:
    m = _CLASSES_RE.search(sheet.text)
    if m:
        n = int(m.group("num")) if m.group("num") else word_number(m.group("word"))
        if n >= 2:
            sheet.stated("n_classes", n, m)


def human_count(n: float) -> str:
    """12_400_000 -> '12.4M'; used in reasons and summaries."""
    if n >= 1e9:
        return f"{n / 1e9:.3g}B"
    if n >= 1e6:
        return f"{n / 1e6:.3g}M"
    if n >= 1e4:
        return f"{n / 1e3:.3g}k"
    return f"{math.floor(n):,}"
