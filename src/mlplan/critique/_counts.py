"""How many of the things the plan is about it says there are: '38 growing rooms', 'all 42 rooms'.

Plans state their population (rooms, parks, ATMs, printers, bank accounts) where they describe
the business, again where they describe the data and again where they describe what the batch
job scores. Written weeks apart, the figures drift: the intro's 18,400 printers are 12,900 in
the deployment section. Of the 29 S03 defects in the suite and blind rounds 5-25, 13 were such
counts, none read by the rate and latency checks. Each statement of a whole population is kept
as ``data.populations`` (count, unit, kind, approximate), with its line as evidence; S03
compares statements of the same unit.

A count is a population only when nothing around it makes it a part or a change of one: '30 of
the 42 rooms', 'pilot in 3 sites', 'the eight largest accounts', 'grows to 60 parks by 2027',
'900,000 lines a month' (a flow) and 'three labelled rooms' are not.
"""

from __future__ import annotations

import re

from mlplan.critique._builder import PlanBuilder
from mlplan.critique._document import Document
from mlplan.domain import Evidence
from mlplan.understand.numbers import to_number

_ONES = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen")  # fmt: skip
_UNITS = (*_ONES[2:], *_TEENS)
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_WORDS = {word: n for n, word in enumerate(_UNITS, start=3)} | {
    word: 10 * n for n, word in enumerate(_TENS, start=2)
}
_ONE_TO_NINE = {word: n for n, word in enumerate(_ONES, start=1)}
_WORD_NUMBER = (
    r"(?:" + "|".join(_TENS) + r")(?:-(?:" + "|".join(_ONE_TO_NINE) + r"))?|" + "|".join(_UNITS)
)
"""Counts written in words, three to ninety-nine: 'all twelve depots', 'our forty-two rooms'."""
_COUNT = re.compile(
    r"(?<![\w.,/–—-])(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+(?=\s*(?:k|m|thousand|million)\b))?|"
    + _WORD_NUMBER
    + r")"
    r"(?:\s*(?P<scale>k|m|thousand|million)\b)?"
    r"(?:-(?P<hyphen>[a-z]{2,})\s+(?:fleet|estate|network|portfolio|pool|register)\b"
    r"|\s+(?P<mods>(?:[a-z][a-z-]*\s+){0,2}?)(?P<noun>[a-z]{2,}[a-rtv-z]s)\b)"
)
"""'38 growing rooms', '3,100 road segments', 'the 1,180-ATM fleet'."""
_NOT_POPULATION_WORDS = """seconds minutes hours days weeks months years quarters seasons nights winters summers
    shifts sprints decades centuries times ms kms metres meters miles litres liters tonnes tons
    grams degrees percent points bps dollars euros pounds cents units features models trees
    layers epochs folds classes labels rows records samples examples observations parameters
    params iterations rounds steps runs experiments variables columns fields tokens dimensions
    bins buckets clusters splits seeds metrics thresholds people staff engineers analysts
    scientists officers nurses doctors reviewers annotators labellers labelers members ftes
    hires persons heads words characters pages lines entries readings events images frames
    versions releases candidates alternatives options configs configurations settings
    replicas pods nodes cores gpus cpus servers instances requests calls queries predictions
    scores alerts percentiles weights bits bytes kilobytes megabytes gigabytes terabytes
    sources tables files reports slides sheets kilometres kilometers inches feet
    millimetres millimeters hectares acres watts kilowatts megawatts volts amps rpms decibels
    goals targets windows lags horizons cycles jobs tasks tickets issues weekdays
    weekends"""
