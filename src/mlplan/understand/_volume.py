"""How much data and how rare the positive class is: rows, entities, velocity, class rate."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mlplan.domain import Modality, TaskType
from mlplan.understand._facts import FactSheet
from mlplan.understand.numbers import NUMBER, SCALE, to_number

RECORD_NOUNS = (
    r"rows|records|transactions|txns|images|photos|pictures|scans|x-?rays|documents|tickets|"
    r"events|samples|examples|claims|sessions|orders|reviews|emails|calls|loans|applications|"
    r"readings|queries|interactions|clicks|impressions|messages|labell?ed \w+|observations|visits|"
    r"admissions|discharges|encounters|stays|appointments|invoices|payments|purchases|ratings|"
    r"time series|series|log lines|lines|entries|notes|reports|comments|posts|utterances|clips|"
    r"recordings|conversations|chats|sales|bookings|trips|rides|deliveries|shipments|flows|"
    r"packets|alerts|cases|incidents|contracts|surveys|responses|sentences|pages|tweets|leads|"
    r"prospects|opportunities|deals|policies|quotes|[a-z]+-(?:years|months|weeks|days)|commits|"
    r"pull requests|prs|code changes|builds|test runs|windows|segments|frames|crops|patches|tiles|"
    r"chunks|snippets|spectrograms|waveforms|traces|beats|epochs|snapshots|measurements"
)
ENTITY_NOUNS = (
    r"customers|users|patients|stores|products|skus|items|accounts|members|subscribers|devices|"
    r"machines|sensors|articles|songs|videos|listings|merchants|employees|applicants|borrowers|"
    r"policyholders|households|vehicles|turbines|shops|sites|players|students|drivers|clients|"
    r"listeners|viewers|visitors|buildings|properties|homes|companies|businesses|speakers"
)
# '10-second clips' is a clip length, not ten clips; '1 in 1,000 orders' is a rate.
_NOT_A_COUNT = r"(?![-\s]*(?:seconds?|secs?|minutes?|mins?|hours?|days?|weeks?|months?|years?)\b)"
_ROW_RE = re.compile(
    NUMBER + SCALE + _NOT_A_COUNT + r"\s*(?:[\w-]+\s+){0,2}?"
    r"(?P<noun>" + RECORD_NOUNS + "|" + ENTITY_NOUNS + r")\b"
)
_ENTITY_RE = re.compile(ENTITY_NOUNS)
_RATIO_BEFORE = re.compile(r"\b(?:1|one) in\s*$|\bout of\s*$")
_RATE_AFTER = re.compile(
    r"^\s*(?:/|per|a|an|each|every)\s*(?:s|sec|second|min|minute|h|hr|hour|day|week|month|year)\b"
    r"|^\s*(?:daily|monthly|weekly|hourly)\b|^\s*(?:per|a) (?:business )?day"
)
# 'daily', 'new' inside the match make it a flow ('50k new listings'); 'monthly active users'
# is a count of users, not a flow.
_CADENCE_NOUNS = frozenset({"snapshots", "measurements", "readings", "observations"})
"""Records named by how often they are taken: 'monthly' says their cadence, not a flow."""
_RATE_WORD = re.compile(r"\b(?:daily|hourly|weekly|monthly|per|a day|new)\b(?! active)")


# Key-value notes: 'rows: 3.4M', 'dataset size = 120k'.
_KEY_ROWS_RE = re.compile(
    r"\b(?:rows|records|samples|examples|observations|instances|data ?set size|data size)"
    r"\s*[:=]\s*~?\s*" + NUMBER + SCALE
)


def extract_volume(sheet: FactSheet) -> None:
    text = sheet.low
    m = _KEY_ROWS_RE.search(text)
    if m:
        sheet.stated("total_rows", int(to_number(m.group("num"), m.group("scale"))), m)
    for m in _ROW_RE.finditer(text):
        value = int(to_number(m.group("num"), m.group("scale")))
        if value < 10 or _RATIO_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            continue
        after = text[m.end() : m.end() + 25]
        rate_after = _RATE_AFTER.search(after)
        cadence = m.group("noun") in _CADENCE_NOUNS  # '2M monthly snapshots' is a stored table
        if rate_after or (_RATE_WORD.search(m.group(0)) and not cadence):
            # The flow is the count plus its time unit ('2M predictions per day'), nothing more.
            end = m.end() + (rate_after.end() if rate_after else 0)
            sheet.stated("velocity", sheet.text[m.start() : end].strip(), m)
            continue
        if _ENTITY_RE.fullmatch(m.group("noun")):
            sheet.stated("n_entities", value, m)
        else:
            sheet.stated("total_rows", value, m)


def infer_rows_from_entities(sheet: FactSheet) -> None:
    """'800k members' with no row count: one row per entity, unless each entity is a series."""
    if sheet.has("total_rows") or not sheet.has("n_entities"):
        return
    series = Modality.TIME_SERIES in sheet.values.get("modalities", [])
    if series or sheet.values.get("task_type") is TaskType.FORECASTING:
        return
    sheet.inferred(
        "total_rows",
        sheet.values["n_entities"],
        "one training row per entity assumed from the entity count the brief gives",
    )


_PCT = r"(?P<pct>\d+(?:\.\d+)?)\s*(?:%|percent\b|per ?cent\b)"
_PCT_RE = re.compile(_PCT)
_ONE_IN_RE = re.compile(
    r"\b(?:1|one) (?:in|out of) (?P<den>\d{1,3}(?:,\d{3})+|\d+)(?!\s*(?:%|ms|s\b|sec|minutes?))"
)
_PRICE_OR_PACE = (
    "full",
    "hourly",
    "interest",
    "exchange",
    "tax",
    "day",
    "frame",
    "learning",
    "sampling",
    "heart",
    "bit",
    "flat",
    "discount",
    "standard",
    "pay",
    "daily",
)
"""'Rate' words that price or pace something rather than count positives."""
_RATE_CONTEXT = re.compile(
    r"churn|fraud|positive|default|convert|conversion|click|defect|prevalence|imbalanc|minority|"
    r"rare|"
    + "".join(f"(?<!{w} )" for w in _PRICE_OR_PACE)
    + r"\brates?\b|incidence|\bctr\b|upgrad\w*|respond\w*|purchas\w*|"
    r"are (?:fraud|positive|spam|defective)|labell?ed|attrition|cancel|leave|lose|lost|spam|"
    r"anomal|failure|readmi|no-?show|malicious|bad|toxic|abus(?:e|ive)|flagged|removed|reported|"
    r"end (?:in|with|up)|bugs?\b|buggy|faulty|errors?\b|incidents?|inducing"
)
"""Words near a percentage that make it a share of positives ('churn', 'prepayment rate',
'flagged'); a rate that prices or paces something is not one ('paid at 40 % of the full rate')."""
_OF_ROWS = re.compile(
    r"\s*of (?:all |the |our )?(?:[\w-]+ )?(?:transactions|txns|customers|users|claims|orders|patients|"
    r"cases|records|rows|samples|loans|applications|sessions|accounts|devices|machines|emails|"
    r"tickets|visits|subscribers|members|images|them|those|alerts|comments|clips|frames|windows|"
    r"segments|events|items|batches|parts|bags|shifts|scans|calls|messages|documents|"
    r"invoices|shipments|policies|households|students|employees|vehicles|trips|readings|"
    r"intervals|products|players|drivers|riders|guests|passengers|borrowers|applicants|"
    r"tenants|donors|buyers|sellers|merchants|matches|games|jobs|requests|queries|"
    r"[a-z]+-(?:days|weeks|months|years|hours|nights|quarters|seasons|shifts))\b"
)
"""'4 % of accounts', '2 % of rows', '4 % of player-weeks': the share of the rows themselves,
right after the number (not a noun further on: 'a random 1 % sweep, and only 4 % of visits find
anything')."""
_SIGNAL_AFTER = re.compile(r"\s*(?:overlap\w*|stride|hop|duty cycle)\b")
"""'20 ms windows, 50 % overlap': how a signal is cut, not a share of positives."""
_OUTCOME_VERB = re.compile(
    r"\s*(?:fail(?:s|ed)?|get (?:[a-z]+ )?[a-z]+ed|got (?:[a-z]+ )?[a-z]+ed|come out|came out|"
    r"turns? out|turned out|ends? up|ended up|break down|broke down)\b"
)
"""'1.5 % fail the ultrasonic check', '~3 % get adjusted after audit': a share followed by what
happens to it is the share of rows that end in the outcome."""
_OF_ROWS_WHICH = re.compile(
    r"\s*of (?:[\w-]+ ){0,3}?[a-z-]+s (?:(?:are|were)(?! (?:in|from|on|at|over|under|aged|based|"
    r"located|new|old|male|female|the)\b)|fail\w*|get|got|end(?:ed)? (?:in|with|up)|"
    r"turn\w* (?:out|into)|become|became|churn\w*|default\w*|lapse\w*|convert\w*|need\w*|"
    r"result\w* in|trigger\w*|lead to|led to|break|broke|crash\w*|cancel\w*|leave|left|die|died|"
    r"go on to|went on to)\b"
)
"""'6 % of home-delivery stops fail', '0.4 % of new listings are counterfeit': the share of the
rows that end in the outcome, whatever the rows are called (not '20 % of customers are in the
north', which places them)."""

_KPI_BEFORE = re.compile(
    r"(?:reduc\w*|cut\w*|lower\w*|decreas\w*|increas\w*|improv\w*|rais\w*|boost\w*|lift\w*|"
    r"grow\w*|sav\w*|by|to|target\w*|goal|within|margin|growth|drop|retain\w*|capture|catch|"
    r"recall|precision|accuracy|of the budget|discount|below|above|under|exceeds?|at least|"
    r"at most|(?<![-=])[<>]=?|[≤≥]|falls?|drops?)\s*(?:of\s*)?(?:~|≈|about |around )?$"
)
_SPLIT_CONTEXT = re.compile(
    r"\btrain(?:ing)?\b|\btest(?:ing)?\b|\bvalidation\b|\bhold-?out\b|\bheld[- ]out\b|\bsplit"
)
"""Words of a data split, as whole words: the '2 %' of '41k distinct tests, ~2 % of them come
out flaky' is a class rate, not a test share."""
_SCORE_AFTER = re.compile(
    r"\s*(?:[a-z-]+ )?(?:(?:inter-?rater|label|annotator) )?(?:agreement|accuracy|recall|precision|coverage|"
    r"uptime|availability|confidence|power|sensitivity|specificity|f1\b|auc\b|of the time\b)"
)
"""'94 % agreement on rot-positive/negative', '52 % recall at 55 % precision': a percentage
that scores something is not the share of positives, whatever outcome words stand nearby."""
# '8 % drop out', '5 % melanoma', '0.02 % are confirmed laundering': a percentage followed by
# the outcome the brief asks to predict is its positive rate, whatever the outcome is called.
_OBJECTIVE_CLAUSE = re.compile(
    r"\b(?:predict|classify|detect|flag|identify|spot|screen|score|estimate|find|tell)\w*\b"
    r"(?P<rest>[^.;\n]*)"
)
_AFTER_PCT = re.compile(r"[^.;,()\n%\d]{0,40}")  # up to the next figure
_WORD = re.compile(r"[a-z]{4,}")
_NOT_OUTCOME = re.compile(
    r"that|this|with|from|have|will|which|whether|their|they|them|those|these|into|what|when|"
    r"where|about|over|under|than|more|less|each|every|only|some|also|months?|years?|weeks?|days|"
    r"rows|data|records|cases|risk|likely|likelihood|probability|chance|model|using|based|given|"
    r"next|within|after|before|whose|there"
)
_ENTITY_WORD = re.compile(r"(?:" + ENTITY_NOUNS + "|" + RECORD_NOUNS + r")s?")


def _outcome_words(text: str) -> set[str]:
    """Content words of the objective clause that can name the outcome ('dropping', 'melanoma')."""
    m = _OBJECTIVE_CLAUSE.search(text)
    if not m:
        return set()
    words = _WORD.findall(m.group("rest"))
    return {w for w in words if not (_NOT_OUTCOME.fullmatch(w) or _ENTITY_WORD.fullmatch(w))}


def _same_stem(a: str, b: str) -> bool:
    n = min(5, len(a), len(b))
    return a[:n] == b[:n]


def _names_outcome(text: str, end: int, outcome: set[str]) -> bool:
    """The words right after a percentage name the predicted outcome."""
    after = _AFTER_PCT.match(text, end)
    words = _WORD.findall(after.group(0)) if after else []
    return any(_same_stem(w, o) for w in words if not _NOT_OUTCOME.fullmatch(w) for o in outcome)


_OF_WHAT = re.compile(
    r"\s*of (?:the |all |our )?(?:[a-z-]+ )?([a-z]{3,})"
    r"(?=\s*(?:[.,;:)]|$)|\s(?:and|but|while|whereas|in|across|at|on|comes?|came)\b)"
)
"""'of rot;', 'of the fraud in …': the phrase ends there ('4 % of accounts churn' goes on)."""


def _share_of_positives(text: str, end: int, outcome: set[str]) -> bool:
    """'30 % of rot', '60 % of the fraud': a share *of* the positives (which group they fall
    in), not the share of rows that are positive."""
    m = _OF_WHAT.match(text, end)
    if m is None:
        return False
    words = m.group(0).split()[1:]
    return any(_same_stem(w, o) for w in words if len(w) >= 3 for o in outcome)


_ITEM_BREAK = re.compile(r"\n\s*(?:[-*•+]|\d+[.)]|\n)")
"""A new bullet, numbered item or paragraph: the words around a percentage stop there."""


def _item(text: str, lo: int, at: int, hi: int) -> str:
    """``text[lo:hi]`` cut to the list item or paragraph holding offset ``at``: the next
    bullet's 'incident log' says nothing about the '70 %' tag coverage above it."""
    for m in _ITEM_BREAK.finditer(text, lo, at):
        lo = m.start() + 1
    after = _ITEM_BREAK.search(text, at, hi)
    return text[lo : after.start() if after else hi]


def extract_positive_rate(sheet: FactSheet) -> None:
    found = next(positive_rates(sheet), None)
    if found is not None:
        sheet.stated("positive_class_rate", found[0], found[1])


def positive_rates(sheet: FactSheet) -> Iterator[tuple[float, re.Match[str]]]:
    """Every statement of the positive rate, first the percentages and then the '1 in N's:
    the brief takes the first; a plan reviewer compares them all (S03)."""
    text = sheet.low
    outcome = _outcome_words(text)
    for m in _PCT_RE.finditer(text):
        before = text[max(0, m.start() - 22) : m.start()]
        window = _item(text, max(0, m.start() - 45), m.start(), m.end() + 45)
        if (
            _KPI_BEFORE.search(before)
            or _SPLIT_CONTEXT.search(window)
            or _SCORE_AFTER.match(text, m.end())
            or _SIGNAL_AFTER.match(text, m.end())
        ):
            continue
        if not (
            _RATE_CONTEXT.search(window)
            or _OF_ROWS.match(text, m.end())
            or _OUTCOME_VERB.match(text, m.end())
            or _OF_ROWS_WHICH.match(text, m.end())
            or _names_outcome(text, m.end(), outcome)
        ):
            continue
        if _share_of_positives(text, m.end(), outcome):
            continue
        rate = float(m.group("pct")) / 100.0
        if 0 < rate < 1:
            yield rate, m
    for m in _ONE_IN_RE.finditer(text):
        den = int(m.group("den").replace(",", ""))
        if den > 1:
            yield 1.0 / den, m
