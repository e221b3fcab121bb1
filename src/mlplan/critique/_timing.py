"""When a feature's value exists, read against when the prediction is made.

A feature leaks the outcome when its time window ends after the prediction point ('rainfall
April–September' for an outlook issued on 1 July), when it is recorded while the predicted event
happens ('metres walked for the task', 'photo captured at the doorstep', 'sessions started in the
target hour') or when it only exists at the end of a period the prediction is made inside
('end-of-year attendance', 'whole-season degree days', 'resits'). These readings are general:
month ranges, outcome-time words and the plan's own statement of when it predicts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_MONTH_NUMBER = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
_PREDICT_VERB = re.compile(
    r"\b(?:issue[sd]?|publish(?:es|ed)?|produce[sd]?|generate[sd]?|release[sd]?|score[sd]?|"
    r"forecasts?|outlooks?|predictions?|predict(?:s|ed)?|estimates?|runs?|made|decide[sd]?|"
    r"decisions?)\b"
)
_DATE = re.compile(
    r"\b(?:on|by|before|from|at) (?:the )?(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)? (?P<m1>"
    + _MONTH
    + r")"
    r"|(?P<m2>" + _MONTH + r") (?P<d2>\d{1,2})(?:st|nd|rd|th)?)\b"
)
_HORIZON = re.compile(
    r"\b(?P<n>\d+)[- ]?(?P<unit>hours?|h|days?|weeks?|months?)[- ](?:ahead|in advance|out)\b|"
    r"\bt ?- ?(?P<t>\d+) ?(?P<tunit>h|d|hours?|days?)\b|"
    r"\b(?:day|week|month)[- ]ahead\b"
)
_WEEK_POINT = re.compile(r"\b(?:at|by|in|from|of) (?:the end of )?week \d+\b")
_RANGE = re.compile(
    r"(?:\d{1,2}(?:st|nd|rd|th)? )?(?P<a>" + _MONTH + r")\b\.?\s*(?:–|—|-|\bto\b|\buntil\b|"
    r"\bthrough\b|\btill\b|\band\b)\s*(?:the )?(?:\d{1,2}(?:st|nd|rd|th)? |early |mid-?|late |"
    r"end of )?(?P<b>" + _MONTH + r")\b"
)
_IN_MONTH = re.compile(
    r"\b(?:in|during|at|through|by the end of) (?:the )?(?:early |mid-?|late |end of )?"
    r"(?P<b>" + _MONTH + r")\b(?! \d{4})|\bmid-(?P<mid>" + _MONTH + r")\b"
)
_EARLIER = re.compile(
    r"\b(?:prior|previous|preceding|past|historical|history of|earlier|last (?:year|season|"
    r"week|month|winter|summer|term)|a (?:year|season|week|month) (?:before|earlier)|ago|"
    r"as of|as it stood|at the time of|point[- ]in[- ]time|so far|to date|up to (?:and "
    r"including )?(?:the )?(?:prediction|scoring|decision|snapshot|cut-?off))\b|"
    r"\b(?:last|previous|prior|preceding) \d+\b|\b(?:year|season)[- ]before\b"
)
_DURING_EVENT = re.compile(
    r"\bwhile (?:the |this |that |it |they )?(?:[\w-]+ ){0,2}(?:is|was|are|were) being\b|"
    r"\b(?:captured|recorded|logged|measured|entered|taken|observed|noted|scanned|photographed)"
    r"(?: \w+){0,2} (?:at|on|during|after|upon) (?:the )?(?:doorstep|delivery|drop-?off|arrival|"
    r"handover|completion|pick|discharge|check-?out|close|closing|end|exit|collection|"
    r"hand-?in)\b|"
    r"\b(?:walked|travell?ed|driven|spent|consumed|elapsed|needed|taken) (?:for|on|during|in) "
    r"(?:the|this|that|each) (?:task|trip|pick|job|order|call|visit|delivery|route|journey|"
    r"repair|stay|shift)\b|"
    r"\bactual (?:[\w-]+ ){0,2}?(?:path|route|distance|duration|time|walk\w*|travel\w*|usage|"
    r"volume|demand|attendance|spend|sales|load|weather|rain\w*|precipitation|temperature|"
    r"turnout|outcome|result)s?\b|"
    r"\b(?:in|during|within) (?:the|that|this) (?:target|forecast(?:ed)?|predicted|"
    r"prediction|scored) (?:hour|day|week|month|period|window|date|shift|slot|season|year)\b|"
    r"\b(?:this|the current) (?:month|week|cycle|period|quarter|term|season|day)'s\b|"
    r"\b(?:outcome|disposition|result|resolution) codes? (?:of|from) (?:this|the current|the same)\b"
)
_PERIOD_END = re.compile(
    r"\bend[- ]of[- ](?:the[- ])?(?:year|term|semester|season|month|quarter|stay|trip|game|"
    r"match|campaign|course|programme|program)\b|\b(?:whole|entire|full)[- ](?:growing[- ])?"
    r"(?:season|year|term|semester|stay|trip|match|game|campaign|course)\b|\bseason(?:al)?[- ]"
    r"(?:total|sum|cumulative|aggregate)s?\b|\bresits?\b|\bre-?sits?\b|\bfinal (?:marks?|exams?|"
    r"attendance|standings?|tally|count|total|reading|score|grades?)\b"
)
_PERIOD_MARKS = re.compile(
    r"\b(?:semester|term|year|module)[- ](?:one|two|three|1|2|3)[- ](?:marks|grades|results|"
    r"exam results|scores)\b"
)
_PLANNED = re.compile(
    r"\b(?:planned|scheduled|calendar|forecasts? (?:of|for)|weather forecast|promo\w*|holidays?|"
    r"booked|bookings?|known in advance|published in advance)\b"
)
"""Values fixed before the event even when they describe it: the promo calendar for the target
day, the weather forecast for the hour."""
_SAME_DAY = re.compile(r"\bsame[- ](?:day|hour|shift)\b(?![- ](?:last|a|of (?:the )?previous))")


@dataclass(frozen=True, slots=True)
class PredictionPoint:
    """When the plan says its predictions are made: a calendar month, a horizon, a week."""

    month: int | None = None
    ahead: bool = False
    weekly: bool = False
    events: tuple[str, ...] = ()
    """Events the prediction is made before ('T-24h before departure' -> 'departure')."""


def _month(word: str) -> int:
    return _MONTH_NUMBER[word[:3]]


def prediction_point(text: str) -> PredictionPoint:
    """Read the prediction point from the plan's lower-cased text."""
    month = None
    for sentence in re.split(r"(?<=[.!?\n])\s+", text):
        m = _DATE.search(sentence)
        if m is not None and _PREDICT_VERB.search(sentence) and not _EARLIER.search(sentence):
            month = _month(m.group("m1") or m.group("m2"))
            break
    events: list[str] = []
    for m in _BEFORE_EVENT.finditer(text):
        start = max(text.rfind(".", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        end = m.end() + 80
        sentence = text[start:end]
        word = m.group("event")
        if word in _NOT_EVENTS or word in events:
            continue
        if _PREDICT_VERB.search(sentence) or _HORIZON.search(sentence):
            events.append(word)
    return PredictionPoint(
        month=month,
        ahead=_HORIZON.search(text) is not None,
        weekly=_WEEK_POINT.search(text) is not None,
        events=tuple(events),
    )


_BEFORE_EVENT = re.compile(
    r"\b(?:before|ahead of|prior to|in advance of) (?:the |each |its |their |every |a |an )?"
    r"(?:[a-z-]+ )?(?P<event>[a-z][a-z-]{3,})\b"
)
"""'T-72h, T-24h, T-4h before departure', 'scored 48 hours ahead of the appointment'."""
_NOT_EVENTS = frozenset(
    {
        "split", "splitting", "training", "train", "model", "models", "launch", "deployment",
        "rollout", "release", "going", "anything", "else", "that", "then", "this", "those",
        "these", "them", "they", "making", "using", "scoring", "prediction", "predictions",
        "predicting", "deciding", "decision", "cut-off", "cutoff", "snapshot", "week", "month",
        "year", "day", "hour", "hours", "days", "weeks", "months", "years", "minutes", "time",
        "date", "start", "end",
    }
)  # fmt: skip


def _at_event(text: str, events: tuple[str, ...]) -> bool:
    """'gate-scan count for the flight at departure': a value taken when the event happens."""
    for event in events:
        rx = (
            r"\b(?:at|on|after|upon|during|at the time of|at the moment of|by the time of) (?:the )?"
            r"(?:[\w-]+ )?" + re.escape(event) + r"\b(?=\s*(?:[,;.:)(]|$|\btime\b|\band\b))"
        )
        if re.search(rx, text):
            return True
    return False


def _ends_after(text: str, month: int) -> bool:
    for m in _RANGE.finditer(text):
        start, end = _month(m.group("a")), _month(m.group("b"))
        if start <= end and end > month:
            return True
    for m in _IN_MONTH.finditer(text):
        word = m.group("b") or m.group("mid")
        if word not in {"may", "mar"} and _month(word) > month:  # 'may'/'mar' are also words
            return True
    return False


def after_prediction_point(text: str, point: PredictionPoint) -> bool:
    """True when a feature's words place its value after the prediction point."""
    if _EARLIER.search(text) or _PLANNED.search(text):
        return False
    if _DURING_EVENT.search(text) or _PERIOD_END.search(text) or _at_event(text, point.events):
        return True
    if point.month is not None and _ends_after(text, point.month):
        return True
    if point.ahead and _SAME_DAY.search(text):
        return True
    return point.weekly and _PERIOD_MARKS.search(text) is not None