_NOT_POPULATIONS = frozenset(_NOT_POPULATION_WORDS.split())
"""Units, data rows, ML vocabulary and staff: counts of these are sizes, not the population."""
_NOT_A_MODIFIER = re.compile(r"^(?:of|per|more|fewer|less|than|and|or|to|in|at|on|for|x)$")
_PART_MODIFIER = re.compile(
    r"^(?:active|inactive|live|new|old|newer|older|larger|smaller|bigger|other|additional|extra|"
    r"remaining|pilot|test|training|validation|held-out|holdout|positive|negative|open|closed|"
    r"eligible|returning|top|bottom|first|last|next|previous|high-risk|low-risk|daily|weekly|"
    r"monthly|yearly|annual|hourly|random|randomly|most|least|flagged|labell?ed|selected|sampled|affected|"
    r"failed|returned|cancell?ed|churned|defaulted|reported|matched|unmatched|audited|reviewed|"
    r"inspected|surveyed|treated|untreated|excluded|worst|best|"
    r"counted)$|^[a-z]+-(?:sampled|labell?ed|selected|flagged|audited|reviewed|inspected)$|(?<!for)(?<!inter)(?<!harv)(?<!cont)(?<![tw])est$"
)
"""Words between number and noun that name a part of the population ('the 8 largest accounts',
'3,000 flagged sites'): they stay in the unit, so only the same part is compared. A kind ('road
segments', 'bank accounts', 'growing rooms') is dropped: 'all 4,200 segments' counts the same
road segments."""
_WHOLE_BEFORE = re.compile(
    r"(?:\ball|\bthe|\bour|'s|\bacross|\bfleet of|\bnetwork of|\bestate of|"
    r"\bportfolio of|\btotal of|\bhas|\bhave|\bown|\bowns|\bruns|\boperates?|\bmanages?|"
    r"\bserves?|\bcovers?|\bmaintains?|\bscores?|\bscoring|\bspans?|\bspanning|"
    r"\bcompris(?:es|ing)|\bconsist(?:s|ing)? of|\bmade up of|\btotall?ing|\bnumbering|:|^[\s*+>•-]*|^\s*\d+[.)]\s*)"
    r"(?:\s+and\s+[a-z]+)?\s*"
    r"(?:~|≈|about|around|roughly|approximately|approx\.?|some|c\.)?\s*$"
)
"""'all 42 rooms', 'the 1,180-ATM fleet', 'our 12 sites', 'runs 14 sites', '- 38 parks', 'Data
volume: 1.2M claims': the count is of the whole, as stated."""
_WHOLE_AFTER = re.compile(
    r"^\s*(?:in (?:the|our|its) (?:[\w-]+ ){0,2}?(?:fleet|network|estate|pool|portfolio|register|"
    r"log|extract|system|scope|programme|program)\b|in total\b|total\b|overall\b)"
)
_PART_BEFORE = re.compile(
    r"\b(?:a|an|each|every|per) [a-z-]+ (?:has|have|holds|contains|gives|carries)\s+"
    r"(?:about\s+|around\s+|roughly\s+|some\s+|~\s*)?$|"
    r"\b(?:first|top|pilot(?:ing|ed|s)?|trial|only|another|other|remaining|additional|extra|"
    r"more than|fewer than|less than|up to|at least|at most|than|excluding|except|plus|"
    r"expand(?:s|ed|ing)?|grow(?:s|ing|n)?|increas(?:e|es|ed|ing)|add(?:s|ed|ing)?|reach(?:es)?|"
    r"rising|falling|down|from|of which|among|sample of|subset of|waves?|phases?|stag(?:e|es|ed)|next|new|"
    r"later|eventually|future|planned|target(?:s|ing)?|aim(?:s|ing)?)\b(?::\s*|[^.;:\n]{0,30})$"
)
_PERIOD = r"(?:business |working )?(?:day|week|month|year|night|shift|quarter|season|hour)\b"
_FLOW_AFTER = re.compile(
    r"^\s*(?:(?:[a-z-]+\s+){0,2}(?:each|per|every|a) " + _PERIOD + r"|each\b|per\b|every\b|"
    r"an hour\b|daily\b|weekly\b|"
    r"monthly\b|annually\b|/|[^.;\n]{0,40}\b(?:arriv|com(?:e|ing) in|added|created|opened|"
    r"closed)\w*\s+(?:a|an|per|each|every) )"
)
"""'46,000 trades settle each business day', '900,000 lines arriving a month': a flow."""
_PART_AFTER = re.compile(
    r"^\s*(?:for (?:training|validation|testing|test|tuning)\b|(?:train|training|validation|"
    r"test|holdout)\b|from (?:a|an|one|several|other|another)\b|(?:re-?)?(?:flown|surveyed|"
    r"inspected|labell?ed|annotated|coded|sampled|selected|chosen|drawn|reviewed|audited|used|"
    r"kept|held|flagged|tested|visited|scanned|photographed|excluded|dropped|removed)\b|"
    r"(?:are|were|is|was) (?:drawn|sampled|selected|chosen|picked|randomly)\b|on average\b|"
    r"apiece\b|(?:with|without|that|which|where|whose)\b|of\b|out of\b|on the (?:floor|shelf|shelves|line)\b|"
    r"in (?:stock|inventory|progress|process|flight|the queue)\b|queued\b|waiting\b|"
    r"first\b|initially\b|to start\b|to begin\b|at first\b|in (?:the )?(?:pilot|trial|first|"
    r"phase|wave|test|sample)\b|by 20\d\d\b|to (?:about |around |~\s*)?\d|next\b|later\b|x\s*\d|\u00d7|more\b|fewer\b|less\b)"
)
"""A part, a sample, a split, a stage or a per-item count: '200 kiosks for training', '212
bridges flown', 'the 30 schools are drawn at random', 'a board has 15 joints on average'."""
_ALL_OF = re.compile(r"(?:\ball|\beach of (?:the|our)|\bevery one of (?:the|our))\s*$")
"""'for all 42 rooms every night' counts the rooms, whatever follows."""
_APPROXIMATE = re.compile(r"(?:~|≈|\babout|\baround|\broughly|\bapproximately|\bsome|\bnearly|"
                          r"\balmost|\bover|\bunder|\bc\.|\bapprox\.?)\s*$")  # fmt: skip


