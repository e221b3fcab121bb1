"""The document read as a brief: task, people, regulations, time order, numbers.

The brief extractor (``understand``) reads the whole document. Its stated facts are kept;
its defaults ('assumed') are dropped, because a reviewed plan that never says a thing has
not said it. Some of its inferences are generous by design (a drafter should plan for a
group split whenever customers are mentioned); for a review, time order, grouping and
personal data are kept only when the document gives them away in so many words.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from mlplan.critique._document import Document, Hit, _scan
from mlplan.critique._facts_split import SHUFFLE_BETWEEN, random_holdout
from mlplan.domain import Evidence, FactSource, Origin, ProjectBrief, Section, Span, TaskType
from mlplan.understand._facts import FactSheet, blank_spans
from mlplan.understand._qualitative import (
    extract_modalities,
    extract_people_and_interpretability,
    extract_regulations,
    extract_task,
    extract_time_and_groups,
)
from mlplan.understand._quantities import extract_classes, extract_latency, extract_throughput
from mlplan.understand._time import extract_deadline, extract_time_facts
from mlplan.understand._volume import RECORD_NOUNS, extract_positive_rate, positive_rates
from mlplan.understand.cues import AFFECTS_PEOPLE_CUES
from mlplan.understand.numbers import to_number
from mlplan.understand.text import to_brief

_REQUIRED = frozenset({"title", "business_problem", "objective", "task_type"})
_NOT_READ = frozenset({"domain"})
"""Inferred from a single word ('campaign' -> advertising); a reviewed plan states its domain in
its own words, which the rules read from the title and problem statement."""
_BARE_RANK = re.compile(r"(?:top-)?rank(?:s|ed|ing)?|ranked list", re.I)
_PROBABILITY = re.compile(
    r"(?<![\w-])(?:probabilit(?:y|ies)|likelihood|whether|risk of|propensity|(?:most |more |least |"
    r"less )?likely to|chance of|will (?:\w+ ){0,3}"
    r"(?:fail|leave|churn|cancel|default|convert|buy|close|lapse|break))(?![\w-])"
)
_CLINICAL = re.compile(
    r"(?<![\w-])(?:patients?|clinical|medical|hospital|emergency|nurses?|doctors?)"
)
MOVED = ("latency_p99_ms", "throughput_rps", "positive_class_rate")
"""Quantities a plan states in its own sections: read once, written to the plan field."""

_STRONG_TIME = re.compile(
    r"(?<![\w-])(?:time[- ]series|timestamp\w*|time[- ]ordered|chronolog\w+|event logs?|"
    r"clickstream|transactions?|sessions?|sensor readings|telemetry|forecast\w*|search logs?|"
    r"query logs?|impressions|(?:hourly|daily|weekly|monthly) (?:rows|records|readings|"
    r"observations|counts|totals|series)|(?:daily|weekly|"
    r"monthly|quarterly) snapshots?|snapshots? (?:per|every|each) (?:day|week|month)|(?:next|"
    r"coming|following) \d+ (?:hours|days|weeks|months)|within (?:the next )?\d+ (?:hours|days|"
    r"weeks|months)|per (?:day|week|month) per|readmission|time to event|will (?:\w+ ){0,3}(?:fail|"
    r"leave|churn|cancel|default|lapse)|rolling (?:\d+ ?[a-z]*|means?|averages?|windows?|sums?|"
    r"counts?|deltas?)\b|lag(?:ged)? features|(?:\d+|a few|one|two|three|\d+-\d+)[- ]?(?:h|hours?|d|"
    r"days?|weeks?) (?:before|ahead of|prior to) (?:a|an|the|each) (?:case|event|failure|fault|"
    r"outcome|diagnosis|onset|breakdown|incident|swarm|outage|alarm))"
)
"""Wording that ties rows to time (a date range alone says when data was collected, not that a
model predicts later rows from earlier ones)."""
_YEARS = (
    r"(?P<years>(?:fy ?)?(?:19|20)\d\d ?(?:–|—|-|to|through|until) ?(?:fy ?)?(?:19|20)?\d\d)(?!\d)"
)
_SPLIT_ACROSS_YEARS = re.compile(
    r"(?<![\w-])(?:shuffl\w*|random(?:ly)?|(?:\d+|five|ten|three)-fold|cross[- ]validat\w*|"
    r"split\w*)\b[^.;\n]{0,80}?\b(?:of |over |across |from |pooled |in )(?:all |the )?(?:[\w-]+,? )"
    r"{0,2}?(?:from |in |between )?" + _YEARS
)
"""A random split or cross-validation over rows from several years ('random 80/20 split of all
policy-years 2008–2023', 'cross-validation over all tenders from 2012 to 2023'): rows from
later years train a model scored on earlier ones, which a date range alone would not say."""
_SPAN = _YEARS.replace("?P<years>", "?P<span>")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
_YEARS_THEN_SHUFFLED = re.compile(
    r"(?<![\w-])(?:" + _SPAN + r"|(?:last|past|latest) (?:\d+|two|"
    r"three|four|five|six|twelve|eighteen|twenty-four) (?:months|years|seasons|school years) of)"
    r"[^.;\n]{0,60}?\b(?:shuffl\w*|split (?:\w+ ){0,3}?(?:at random|randomly)|random(?:ly)? split\w*|"
    r"(?:assign|divid|split)\w* at random)"
)
"""The same with the span first: 'pool all 2.1 million sales from 2015 to 2024, shuffle them',
'take the last 12 months of labelled reviews, shuffle them and split 80/10/10'."""
_NO_TIME = re.compile(
    r"(?<![\w-])(?:no time (?:order|component|dependence)|not (?:\w+ )?time[- ]ordered|"
    r"not ordered (?:in|by) time|static snapshot|i\.?i\.?d\.?(?![\w-])|no temporal)"
)
_PERSONAL = re.compile(
    r"(?<![\w-])(?:pii|personal(?:ly)? (?:data|information|identifiable)|gdpr|hipaa|ccpa|"
    r"patients?|applicants?|borrowers?|employees?|job candidates|cardholders?|policyholders?|"
    r"claimants?|students?|pupils?|taxpayers?|filers?|(?:individual |tax )returns?|minors|citizens|"
    r"medical|clinical|health records?|"
    r"e-?mail addresses|phone numbers?|home addresses|dates? of birth|national id|ssn|"
    r"social security|ibans?|bank details|ip addresses|location histor(?:y|ies)|full names|"
    r"(?:customer|user|subscriber|member|client|player|visitor|shopper|guest|passenger|driver|"
    r"rider|tenant|listener|viewer)s?'? ?(?:data|records?|profiles?|histor(?:y|ies)|details|"
    r"attributes|information|ids?|identifiers?|accounts?|snapshots?|demographics|behaviou?r|"
    r"transactions|emails?|messages|activity|level|tenure|addresses)|"
    r"(?:per|each|every|which|individual) (?:customer|user|subscriber|member|client|player|"
    r"driver|rider|person|employee|patient)s?|"
    r"(?:customers?|users?|members?|subscribers?) (?:who|will|that) (?:churn|cancel|leave|"
    r"default|buy|convert|click|lapse|lap)|(?:call|voice|phone|video) recordings?|(?:call|chat|"
    r"support|interview|consultation) transcripts?|chat logs|(?:conversations?|calls|chats) with "
    r"(?:a |an |our |the )?(?:customers?|users?|callers?|patients?|clients?|members?|citizens)|"
    r"(?:number|licen[cs]e|registration) plates?|passers-?by|bystanders?|(?:people'?s|human|"
    r"visible|identifiable) faces|faces of (?:people|passers-?by|pedestrians|customers|staff))(?![\w-])"
)
_ORGANISATIONS = re.compile(
    r"(?<![\w-])(?:customers|clients|counterparties|debtors|buyers|accounts|borrowers|payers) are "
    r"(?:all |only )?(?:companies|businesses|legal entities|organi[sz]ations|firms|corporates|"
    r"corporations)(?![\w-])"
)
"""'Customers are companies': decisions are about organisations, not people."""
_STRONG_GROUPS = frozenset({"patient_id", "video_id", "recording_id", "store_sku_series"})
_MACHINE_DATA = re.compile(
    r"(?<![\w-])(?:readings|telemetry|sensors?|per (?:device|machine|unit|asset)|each (?:device|"
    r"machine|unit|asset)|machines|turbines|pumps|compressors|vehicles|fleet)(?![\w-])"
)
"""'device' names a group only in machine data; in fraud or ads it is a feature ('device id')."""
_STRONG_REASONS = ("the rows come from", "one series per")


@dataclass
class BriefReading:
    """The brief read from a plan. ``moved`` holds the quantities a plan section owns, keyed by
    brief field; 'data.positive_class_rate' in it is the data's rate, chosen because another
    statement contradicts it."""

    brief: ProjectBrief
    evidence: dict[str, Evidence] = field(default_factory=dict)
    moved: dict[str, tuple[Any, Evidence | None]] = field(default_factory=dict)


_ALGORITHMS = re.compile(
    r"(?i)\b(?:logistic|linear|poisson|ridge|lasso|quantile|gamma|tweedie|isotonic|ordinal)"
    r"[- ]regression|\bregression (?:trees?|forests?|models? (?:family|baseline))|\bclustering "
    r"(?:of )?features|\banomaly scores? as (?:a )?features?"
)
"""Algorithm names that name a task word ('logistic regression' is not a regression task)."""
_SEGMENT_NOUN = re.compile(
    r"(?i)(?<![\w-])(?:a|an|the|each|every|per|by|one|of|this|that|which|its|our|their|[a-z]+-?"
    r"(?<!\bto)(?<!\bwe)(?<!\bwill)(?<!\band)(?<!\bcan)(?<!\bthen))[ \t]+segments?(?![\w-])"
)
"""'aisle segment', 'per segment', 'cuisine segment': a part of something, not clustering; the
task word is the verb ('segment customers into ...') or 'segmentation'."""
_NO_PERSONAL = re.compile(
    r"(?<![\w-])(?:(?:contains?|holds?|includes?|uses?|involves?|processes|has) no (?:personal|pii|"
    r"customer|employee|patient|user|member)|no (?:personal|pii|customer|employee|patient|user|"
    r"member) (?:or [\w-]+ )?(?:data|information|identifiers|records)(?: (?:is|are) (?:used|"
    r"processed|involved|collected|needed))?|there (?:is|are) no (?:personal|customer|employee|"
    r"patient|user|member)(?: or [\w-]+)? (?:data|information|records)|personal data\W{0,6}"
    r"(?:none|n/a|not applicable)\b|(?:is|are) not personal (?:data|information)\b|"
    r"\bno (?:[\w-]+,? (?:or |and |nor )?){1,5}(?:any )?other personal (?:data|information)\b|"
    r"only aggregated? (?:counts|figures|totals|statistics|data)|no (?:patient|person|individual|"
    r"customer|user|member|pupil|student|employee)[- ]level (?:rows|records|data|information))"
)
"""'Personal data: none enters this project', 'there is no customer or employee information':
the author rules personal data out, which beats a people word seen in passing ('patient')."""
_PEOPLE_DECISIONS = re.compile(
    r"(?<![\w-])(?:(?:audit|investigat|inspect|sanction|penali[sz]|select|screen|prosecut|"
    r"sentenc)\w* (?:\w+ ){0,4}?(?:taxpayers?|citizens|individuals|claimants|tenants|residents|"
    r"pupils|students|filers|offenders|benefit recipients)|(?:appeal|objection) rights|"
    r"individual (?:tax )?returns)(?![\w-])"
)
"""Decisions about people the brief cues miss: selecting taxpayers for audit, screening tenants."""
_AFFECTS_CUE = re.compile(r"(?<![\w-])(?:" + AFFECTS_PEOPLE_CUES + r")")
_PERSON_HEAD = re.compile(
    r"(?<![\w-])(?:patient|applicant|borrower|candidate|employee|student|pupil|tenant|claimant)$"
)
"""A singular people word with no article before it and a noun after it is a modifier ('patient
addresses', 'patient transport'): it names data or a service, not a person decided about."""
_AS_A_COST = re.compile(r"[^.;\n]{0,40}?\b(?:cost|costs|cost us|spend|spent|paid out)\b")
"""A people word as the subject of a cost names money spent, not a person decided about."""
_DETERMINER = re.compile(
    r"(?:\b(?:the|a|an|each|every|per|one|this|that|any|which|our|their|its)\s+)$"
)
_MODIFIED_NOUN = re.compile(
    r"(?:-|\s+)(?!who\b|whose\b|with\b|are\b|is\b|at\b|in\b|on\b|for\b|"
    r"and\b|or\b|to\b|of\b|from\b|will\b|can\b|may\b|that\b|were\b|was\b|"
    r"have\b|has\b|get\b|gets\b|by\b)[a-z]+"
)
"""The word after a people word: a noun it modifies, not a verb or clause about the person."""
_CREDIT = re.compile(
    r"(?<![\w-])(?:credit|interest rates?|repay\w*|arrears|apr|underwrit\w+|lend(?:ing|er|ers)|"
    r"affordability|mortgages?|defaults?|delinquen\w+|borrowing limits?|principal)(?![\w-])"
)
"""Words of credit: without any of them, 'loans' are library or equipment loans."""
_NOT_FOR = re.compile(
    r"(?<![\w-])(?:not (?:for|about|used for|intended for)|out of scope|never used (?:for|to)|"
    r"no (?:decisions?|judg\w+) about)(?![\w-])"
)
_RATE_UNITS = re.compile(r"(?:/|per )\s*(?:s|sec|second|min|minute)\b|rps|qps|tps|req/s", re.I)


def read_brief(doc: Document) -> BriefReading:
    """The brief facts of a document, each with the line that states it."""
    from mlplan.critique._facts_ops import _NOT_A_CLASS_RATE

    read = _blanked(doc, _ALGORITHMS, _NOT_A_CLASS_RATE, _SEGMENT_NOUN)
    sheet = _extract(read)
    for name, source in list(sheet.facts.items()):
        if source.origin is Origin.ASSUMED or name in _NOT_READ:
            if name not in _REQUIRED:
                sheet.values.pop(name, None)
            del sheet.facts[name]
    _framed_task(doc, sheet.values, sheet.facts)
    _misplaced_task(doc, read, sheet.values, sheet.facts)
    _ranked_entities(doc, sheet.values, sheet.facts)
    _time_order(doc, sheet.values, sheet.facts)
    _product_modality(doc, sheet.values, sheet.facts)
    _group_key(doc, sheet.values, sheet.facts)
    _people(doc, sheet.values, sheet.facts)
    _decision_subjects(doc, sheet.values, sheet.facts)
    moved: dict[str, tuple[Any, Evidence | None]] = {}
    throughput = sheet.facts.get("throughput_rps")
    if throughput is not None and not _RATE_UNITS.search(
        throughput.span.text if throughput.span else ""
    ):
        sheet.values.pop("throughput_rps", None)  # '2,000 calls / week' is capacity, not load
        sheet.facts.pop("throughput_rps", None)
    _sensitive(doc, sheet.values, sheet.facts)
    _label_rate(doc, sheet.values, sheet.facts)
    restated = {
        name: found
        for name, extractor, home in _RESTATED
        if (found := _restated(doc, name, extractor, home)) is not None
    }
    for name in MOVED:
        if name in restated:
            value, source, home = restated[name]
            if home is not None:  # the statement the others are compared with is the data's
                moved[f"data.{name}"] = (home[0], _evidence(doc, home[1]))
            sheet.values[name], sheet.facts[name] = value, source  # kept: it contradicts the plan
        elif name in sheet.values:
            stated: FactSource | None = sheet.facts.pop(name, None)
            moved[name] = (sheet.values.pop(name), _evidence(doc, stated))
    title = _title(doc)
    sheet.values["title"] = title
    sheet.values.setdefault("business_problem", title)  # replaced by the plan's own problem
    sheet.values.setdefault("objective", title)  # statement and ML objective when it has them
    brief = to_brief(sheet)
    evidence = {
        f"brief.{name}": ev
        for name, source in brief.facts.items()
        if (ev := _evidence(doc, source)) is not None
    }
    return BriefReading(brief, evidence, moved)


_EXTRACTORS = (
    extract_task,
    extract_positive_rate,
    extract_latency,
    extract_throughput,
    extract_time_facts,
    extract_deadline,
    extract_classes,
    extract_modalities,
    extract_regulations,
    extract_people_and_interpretability,
    extract_time_and_groups,
)
"""The brief extractors whose facts rules read, in their dependency order. Left out: volume,
team, budget, domain, current solution and data sources, which no rule reads from a
reviewed plan, and serving mode, which the deployment section states (``_facts_ops``)."""


def _extract(text: str) -> FactSheet:
    sheet = FactSheet(text)
    for extractor in _EXTRACTORS:
        extractor(sheet)
    task = sheet.values.get("task_type")
    source = sheet.facts.get("task_type")
    many = (sheet.values.get("n_classes") or 0) > 2
    named = source is not None and source.span is not None and "binary" in source.span.text.lower()
    if task is TaskType.BINARY_CLASSIFICATION and many and not named:
        sheet.override("task_type", TaskType.MULTICLASS_CLASSIFICATION)
        sheet.facts["task_type"] = sheet.facts["n_classes"]
    return sheet


_RESTATED = (
    ("positive_class_rate", extract_positive_rate, Section.DATA),
    ("latency_p99_ms", extract_latency, Section.DEPLOYMENT),
)
"""Quantities a plan section owns (the data section's positive rate, the deployment section's
latency budget): another section stating a different value is kept as the brief's, so the
consistency rule (S03) can report the contradiction."""
_TARGET_WORDS = re.compile(
    r"at least|at most|minimum|target|goal|≥|>=|up to|improve|reduc|increas|raise|lift|cut|from .+ to"
)
_RATE_GOAL_WORDS = re.compile(r"≤|<=|\bdown\b|\bfewer\b")
"""Goal words of a rate only: 'wrongly hidden comments ≤ 0.5 %' (a latency budget is '≤ 50 ms')."""


def _restated(doc: Document, name: str, extractor: Any, home: Section) -> Restated | None:
    """The value another section gives ``name`` when it differs from the home section's; for
    the positive rate, else any later statement that contradicts the data's."""
    cuts = sorted(doc.ranges((home,)))
    found = _other_section_value(doc, name, extractor, cuts)
    if found is None and name == "positive_class_rate":
        return _rate_restated(doc, cuts)
    return found


def _other_section_value(
    doc: Document, name: str, extractor: Any, cuts: list[tuple[int, int]]
) -> Restated | None:
    """The first value outside the home section (``cuts``) when it differs from the first
    inside it: the home section owns the quantity, another section contradicts it."""
    from mlplan.critique._facts_ops import _NOT_A_CLASS_RATE

    if not cuts:
        return None
    outside, cursor = [], 0
    for a, z in cuts:
        if a > cursor:
            outside.append((cursor, a))
        cursor = max(cursor, z)
    outside.append((cursor, len(doc.masked)))
    found = []
    for ranges in (cuts, outside):
        value = None
        for a, z in ranges:
            text = _blanked(doc, _ALGORITHMS, _NOT_A_CLASS_RATE)[a:z]
            sheet = FactSheet(text)
            extractor(sheet)
            source = sheet.facts.get(name)
            if source is None or source.span is None or source.origin is Origin.ASSUMED:
                continue
            at = a + source.span.start
            near = doc.ext[max(a, at - 30) : min(z, a + source.span.end + 15)]
            goal = _TARGET_WORDS.search(near) or (
                name == "positive_class_rate" and _RATE_GOAL_WORDS.search(near)
            )
            if ranges is outside and goal:
                continue  # 'raise conversion to 8 %' is a goal, not the base rate
            if (
                ranges is outside
                and name == "latency_p99_ms"
                and _LATENCY_MEASURED.search(
                    doc.ext, max(a, at - 40), min(z, a + source.span.end + 40)
                )
            ):
                continue  # '18 ms on a mid-range handset' is a measurement, not a budget
            span = Span(start=at, end=a + source.span.end, text=source.span.text)
            value = (sheet.values[name], FactSource(origin=source.origin, span=span,
                                                   reason=source.reason))  # fmt: skip
            break
        if value is None:
            return None
        found.append(value)
    (home_value, ours), (other_value, other) = found
    if math.isclose(float(home_value), float(other_value), rel_tol=0.05, abs_tol=1e-3) or (
        name == "positive_class_rate" and not _same_outcome(doc, ours, other)
    ):
        return None
    return other_value, other, None


_LATENCY_MEASURED = re.compile(
    r"(?i)\bms on (?:a|an|the|our|one) (?:[\w-]+ ){0,2}(?:handset|phone|device|gpu|cpu|laptop|"
    r"server|core|machine|board)s?\b"
)
"""'18 ms on a mid-range handset': what the model takes on some hardware, not a budget."""
_MAX_RATES = 8
_Rate = tuple[float, FactSource]
Restated = tuple[Any, FactSource, _Rate | None]
"""The value another section states, its source, and (for the positive rate) the statement it
contradicts when that is not the data section's first."""


def _rates(doc: Document) -> list[_Rate]:
    """Every positive rate the plan states, in order. A share above one half is the other
    class, or not a class rate. Segment nouns stay in: 'segment-quarters are positive'."""
    from mlplan.critique._facts_ops import _NOT_A_CLASS_RATE

    sheet = FactSheet(_blanked(doc, _ALGORITHMS, _NOT_A_CLASS_RATE))
    out = [
        (rate, FactSource(origin=Origin.STATED, span=sheet.span(*m.span())))
        for rate, m in itertools.islice(positive_rates(sheet), _MAX_RATES)
    ]
    return sorted(((r, src) for r, src in out if 0 < r < 0.5), key=lambda r: _start(r[1]))


def _start(source: FactSource) -> int:
    return source.span.start if source.span is not None else 0


def _sentence_of(doc: Document, source: FactSource) -> tuple[int, int]:
    end = source.span.end if source.span is not None else 0
    return doc.sentence(_start(source), end)


def _aside(doc: Document, source: FactSource) -> bool:
    """A share in a sentence about a goal, a sample or a split ('should contain at least 50 %',
    're-codes a 10 % sample'), or one that follows a score or a catch ('WAPE around 21 %',
    'catches 71 % of critical defects'): not a statement of how common the outcome is."""
    at = _start(source)
    lo, hi = _sentence_of(doc, source)
    return bool(
        _TARGET_WORDS.search(doc.ext, lo, hi)
        or _NOT_A_BASE_RATE.search(doc.ext, lo, hi)
        or _RATE_GOAL_WORDS.search(doc.ext, max(0, at - 30), at + 30)
        or _SCORE_BEFORE.search(doc.ext[max(0, at - 30) : at].lower())
    )


def _rate_restated(doc: Document, cuts: list[tuple[int, int]]) -> Restated | None:
    """The positive rate stated twice with different values, wherever the two statements stand,
    when both name the outcome they count ('Positive slots about 12 %' in the data notes, 'with
    positive slots at about 4 %' in monitoring). The data section's first statement, else the
    plan's first that is not an aside, is the one the others are compared with. Two shares in
    one sentence list classes ('4 % abnormal and 2 % dead'), they do not restate one."""
    rates = _rates(doc)
    inside = [r for r in rates if any(a <= _start(r[1]) < z for a, z in cuts)]
    home = inside[0] if inside else next((r for r in rates if not _aside(doc, r[1])), None)
    if home is None:
        return None
    home_sentence = _sentence_of(doc, home[1])
    for value, other in rates:
        if (
            other is home[1]
            or _sentence_of(doc, other) == home_sentence
            or math.isclose(home[0], value, rel_tol=0.05, abs_tol=1e-3)
            or _aside(doc, other)
        ):
            continue
        if _outcome_named(doc, home[1], other) and _same_outcome(doc, home[1], other):
            return value, other, home
    return None


_SCORE_BEFORE = re.compile(
    r"\b(?:wape|mape|smape|mae|rmse|auc|accuracy|precision|recall|f1|error|hit rate|strike rate|"
    r"catch(?:es)?|detects?|flags?|finds?|rejects?|misses)\b"
)
_NAMED_RATE = re.compile(r"\b([a-z]+)[- ]rate\b")
_NOT_A_NAME = frozenset({"a", "an", "the", "base", "class", "error"})
_POSITIVE = re.compile(r"\bpositives?\b")


def _outcome_named(doc: Document, home: FactSource, other: FactSource) -> bool:
    """Both statements name the outcome their share counts: 'positive' in each, or one names its
    rate ('an 11 % privileged rate', 'a 4.6 % bad rate') and the other uses the word ('finally
    coded privileged'). A plan's other shares ('a 1.2 % decline rate', '3 % more fuel') name no
    outcome, and are too many to compare."""
    ours, theirs = _window(doc, home).lower(), _window(doc, other).lower()
    if _POSITIVE.search(ours) and _POSITIVE.search(theirs):
        return True
    for named, words in ((ours, theirs), (theirs, ours)):
        for m in _NAMED_RATE.finditer(named):
            stem = m.group(1)[:5]
            if m.group(1) not in _NOT_A_NAME and re.search(r"\b" + re.escape(stem), words):
                return True
    return False


_CONTENT = re.compile(r"[a-z]{4,}")
_GENERIC_WORDS = (
    "about around roughly nearly almost only some with from that this those them they were "
    "have been which over under than each every their these also rows data records cases "
    "total share percent cent today currently last year years month months week weeks days"
)
_NOT_AN_OUTCOME = frozenset(_GENERIC_WORDS.split())

_SELECTED_SHARE = re.compile(
    r"\b(?:alerts?|queue|threshold|cut-?off|shortlist|flagged|selected|selection|list|top)\b"
)
"""Words of a share the model or a rule picks out (its alerts, its queue, the top of its list):
a precision or a capacity, not the rate of the outcome among all rows."""


_ROWS_NOUN = re.compile(r"%\s*of (?:the |all |our )?(?:[\w-]+(?<!s) )?[\w-]+")
"""'% of included nodules': the rows being counted, which two rates of different outcomes
share ('60 % of tenders are submitted online', '3 % of tenders are collusive')."""


def _window(doc: Document, source: FactSource, *, clause: bool = False) -> str:
    """The words around a stated rate: up to the end of its clause with ``clause``, else
    without the rows it counts ('% of included nodules')."""
    span = source.span
    if span is None:
        return ""
    lo, hi = doc.sentence(span.start, span.end)
    after = doc.ext[span.start : min(hi, span.end + 50)]
    if clause:
        comma = after.find(",")
        after = after[:comma] if comma != -1 else after
    else:
        after = _ROWS_NOUN.sub(" ", after, count=1)
    return doc.ext[max(lo, span.start - 40) : span.start] + after


def _words_near(doc: Document, source: FactSource) -> set[str]:
    return {w for w in _CONTENT.findall(_window(doc, source)) if w not in _NOT_AN_OUTCOME}


def _same_outcome(doc: Document, home: FactSource, other: FactSource) -> bool:
    """Two positive rates contradict only when they are rates of the same thing: 'about 2 % of
    trial workspaces convert' against 'with roughly 8 % of trials converting' shares its outcome;
    '22 % of nodules had no follow-up scan' in the background does not restate '6 % of included
    nodules are malignant' (nor does '60 % of matches use voice' restate a 2 % toxicity rate)."""
    if _SELECTED_SHARE.search(_window(doc, other, clause=True)):
        return False  # '38 % of its alerts led to a leak', 'the queue takes 30 %': a selection
    ours, theirs = _words_near(doc, home), _words_near(doc, other)
    return any(
        a[: min(5, len(a), len(b))] == b[: min(5, len(a), len(b))] for a in ours for b in theirs
    )


@functools.cache
def _caseless(rx: re.Pattern[str]) -> re.Pattern[str]:
    """``rx`` without its ignore-case flag, for lower-cased text (about three times faster)."""
    return re.compile(rx.pattern.removeprefix("(?i)"), rx.flags & ~re.IGNORECASE)


_REACH = 80


@functools.cache
def _anchors() -> dict[str, str]:
    """Patterns whose every match holds a given word, near it: searched only around it."""
    from mlplan.critique._facts_ops import _NOT_A_CLASS_RATE

    return {_caseless(_SEGMENT_NOUN).pattern: "segment", _NOT_A_CLASS_RATE.pattern: "%"}


def _matches(rx: re.Pattern[str], low: str) -> Iterator[re.Match[str]]:
    """Every match of ``rx`` in ``low``; for an anchored pattern (``_anchors``), only the text
    within ``_REACH`` characters of each occurrence of its word is searched."""
    anchor = _anchors().get(rx.pattern)
    if anchor is None:
        yield from _scan(rx, low, 0, len(low))
        return
    windows: list[list[int]] = []
    at = low.find(anchor)
    while at != -1:
        lo, hi = max(0, at - _REACH), min(len(low), at + len(anchor) + _REACH)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
        at = low.find(anchor, at + 1)
    for lo, hi in windows:
        yield from rx.finditer(low, lo, hi)


def _blanked(doc: Document, *rxs: re.Pattern[str]) -> str:
    """The document's masked text with every match of ``rxs`` blanked (same length, so slices
    line up with the document's offsets), computed once per document and pattern set: the
    brief reader reads the whole text and then its sections. The patterns are matched on the
    lower-cased text, where the parser's fast search applies (`_document._scan`)."""
    return _blanked_pair(doc, rxs)[0]


def _blanked_pair(doc: Document, rxs: tuple[re.Pattern[str], ...]) -> tuple[str, str]:
    """(text, its lower case), both blanked; built on the memo of the prefix of ``rxs``."""
    if not rxs:
        return doc.masked, doc.masked_lower
    key = tuple(rx.pattern for rx in rxs)
    found = doc.memo.get(key)
    if found is None:
        text, low = _blanked_pair(doc, rxs[:-1])
        spans = [m.span() for m in _matches(_caseless(rxs[-1]), low)]
        found = (blank_spans(text, spans), blank_spans(low, spans)) if spans else (text, low)
        doc.memo[key] = found
    return found


def _sensitive(doc: Document, values: dict[str, Any], facts: dict[str, FactSource]) -> None:
    """Sensitive attributes about the person ('customer age'), not about a thing ('handset age')."""
    if "sensitive_attributes" not in values:
        return
    from mlplan.critique._facts_data import SENSITIVE_CUES, as_attribute

    found: list[str] = []
    first: re.Match[str] | None = None
    for name, rx in SENSITIVE_CUES:
        for hit in doc.find(rx):
            if hit.polarity != "no" and as_attribute(doc.ext[max(0, hit.start - 40) : hit.start]):
                found.append(name)
                first = hit.match if first is None or hit.start < first.start() else first
                break
    if found and first is not None:
        values["sensitive_attributes"] = found
        facts["sensitive_attributes"] = _fact(doc, first, "stated", Origin.STATED)
    else:
        values.pop("sensitive_attributes", None)
        facts.pop("sensitive_attributes", None)


_LABEL_BLOCK = re.compile(r"\blabels?\b|\btarget\b|\bpositive class\b|\bpositives\b|=\s*1\b")
_SHARE_OF = re.compile(
    r"(?<![\d.])(?P<pct>\d+(?:\.\d+)?)\s*%\s+of\s+(?:the\s+|all\s+)?[^.;\n%]{0,60}?\b(?:are|is|"
    r"were|was|turn out|end up)\b"
)
_LABELLED_SHARE = re.compile(
    r"\blabels?\b[^.;\n]{0,120}?\(\s*(?:~|≈|about |around |approx\.? |roughly )?"
    r"(?P<pct>\d+(?:\.\d+)?)\s*%(?:\s*of (?:all |the )?[\w-]+)?\s*\)"
)
"""'confirmed abuse labels: 28k redemptions from ops investigations (~0.3 %)': the share in
brackets after what the labels are is how many rows they mark."""
_NOT_A_BASE_RATE = re.compile(r"\b(?:reduc|cut|lower|increas|improv|rais|target|goal|sampl|split|"
                              r"train|test|validation|held|kept|missing|null)\w*")  # fmt: skip


def _label_rate(doc: Document, values: dict[str, Any], facts: dict[str, FactSource]) -> None:
    """The base rate the label paragraph states in its own words ('Labels: past screening logs
    ... About 1.5 % of patient-trial pairs are eligible') when no rate cue caught it."""
    if "positive_class_rate" in values:
        return
    data = doc.ranges((Section.DATA,))
    for block in doc.outline.blocks:
        in_data = any(a <= block.start < z for a, z in data)
        if not (in_data and _LABEL_BLOCK.search(doc.ext, block.start, block.end)) and not (
            _DEFINES_LABEL.match(doc.ext, block.start, block.end)
        ):
            continue
        shares = [*_SHARE_OF.finditer(doc.ext, block.start, block.end),
                  *_LABELLED_SHARE.finditer(doc.ext, block.start, block.end),
                  *_TRAILING_SHARE.finditer(doc.ext, block.start, block.end)]  # fmt: skip
        for m in sorted(shares, key=lambda m: m.start()):
            lo, hi = doc.sentence(m.start(), m.end())
            rate = float(m.group("pct")) / 100
            if 0 < rate < 0.5 and not (
                _NOT_A_BASE_RATE.search(doc.ext, lo, hi) or _ONE_OF_MANY.search(doc.ext, lo, hi)
            ):
                values["positive_class_rate"] = rate
                facts["positive_class_rate"] = _fact(doc, m, "stated", Origin.STATED)
                return


_ONE_OF_MANY = re.compile(r"\b(?:smallest|largest|biggest|rarest|commonest|most common)\b")
"""'the smallest class, slab, is about 9 % of crops': one of several classes, not the positives."""
_DEFINES_LABEL = re.compile(
    r"[\s*#>•+-]*\**(?:target|label|outcome|positive class|positives?)\**\s*[:=]"
)
"""A line that defines the label ('- target: "fade event" = ACM downshift ... ~0.8 % of bins'),
in whatever section it stands."""
_TRAILING_SHARE = re.compile(
    r"(?:~|≈|about |around |roughly )?(?<![\d.])(?P<pct>\d+(?:\.\d+)?)\s*%\s+of\s+(?:all\s+|the\s+)?"
    r"[\w-]+(?:\s+[\w-]+)?\s*(?=[.;)]?\s*$)",
    re.M,
)
"""The share a label line ends on: '... in the 15-min bin. ~0.8 % of bins'."""


def _evidence(doc: Document, source: FactSource | None) -> Evidence | None:
    if source is None or source.span is None or not source.span.text.strip():
        return None
    return Evidence(line=doc.line_of(source.span.start), quote=doc.quote(*_bounds(source.span)))


def _bounds(span: Span) -> tuple[int, int]:
    return span.start, span.end


def _fact(
    doc: Document, m: re.Match[str], reason: str, origin: Origin = Origin.INFERRED
) -> FactSource:
    span = Span(start=m.start(), end=m.end(), text=doc.text[m.start() : m.end()])
    return FactSource(origin=origin, span=span, reason=reason)


def _framed_task(doc: Document, values: dict[str, Any], facts: dict[str, FactSource]) -> None:
    """The task as the problem and overview frame it: a long plan mentions many task words
    ('by merchant segment' is not clustering), its opening sections say what is predicted."""
    for start, end in doc.ranges((Section.OVERVIEW, Section.PROBLEM_FRAMING)):
        sheet = FactSheet(_blanked(doc, _ALGORITHMS, _SEGMENT_NOUN)[start:end])
        extract_task(sheet)
        source = sheet.facts.get("task_type")
        if source is None or source.origin is Origin.ASSUMED or source.span is None:
            continue
        task = sheet.values["task_type"]
        many = (values.get("n_classes") or 0) > 2
        if task is TaskType.BINARY_CLASSIFICATION and many and "binary" not in source.span.text:
            task = TaskType.MULTICLASS_CLASSIFICATION
        span = Span(start=start + source.span.start, end=start + source.span.end,
                    text=source.span.text)  # fmt: skip
        values["task_type"] = task
        facts["task_type"] = FactSource(origin=source.origin, span=span, reason=source.reason)
        return


def _ranked_entities(doc: Document, values: dict[str, Any], facts: dict[str, FactSource]) -> None:
    """'Ranks customers by their probability of leaving' is classification used to prioritise,
    not a ranking task; and 'ticket triage' is not a decision about people unless it is clinical."""
    task = facts.get("task_type")
    if (
        values.get("task_type") is TaskType.RANKING
        and task is not None
        and task.span is not None
        and _BARE_RANK.fullmatch(task.span.text.strip())
        and doc.first(_PROBABILITY) is not None
    ):
        values["task_type"] = TaskType.BINARY_CLASSIFICATION
        facts["task_type"] = FactSource(origin=Origin.INFERRED, span=task.span,
                                        reason="entities ranked by a predicted probability")  # fmt: skip
    people = facts.get("affects_people")
    if people is not None and people.span is not None and people.span.text.lower() in (
        "triage", "treatment") and doc.first(_CLINICAL) is None:  # fmt: skip
        values.pop("affects_people", None)
        facts.pop("affects_people", None)
    organisations = doc.first(_ORGANISATIONS)
    if people is not None and organisations is not None and organisations.polarity == "yes":
        values.pop("affects_people", None)
        facts.pop("affects_people", None)


def _time_order(doc: Document, values: dict[str, Any], facts: dict[str, FactSource]) -> None:
    """Time order from explicit wording only ('daily' alone does not make rows time-ordered)."""
    negated = doc.first(_NO_TIME)
    if negated is not None:
        values["time_ordered"] = False
        facts["time_ordered"] = _fact(doc, negated.match, "stated", Origin.STATED)
        return
    source = facts.get("time_ordered")
    if source is not None and source.span is None:
        return  # forecasting: the task itself orders rows in time
    values.pop("time_ordered", None)
    facts.pop("time_ordered", None)
    strong = _data_cue(doc, _STRONG_TIME)
    if strong is not None:
        values["time_ordered"] = True
        reason = f"'{strong.match.group(0)}' implies rows ordered in time"
        facts["time_ordered"] = _fact(doc, strong.match, reason)
        return
    for rx, why in (
        (_SPLIT_ACROSS_YEARS, "the split pools rows from several years ('{years}')"),
        (_YEARS_THEN_SHUFFLED, "the split shuffles rows from a span of time ('{0}')"),
    ):
        spanned = doc.first(rx, hedged=True)
        if spanned is not None:
            values["time_ordered"] = True
            reason = why.format(spanned.match.group(0), **spanned.match.groupdict())
            facts["time_ordered"] = _fact(doc, spanned.match, reason)
            return
    _dated_rows_shuffled(doc, values, facts)


_SEASON = r"(?:spring|summer|autumn|fall|winter|early|late|mid-?)"
_WHEN = rf"(?:(?:{_MONTH}|{_SEASON}) )?(?:19|20)\d\d"
_DATED_SPAN = re.compile(
    rf"(?<![\w-])(?:{_SPAN}|since {_WHEN}\b|(?:goes|going|dates?|reach(?:es)?) back to {_WHEN}\b|"
    rf"{_MONTH} (?:19|20)\d\d ?(?:–|—|-|to|through|until) ?{_MONTH} (?:19|20)\d\d|"
    rf"(?:from|between) {_WHEN} (?:to|until|through|and) (?:the (?:end|start) of )?{_WHEN}\b|"
    r"(?:19|20)\d\d, (?:19|20)\d\d,? and (?:19|20)\d\d|(?:19|20)\d\d, (?:19|20)\d\d, (?:19|20)\d\d)"
)
"""'Jan 2022 - Sep 2024', 'since autumn 2016', 'goes back to 2012', 'between April 2019 and March
2024', 'January 2015 to the end of 2024', 'outcomes 2021, 2022, 2023': the rows span years."""
_ANY_SPAN = _DATED_SPAN.pattern.replace("?P<span>", "?:")
_COUNTED_ROWS = (
    r"(?:\d[\d.,]*\s*(?:k|m|million|thousand)\s+(?:[\w-]+ )?[a-z]+s|\d[\d.,]*\s+(?:[\w-]+ )?(?:"
    + RECORD_NOUNS
    + r"))\b"
)
_DATA_SPAN = re.compile(
    r"(?:"
    + _ANY_SPAN
    + r")[^.;\n]{0,40}?"
    + _COUNTED_ROWS
    + r"|"
    + _COUNTED_ROWS
    + r"[^.;\n]{0,40}?(?:"
    + _ANY_SPAN
    + r")|(?<![\w-])(?:\d+|two|three|four|five|six|seven|eight|"
    r"nine|ten) (?:school |academic |calendar |financial |full )?(?:years|months|seasons|winters|"
    r"summers) of (?:[\w-]+ ){0,3}?(?:"
    + RECORD_NOUNS
    + r"|data|history|logs?|pings|[a-z]+ groups)\b"
)
"""A span of time the rows cover, wherever the notes give it: 'Jan 2022 - Sep 2024, ~41k
appointments', '2 school years of AVL pings' (a dated span next to a count of rows)."""
_SHUFFLED_SPLIT = re.compile(
    r"(?<![\w-])(?:shuffl\w*|random (?:\d+ ?/ ?\d+|split|train)\w*|split (?:\w+ ){0,3}?(?:at random|"
    r"randomly)|(?:assign|divid|split)\w* at random|random(?:ly)? (?:split|assign|divid)\w*|"
    r"stratified (?:random )?(?:\d+ ?/ ?\d+|split|\d+-fold|k-?fold|cross-validation)|"
    r"folds? (?:are |were )?(?:drawn|assigned|chosen) at random|randomly, \d+ ?/ ?\d+|"
    + SHUFFLE_BETWEEN
    + r")"
)
_SPLIT_WORDS = re.compile(
    r"\b(?:train\w*|test\w*|validat\w*|split\w*|folds?|hold(?:-| )?out|\d{1,2} ?/ ?\d{1,2})\b"
)
"""A shuffle that makes dated rows leak is a shuffle into train and test, not a randomised test's
arms ('lots were randomly assigned to the new inspection or the old one')."""


def _into_split(matched: str, sentence: str) -> bool:
    """A shuffle into train and test, not a random reference share kept for a model in use."""
    return bool(_SPLIT_WORDS.search(sentence.lower())) and not random_holdout(matched, sentence)


_PERCEPTUAL = frozenset({"image", "audio", "video", "text"})


def _dated_rows_shuffled(
    doc: Document, values: dict[str, Any], facts: dict[str, FactSource]
) -> None:
    """Rows the data section dates over a span ('every donation attempt since 2015', 'Apr 2021 -
    Jan 2024') and a split elsewhere that shuffles them: a model of future outcomes is scored on
    rows older than some it trained on. Photos, recordings and documents are left to L03: their
    dates rarely decide what a model sees next."""
    modalities = set(values.get("modalities") or ())
    if _PERCEPTUAL & modalities and "tabular" not in modalities:
        return
    dated = doc.first(_DATED_SPAN, (Section.DATA,), anywhere=False) or doc.first(_DATA_SPAN)
    if dated is None:
        return
    shuffled = next(
        (h for h in doc.find(_SHUFFLED_SPLIT, (Section.TRAINING, Section.EVALUATION))
         if h.polarity != "no" and _into_split(h.match.group(0), doc.sentence_quote(h))),
        None,
    )  # fmt: skip
    if shuffled is not None:
        values["time_ordered"] = True
        reason = (
            f"the data spans '{dated.match.group(0)}' and the split shuffles it "
            f"('{shuffled.match.group(0)}')"
        )
        facts["time_ordered"] = _fact(doc, shuffled.match, reason)


_FRAMING = (Section.PROBLEM_FRAMING, Section.OVERVIEW)


_LABEL_AFTER = re.compile(r"[\s*_]*:")


def _misplaced_task(
    doc: Document, text: str, values: dict[str, Any], facts: dict[str, FactSource]
) -> None:
    """A task word that names an input or a template label is not the task: 'weather forecast
    for the postcode district' in the feature list, '**Estimated value:** $X' in a business
    case. The task is read again without it (``text`` is what the brief reader read); when
    nothing else names it, it comes from the plan's metrics or model (``parse._task``)."""
    inputs = doc.ranges((Section.FEATURES, Section.DATA))
    for _ in range(5):  # a few misplaced words at most; each pass blanks one
        source = facts.get("task_type")
        if source is None or source.span is None or source.origin is Origin.ASSUMED:
            return
        start, end = source.span.start, source.span.end
        if not _LABEL_AFTER.match(doc.masked, end) and not any(a <= start < z for a, z in inputs):
            return
        text = text[:start] + " " * (end - start) + text[end:]
        again = FactSheet(text)
        extract_task(again)
        found = again.facts.get("task_type")
        values["task_type"] = again.values["task_type"]
        if found is None or found.origin is Origin.ASSUMED:
            facts.pop("task_type", None)
        else:
            facts["task_type"] = found


def _data_cue(doc: Document, rx: re.Pattern[str]) -> Hit | None:
    """The first affirmed or hedged cue that describes the data, not the product.

    In a plan with a data section, the framing's words are about what the model is for
    ('downstream products: field maps, NDVI time series for customers'); a time or entity word
    there says nothing about the rows the model is trained on. Such a cue counts only when the
    plan has no data section to state it."""
    framing = doc.ranges(_FRAMING) if doc.ranges((Section.DATA,)) else []
    for hit in doc.find(rx):
        if hit.polarity == "no":
            continue
        in_framing = any(a <= hit.start < z for a, z in framing)
        if in_framing and not _HORIZON_CUE.match(hit.match.group(0)):
            continue
        return hit
    return None


def _product_modality(doc: Document, values: dict[str, Any], facts: dict[str, FactSource]) -> None:
    """A time-series modality read from the framing of a plan with a data section names what
    the product makes ('NDVI time series for customers'), not what the model reads."""
    source = facts.get("modalities")
    modalities = values.get("modalities")
    if source is None or source.span is None or not modalities or "time_series" not in modalities:
        return
    if values.get("time_ordered") or not doc.ranges((Section.DATA,)):
        return
    if any(a <= source.span.start < z for a, z in doc.ranges(_FRAMING)):
        kept = [m for m in modalities if m != "time_series"]
        if kept:
            values["modalities"] = kept
        else:
            values.pop("modalities", None)
            facts.pop("modalities", None)


_HORIZON_CUE = re.compile(
    r"(?:next|coming|following|within|will|forecast|readmission|time to event|per (?:day|week|"
    r"month) per)\b"
)
"""Cues about the prediction itself (its horizon, the outcome it waits for), which the framing
states as well as the data section; nouns for kinds of data ('time series', 'transactions')
in the framing may name a product instead."""


_REPEATED_ENTITY = re.compile(
    r"(?<![\w-])(?:(?P<entity>[a-z]+)-(?:sessions|days|weeks|months|years|seasons|visits|nights|"
    r"matches|games|shifts|quarters|terms|semesters|editions|(?:session|day|week|month|year|season|"
    r"visit|night|match|game|shift|quarter|term|semester|edition) (?:rows|records|observations|"
    r"samples|examples))|(?:\d[\d.,]*\s*[km]? )?(?:distinct|"
    r"unique) (?P<key>[a-z]+_(?:id|key|no|number|code))s?|(?:one|a|1) (?:(?:row|record|line|entry|"
    r"result|observation)s? )?(?:per|for each|for every) (?P<each>[a-z]+) (?:per|and(?: each| every)?|x|×|for each|"
    r"for every) "
    r"(?P<then>[a-z]+)|(?:median|average|mean|typically|on average|about|around|~)\s*(?:of\s+)?\d+(?:\.\d+)? "
    r"(?:" + RECORD_NOUNS + r") per (?P<per>[a-z]+))(?![\w-])"
)
"""Rows that are repeated measurements of one entity: 'player-sessions', 'policy-years',
'student-term rows' (rows per entity per period), '9M distinct address_keys' next to 31M rows,
'one row per student per term' (the entity repeated over the period), 'one row per flight per
pack' (the pack repeated over its flights), 'median 3 tickets per line'."""
_TIME_UNITS = frozenset(
    {"day", "week", "month", "year", "hour", "minute", "second", "night", "quarter", "season"}
)
_PERIODS = _TIME_UNITS | {
    "shift", "term", "semester", "edition", "run", "row", "record", "batch", "page", "image",
    "call", "visit", "session", "window", "time", "cent", "percent", "unit",
}  # fmt: skip
"""Words after 'per' that are a period or a row, not an entity ('3 visits per week')."""
_NOT_AN_ENTITY = frozenset({"multi", "non", "pre", "post", "half", "full", "two", "three", "man"})


def _group_key(doc: Document, values: dict[str, Any], facts: dict[str, FactSource]) -> None:
    """Keep a group key when the rows visibly come from repeated entities."""
    source = facts.get("group_key")
    if source is None:
        _repeated_entity(doc, values, facts)
        return
    if source.origin is Origin.STATED:
        return
    if values.get("group_key") in _STRONG_GROUPS or source.reason.startswith(_STRONG_REASONS):
        return
    if values.get("group_key") == "device_id" and doc.first(_MACHINE_DATA) is not None:
        return
    values.pop("group_key", None)
    facts.pop("group_key", None)
    _repeated_entity(doc, values, facts)


_ROWS_OF_FEWER = re.compile(
    r"(?<![\w.,-])(?P<n1>\d[\d,]*(?:\.\d+)?)\s*(?P<s1>k|m|million|thousand)?\s+(?:[a-z-]+\s+)?"
    r"[a-z]+s\b,?\s+(?:from|of|across|by|for|covering|over)\s+(?:about\s+|roughly\s+|~\s*|some\s+)?"
    r"(?P<n2>\d[\d,]*(?:\.\d+)?)\s*(?P<s2>k|m|million|thousand)?\s+(?:distinct\s+|unique\s+|"
    r"different\s+)?(?:[a-z-]+\s+)?(?P<owner>[a-z]{3,}s)\b"
)
"""'3,100 performances of 260 productions', '9.4M redemptions from 2.1M members', '31,000 rows
covering 9,400 students': rows at least twice as many as the things they come from."""
_ROWS_LISTED_WITH_FEWER = re.compile(
    r"(?<![\w.,-])(?P<n1>\d[\d,]*(?:\.\d+)?)\s*(?P<s1>k|m|million|thousand)?\s+(?:[a-z-]+\s+)?"
    r"[a-z]+s\b(?:,[^,.;:\n]{0,30}?)??,\s+(?:about\s+|roughly\s+|~\s*|some\s+|c\.\s*)?"
    r"(?P<n2>\d[\d,]*(?:\.\d+)?)\s*(?P<s2>k|m|million|thousand)?\s+(?:distinct\s+|unique\s+)?"
    r"(?P<mod>[a-z-]+\s+)?(?P<owner>[a-z]{3,}s)\b"
)
"""'212k bills, FY2020-FY2025, ~31k matters, ~9k clients': a data line that counts the rows and,
beside them, the fewer things they belong to."""
_SEEN_AGAIN = re.compile(
    r"\b(?:of|most|many|some|all|the) (?:[a-z-]+ )?(?P<owner>[a-z]{3,}s) (?:[a-z]+ ){0,5}?(?:more than once|(?:\d+|two|three|four|five)"
    r" ?(?:–|-|to) ?(?:\d+|three|four|five|six|ten) times|(?:several|many|multiple) times|repeatedly)|"
    r"\beach (?P<maker>[a-z]{3,}) (?:makes|produces|yields|gives|fills|contributes) (?:about |roughly |"
    r"~\s*)?\d+ [a-z]+s\b"
)
"""'About 30% of properties sold more than once', 'most trees have been inspected 3-5 times',
'each vat makes 12 wheels': the data section says one thing stands behind several rows."""
_FLOW_WORDS = frozenset({"new ", "daily ", "weekly ", "monthly ", "yearly ", "annual ", "extra "})
_NOT_OWNERS = _TIME_UNITS | {
    "source", "system", "file", "table", "feature", "column", "field", "class", "label",
    "category", "country", "language", "type", "model", "fold", "split", "run", "recipe",
    "strain", "region", "market", "batch",
}  # fmt: skip
"""Things rows are spread over that do not repeat one case: periods, sources, classes, kinds."""


def _singular(noun: str) -> str:
    """'productions' -> 'production', 'batches' -> 'batch', 'properties' -> 'property'."""
    if noun.endswith("ies"):
        return noun[:-3] + "y"
    if noun.endswith(("ches", "shes", "sses", "xes")):
        return noun[:-2]
    return noun[:-1]


def _repeated_entity(doc: Document, values: dict[str, Any], facts: dict[str, FactSource]) -> None:
    """A group key the brief extractors missed, from the way the rows are named: the first
    reading that finds one wins."""
    found = next(_repeated_entities(doc), None)
    if found is not None:
        m, key, owner = found
        values["group_key"] = key
        facts["group_key"] = _fact(doc, m, f"'{m.group(0)}': several rows per {owner}")


def _repeated_entities(doc: Document) -> Iterator[tuple[re.Match[str], str, str]]:
    """(the words, the group key, what owns the rows) of each reading of rows that repeat one thing, in the order
    the readings are trusted: rows named per entity, rows counted beside fewer owners, things
    said to recur."""
    for hit in doc.find(_REPEATED_ENTITY, (Section.DATA, Section.TRAINING)):
        m = hit.match
        entity = m.group("entity") or m.group("per")
        if m.group("each"):  # 'one row per student per term'; 'one row per flight per pack'
            then = m.group("then")
            entity = m.group("each") if then in _PERIODS else then
        if hit.polarity == "no" or entity in _NOT_AN_ENTITY or entity in _PERIODS:
            continue
        key = m.group("key") or f"{entity}_id"
        yield m, key, key
    listed = doc.find(_ROWS_LISTED_WITH_FEWER, (Section.DATA, Section.TRAINING))
    for hit in itertools.chain(doc.find(_ROWS_OF_FEWER, (Section.DATA, Section.TRAINING)), listed):
        m = hit.match
        many = to_number(m.group("n1"), m.group("s1"))
        few = to_number(m.group("n2"), m.group("s2"))
        owner = _singular(m.group("owner"))
        if hit.polarity == "no" or not 2 <= few * 2 <= many or owner in _NOT_OWNERS:
            continue
        if m.re is _ROWS_LISTED_WITH_FEWER and (many < 1000 or m.group("mod") in _FLOW_WORDS):
            continue  # '14 smallsats, 3 bus generations'; '500M videos, ~5M new uploads'
        if re.search(r"(?:split|shuffl|fold)[^.;\n]{0,40}\b" + m.group("owner") + r"\b", doc.ext):
            continue  # 'a random 90/10 split of searches' keeps each search on one side
        yield m, f"{owner}_id", owner
    for hit in doc.find(_SEEN_AGAIN, (Section.DATA,)):
        m = hit.match
        owner = m.group("maker") or _singular(m.group("owner"))
        if hit.polarity == "no" or owner in _NOT_OWNERS or owner in _PERIODS:
            continue
        yield m, f"{owner}_id", owner


_IDENTIFIER = (
    r"(?:(?:full |first |last |sur|family |given |[a-z]+'s |[a-z]+ )?names?|(?:home |postal |"
    r"e-?mail )?address(?:es)?|e-?mails?|(?:mobile |phone |telephone )(?:numbers?|nos?\.?)|"
    r"phones?|mobiles?|telephones?|dates? of birth|dob|birth dates?|postcodes?|national insurance "
    r"numbers?|ni numbers?|passport numbers?|licen[cs]e numbers?)"
)
_IDENTIFIER_LIST = re.compile(
    r"(?<![\w-])"
    + _IDENTIFIER
    + r"(?:\s*(?:,|/|\+|and|&)\s*(?:(?:and|or)\s+)?"
    + _IDENTIFIER
    + r"){2,}(?![\w-])"
)
"""'resident name, address, phone, email', 'the reporter's name, email address, phone number and
postcode': three identifiers of a person listed together are personal data, whoever the person
is (a resident, a reporter, a cleaner)."""
_OF_A_THING = re.compile(
    r"(?:store|shop|branch|site|company|supplier|vendor|business|restaurant|hotel|venue|practice|"
    r"clinic|school|product|file|column|field|table|street|road|station|depot|warehouse|brand|"
    r"server|host|domain|device|building|property|project|team|organi[sz]ation|firm|employer|"
    r"agency|office|account)(?:'s)? "
)
"""'store name, address and phone number' are a business's contact details, not a person's."""


def _people(doc: Document, values: dict[str, Any], facts: dict[str, FactSource]) -> None:
    """Personal data when the document names people as data subjects or a privacy law; none
    when the author rules it out in so many words."""
    absent = doc.first(_NO_PERSONAL)
    stated = facts.get("personal_data")
    if absent is not None and (stated is None or stated.origin is not Origin.STATED):
        values["personal_data"] = False
        facts["personal_data"] = _fact(doc, absent.match, "stated", Origin.STATED)
        people = facts.get("affects_people")
        if people is not None and people.origin is not Origin.STATED:
            values.pop("affects_people", None)  # no data about a person: no decision about one
            facts.pop("affects_people", None)
        return
    decision = doc.first(_PEOPLE_DECISIONS)
    if decision is not None and not values.get("affects_people"):
        values["affects_people"] = True
        reason = f"outputs drive decisions about people ('{decision.match.group(0)}')"
        facts["affects_people"] = _fact(doc, decision.match, reason)
    source = facts.get("personal_data")
    if source is not None and source.origin is Origin.STATED:
        return
    listed = next(
        (
            h
            for h in doc.find(_IDENTIFIER_LIST)
            if h.polarity == "yes" and not _OF_A_THING.match(h.match.group(0))
        ),
        None,
    )
    if listed is not None:
        values["personal_data"] = True
        reason = f"the data holds identifiers of people ('{listed.match.group(0)}')"
        facts["personal_data"] = _fact(doc, listed.match, reason)
        return
    if source is None:
        return
    if "applies only to personal data" in source.reason:
        return
    animals = doc.first(_ANIMALS) is not None
    strong = next(
        (
            hit
            for hit in doc.find(_PERSONAL)
            if hit.polarity != "no"
            and not (animals and _MEDICAL_WORDS.fullmatch(hit.match[0]))
            and not (_ON_CAMERA.match(hit.match[0]) and _blurred(doc.sentence_quote(hit)))
        ),
        None,
    )  # 'clinical mastitis' in a dairy herd: a medical word about animals, not people; faces
    # and plates blurred before the data arrives are not kept
    if strong is not None:
        facts["personal_data"] = _fact(doc, strong.match, "the document is about people")
        return
    for name in ("personal_data", "sensitive_attributes", "affects_people"):
        values.pop(name, None)
        facts.pop(name, None)


_MEDICAL_WORDS = re.compile(r"medical|clinical|health records?|diagnos\w*|patients?")
_ON_CAMERA = re.compile(
    r"(?:number|licen[cs]e|registration) plate|passers-?by|bystander|\w+ faces|faces"
)
_BLURRED = re.compile(r"(?<![\w-])(?:blur|mask|pixelat|redact|remov|crop\w* out)\w*\b")
_NOT_BLURRED = re.compile(
    r"\b(?:nothing|not|no|never|none|neither)\b[^.;]{0,25}?(?:blur|mask|pixelat|redact|remov)"
)


def _blurred(sentence: str) -> bool:
    """The sentence says faces or plates are blurred ('the contractor blurs people and number
    plates before delivery'), not that they are not ('nothing is blurred')."""
    low = sentence.lower()
    return bool(_BLURRED.search(low)) and not _NOT_BLURRED.search(low)


_ANIMALS = re.compile(
    r"(?<![\w-])(?:cows?|cattle|heifers?|calves|herds?|dairy|livestock|pigs?|sows?|sheep|ewes?|"
    r"lambs?|poultry|hens?|broilers?|chickens?|horses?|dogs?|cats?|pets?|animals?|bees?|hives?|"
    r"colon(?:y|ies)|fish|salmon|veterinar\w*|vets?)(?![\w-])"
)


def _decision_subjects(doc: Document, values: dict[str, Any], facts: dict[str, FactSource]) -> None:
    """Decisions about people only when some mention of them is about a person's outcome.

    The brief reader infers 'decisions affect people' from the first people word it meets. A
    review reads every mention in context, and drops the inference when none of them makes a
    person the subject of the decision: the word is negated or ruled out of scope ('not for
    patient-facing estimates'), it modifies another noun ('patient addresses', 'patient
    transport'), or it has another sense in this document ('loans' with no word of credit
    anywhere are library or equipment loans)."""
    source = facts.get("affects_people")
    if source is None or source.origin is Origin.STATED or not values.get("affects_people"):
        return
    cue = source.span.text.lower() if source.span is not None else ""
    if not _AFFECTS_CUE.fullmatch(cue) or _PEOPLE_DECISIONS.search(doc.ext):
        return  # inferred from a decision about people in so many words ('select claimants')
    credit = doc.first(_CREDIT) is not None
    hits = list(doc.find(_AFFECTS_CUE))
    if not hits or not all(_incidental(doc, h.match, h.polarity, credit) for h in hits):
        return
    values.pop("affects_people", None)
    facts.pop("affects_people", None)
    interp = facts.get("interpretability")
    if interp is not None and interp.origin is not Origin.STATED:
        values.pop("interpretability", None)
        facts.pop("interpretability", None)


def _incidental(doc: Document, m: re.Match[str], polarity: str, credit: bool) -> bool:
    """A people cue that does not make a person the subject of a decision."""
    word = m.group(0)
    if polarity == "no":
        return True
    start = doc.sentence(m.start(), m.end())[0]
    if _NOT_FOR.search(doc.ext, start, m.start()):
        return True
    if re.fullmatch(r"loans?", word) and not credit:
        return True
    if _AS_A_COST.match(doc.ext, m.end()):
        return True  # 'insurance claims for vehicle damage cost the council £410,000'
    if not _PERSON_HEAD.search(word) or _DETERMINER.search(
        doc.ext, max(0, m.start() - 12), m.start()
    ):
        return False
    return _MODIFIED_NOUN.match(doc.ext, m.end()) is not None


_SUBJECT = re.compile(r"\s*(?:subject|re|betreff|objet)\s*:\s*(\S.*)", re.I)


def _title(doc: Document) -> str:
    """The document's title: its first heading, or its first line."""
    headings = doc.outline.headings
    subject = next(
        (m.group(1) for line in doc.lines[:12] if (m := _SUBJECT.match(line)) is not None), None
    )
    if subject is not None:  # an e-mail: its subject line, not 'From: …'
        text = subject
    elif headings and headings[0].level == 1:
        text = headings[0].text
    else:
        text = next((line for line in doc.lines if line.strip()), "Untitled plan")
    text = " ".join(text.replace("#", " ").replace("*", " ").split())
    return text if len(text) <= 90 else text[:87].rsplit(" ", 1)[0] + "..."