def _value(num: str, scale: str | None) -> float:
    """'1,350' -> 1350; 'forty-two' -> 42; '1.2', 'm' -> 1,200,000."""
    if num[0].isdigit():
        return to_number(num, scale)
    tens, _, ones = num.partition("-")
    return float(_WORDS[tens] + _ONE_TO_NINE.get(ones, 0))


def extract_populations(doc: Document, b: PlanBuilder) -> None:
    """Record each statement of a whole population as ``data.populations[i]``."""
    text = doc.ext
    for m in _COUNT.finditer(text):
        reading = _reading(m)
        if reading is None or not _whole(text, m) or _breakdown(doc, m):
            continue
        value, unit, kind = reading
        before = text[max(0, m.start() - 30) : m.start()]
        line = doc.line_of(m.start())
        b.append(
            "data.populations",
            {"count": value, "unit": unit, "kind": kind,
             "approximate": bool(_APPROXIMATE.search(before))},
            Evidence(line=line, quote=doc.quote(*doc.sentence(m.start(), m.end()), limit=160)),
            limit=40,
        )  # fmt: skip


def _reading(m: re.Match[str]) -> tuple[int, str, str] | None:
    """(count, unit, kind) of a count of things, None for sizes, units and non-counts."""
    noun = m.group("noun")
    unit = noun if noun is not None else m.group("hyphen") + "s"
    if unit in _NOT_POPULATIONS:
        return None
    mods = (m.group("mods") or "").split()
    if any(_NOT_A_MODIFIER.match(word) for word in mods):
        return None
    part = [word for word in mods if _PART_MODIFIER.search(word)]
    if part:
        unit = " ".join([*part, unit])
    kind = " ".join(word for word in mods if word not in part)
    value = _value(m.group("num"), m.group("scale"))
    if value < 3 or value != int(value) or (1950 <= value <= 2100 and "," not in m.group(0)):
        return None  # a year, a pair, a fraction
    return int(value), unit, kind


def _whole(text: str, m: re.Match[str]) -> bool:
    """The count is of the whole population, as stated: not a part, a flow or a change."""
    start = m.start()
    line_start = text.rfind("\n", 0, start) + 1
    before = text[max(line_start, start - 60) : start]
    after = text[m.end() : m.end() + 60]
    sentence = text[max(line_start, start - 200) : start]
    sentence = sentence[max(sentence.rfind(". "), sentence.rfind("; ")) + 1 :]
    source = _SOURCE.search(before) and not _FLOW_BEFORE.search(sentence)
    if (not source and _PART_BEFORE.search(before)) or _PART_AFTER.match(after):
        return False
    if _FLOW_AFTER.match(after) and not _ALL_OF.search(before):
        return False
    return bool(source or _WHOLE_BEFORE.search(before) or _WHOLE_AFTER.match(after))


_FLOW_BEFORE = re.compile(
    r"\b(?:a|an|per|each|every) " + _PERIOD + r"|\b(?:daily|weekly|monthly|annually)\b"
)
_SOURCE = re.compile(
    r"(?<!sample )(?<!sampled )(?<!drawn )(?<!taken )(?<!selected )(?<!chosen )(?<!picked )"
    r"(?<!\bto )(?<!\d )\bfrom (?:the |our |all |about |around |roughly |~\s*)?$"
)
"""'4,100 hours of video from 14 pens', 'frames from the 12 pens': where the data comes from is the
whole population; a sample drawn from some of it ('a grab sample from about 900 loads') and a
change ('from 40 to 60 parks') are not."""


def _breakdown(doc: Document, m: re.Match[str]) -> bool:
    """'eight cameras: four side views, two shoulder views and two base views': counts of one
    noun listed together break a whole into parts."""
    noun = m.group("noun")
    if noun is None:
        return False
    lo, hi = doc.sentence(m.start(), m.end())
    counts = re.compile(
        r"(?<![\w.,-])(?:\d[\d,]*|one|two|"
        + _WORD_NUMBER
        + r")\s+(?:[a-z-]+\s+){0,2}?"
        + noun
        + r"\b"
    )
    return any(other.start() != m.start() for other in counts.finditer(doc.ext, lo, hi))
