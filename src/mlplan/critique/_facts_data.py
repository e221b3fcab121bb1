"""Data and feature facts: sources, time order, grouping, personal data, features used.

A feature list names what the model sees. 'Age' or 'postcode district' in it is a sensitive
attribute (or a known proxy) used as an input; it counts as justified only when the plan
gives a reason a reviewer would accept (legal basis, necessity, a fairness check), not when
it says the feature improved the score.
"""

from __future__ import annotations

import re

from mlplan.critique._builder import PlanBuilder, fill_unstated
from mlplan.critique._document import Document, Hit
from mlplan.critique._outline import Block, map_heading
from mlplan.critique._timing import after_prediction_point, prediction_point
from mlplan.domain import Evidence, Section
from mlplan.understand import cues

S = Section

_SOURCE = re.compile(
    r"(?<![\w-])(?:tables?|warehouse|database|db|data ?lake|lake|logs?|events?|crm|erp|api|feeds?|"
    r"datasets?|s3|buckets?|bigquery|snowflake|redshift|postgres|mysql|kafka|exports?|csv|"
    r"spreadsheets?|system of record|snapshots?|history|histories|transactions|clickstream|images|"
    r"photos|scans|x-?rays|documents|tickets|zendesk|salesforce|hubspot|sap|bureau|platform|"
    r"servicing|origination|systems?|sensors?|telemetry|recordings|readings|surveys?|registry|"
    r"(?:comes?|pulled|exported|sourced|collected) from)(?![\w-])"
)
_NOT_SOURCE = re.compile(
    r"\b(?:label|base rate|positive rate|retention|retain|purg|hash|pseudonym|anonym|encrypt|"
    r"consent|lawful|gdpr|access|deleted|erasure|known gap|gaps?|note|caveat|limitation|risk|"
    r"duplicat|personal data|pii|sampling)\w*"
)
_TIME_STATED = re.compile(
    r"\btime[- ]ordered|\btimestamp\w*|\btime[- ]series|\bchronolog\w+|\b(?:daily|weekly|monthly|"
    r"quarterly) snapshots?|\bsnapshots? (?:per|every|each) (?:day|week|month)|\bone row per \w+ per "
    r"(?:day|week|month|quarter)|\bevent logs?|\btransactions?\b|\bsessions?\b|\bclickstream|"
    r"\btelemetry|\bsensor readings"
)
_NOT_TIME = re.compile(
    r"\bnot (?:\w+ )?time[- ]ordered|\bno time (?:order|component)|\bstatic snapshot"
)
_ENTITY = (
    r"(customer|patient|user|device|machine|account|store|site|member|subscriber|driver|"
    r"household|merchant|employee|student|vehicle|turbine|sensor|seller|hotel|applicant|borrower|"
    r"person|client|player|property|listing|school|hospital|pupil|loan|policyholder|taxpayer|"
    r"premises|vessel|aircraft|tenant|supplier|vendor|courier|agent|clinic|branch|subject)"
)
_GROUP_STATED = re.compile(
    r"\b(?:multiple|several|many|repeated|more than one) (?:rows|records|visits|transactions|"
    r"images|scans|samples|readings|sessions|claims|orders|loans|tickets|snapshots|admissions|"
    r"encounters|photos|x-?rays|trips|stays|applications) (?:per|for each|from the same|of the "
    r"same|for the same|belong(?:ing)? to the same) "
    + _ENTITY
    + r"|\bone row per "
    + _ENTITY
    + r"s? per (?:day|week|month|year|visit|snapshot|quarter)|\b"
    + _ENTITY
    + r"s? (?:can |may |"
    r"often |usually )?(?:hold|have|appear in|contribute|appear) (?:more than one|multiple|several|"
    r"many) (?:\w+ )?(?:rows|records|loans|visits|images|snapshots|transactions|times|accounts|"
    r"admissions|stays|claims)|\bgrouped (?:by|on) (?:the )?"
    + _ENTITY
    + r"|\b(?:many |most |some |"
    r"the same )?" + _ENTITY + r"s (?:often |regularly |frequently |usually |can |may |also )?"
    r"(?:apply|applied|return|returned|reapply|come back|re-?enter|submit|file|open|place|make|buy)"
    r"(?: to| for| again| in)? (?:several|multiple|many|more than one|two or more|repeated(?:ly)?|"
    r"again)\b"
    # '1.1M rows, 240k distinct borrowers': fewer entities than rows
    r"|\b\d[\d.,]*\s*[km]?\s+(?:[\w-]+\s+)?(?:rows|records|observations|samples|snapshots)\b[^.;]{0,60}?"
    r"\b\d[\d.,]*\s*[km]?\s+(?:distinct|unique|different|individual) " + _ENTITY + r"s?\b"
    # 'a borrower is often delinquent in several months', 'the same patient can be admitted
    # many times'
    r"|\b(?:an?|each|one|the same|any) "
    + _ENTITY
    + r" (?:is |are |can be |may be |will be |gets? |"
    r"has been |can |may |often |frequently |usually |typically |regularly |commonly |sometimes )"
    r"{1,2}(?:[\w-]+ ){0,2}?(?:in|on|across|over|for|during) (?:several|multiple|many|more than one|"
    r"two or more|repeated|consecutive|successive|different) (?:[\w-]+ )?(?:months|weeks|years|days|"
    r"snapshots|rows|periods|quarters|visits|cycles|records|times|occasions|cohorts|seasons|terms)\b"
    r"|\b" + _ENTITY + r"s? (?:often |can |may |do )?(?:recur|reappear|repeat)s?\b|"
    r"\bone row per (?:[\w-]+ )?"
    + _ENTITY
    + r"s? per (?:day|week|month|year|visit|snapshot|quarter)"
    # any entity with several rows: 'one row per unit per day', 'often one or two invoices per
    # supplier'
    r"|\bone row per ([a-z]+) per (?:day|week|month|year|visit|snapshot|quarter|hour|shift|cycle)\b"
    r"|\b(?:one or two|two or three|a few|several|many|multiple|dozens of|hundreds of|thousands of) "
    r"(?:[\w-]+ )?(?:rows|records|[a-z]+s) (?:per|from each|from the same|for each|for the same) "
    + _ENTITY
    + r"\b"
    # 'the same bidders appear across folds', 'a patient can show up in both train and test'
    r"|\b(?:the same|an?|each|one) ([a-z]{3,})(?<!s) (?:will |can |may |do |does |often |then )?"
    r"(?:appear|show up|occur|end up)s? (?:in|across|on) (?:both|all|several|multiple|different|many|"
    r"two|more than one) (?:of the )?(?:folds|splits|sets|sides|train and test)\b"
    # 'tenders in which the same group of companies bid repeatedly'
    r"|\bthe same (?:group of |set of |pool of |handful of )?([a-z]{3,}) (?:\w+ )?(?:repeatedly|again "
    r"and again|over and over|year after year)\b"
)
_DEDUP = re.compile(
    r"\bnear[- ]identical|\bidentical (?:[\w-]+ ){0,2}(?:rows|records|images|photos|clips|shots|files|"
    r"documents|texts|reports|copies|listings|tickets)|\bperceptual(?:ly)?[- ]hash\w*|\b(?:phash|dhash|"
    r"minhash|simhash)\b|\bexact (?:copies|repeats|matches)\b|\b(?:copies|repeats|reposts?|"
    r"resubmissions?|re-?uploads?) (?:are|were|will be|get) (?:merged|removed|dropped|grouped|"
    r"collapsed|kept together)|\b(?:logs?|logged|records?|recorded|counts?|counted|appears?|sends?|sent)\b"
    r"[^.;\n]{0,40}?\btwice\b[^.;\n]{0,120}?\b(?:collapsed|merged|removed|dropped|kept once)\b|"
    r"\b(?:the same|an identical) [^.;\n]{0,60}?\b(?:are|is|get|gets) (?:collapsed|merged)\b"
)
"""De-duplication without the word: 'near-identical shots are found with perceptual hashing and
kept in the same group', 'identical clips (audio hash) are grouped'."""
_FEATURE_LIST = re.compile(
    r"\b(?:features?|variables|inputs?|signals?|predictors?)\b(?! (?:owners?|store|flags?|"
    r"engineering|job|module|library|team|pipeline|code|importance|selection|schema|drift|"
    r"definitions?|catalogue|catalog))[^.;:\n]{0,40}?(?::|\(|\binclud\w*|"
    r"\bsuch as\b|\blike\b)\s*(?P<list>[^.;\n]{3,300})|"
    # 'From each application we take: household size, income band, ...'
    r"\b(?:from|for) (?:each|every) [\w-]+(?: [\w-]+)? (?:we|i) (?:take|use|record|extract|compute|"
    r"build|derive|keep|pull|add)\s*:\s*(?P<items>[^.;\n]{3,400})"
)
_SPLIT_ITEMS = re.compile(r",\s*(?:and\s+)?|\s*;\s*|\s+\+\s+")
_SPLIT_LIST = re.compile(r",\s*(?:and\s+)?|\s+and\s+|\s*;\s*|\s+\+\s+")
_NAME_VALUE = re.compile(r"^(?P<name>[\w /().%'-]{1,60}?)\s*(?::|—|–| - |=)\s*(?P<desc>.+)$")
_JUSTIFIED = re.compile(
    r"\bjustif\w*|\bpermitted\b|\blawful\w*|\blegal(?:ly)?\b|\brequired (?:by|for)\b|\bnecessary\b|"
    r"\bfairness\b|\bbias\b|\bactuarial\w*|\bapproved by\b|\bregulat\w+|\bcompliance\b|\bconsent\w*|"
    r"\bclinically (?:relevant|required|necessary)"
)
_NOT_USED = re.compile(
    r"\b(?:not|never|no longer)\b[^.;]{0,20}\b(?:used|included|a feature|an input|collected)\b|"
    r"\b(?:excluded|dropped|removed)\b"
)
_OUTCOME_TIME = re.compile(
    r"\bfinal (?:adr|price|amount|balance|status|outcome|value|rate|revenue|score|grade|result|"
    r"sale price|settlement|cost|bill|invoice|diagnosis|decision)\b|\b(?:achieved|realised|"
    r"realized|settled|closed|resolved|charged back|reversed|refunded|written off|paid out)\b"
    r"[^,;]{0,40}?\bfor (?:the|that|this) (?:same )?(?:stay|night|period|week|month|order|claim|"
    r"loan|case|booking|transaction|payment|trip|visit|stay night)\b|\b(?:achieved|realised|"
    r"realized|actual) (?:adr|revenue|price|sale price|margin|occupancy|revpar)\b|\bcurrent "
    r"(?:transaction|payment|order|claim|loan|case|ticket|account)[_ ]status\b|\b(?:settled|"
    r"reversed|charged back|refunded|written off)\s*/|\bdispute (?:flag|status|outcome)|"
    r"\bchargeback (?:flag|status|outcome)|\b(?:days|time|weeks) (?:on|to) (?:market|sale|sell|"
    r"close|settle|resolution|resolve|fill)\b|\bnumber of price (?:drops|reductions|cuts|changes)|"
    r"\bnight audit\b|"
    # a window around the row's own time reaches past it: 'the 24 h centred on the clip
    # timestamp', 'parts ordered within 30 days of the row date', '± 2 days of the visit'
    r"\bcent(?:red|ered) on (?:the |each |its )?(?:[\w-]+ )?(?:timestamp|time|date|event|day|hour|"
    r"moment|prediction|reading|row|clip|sample|visit)\b|\b(?:either side|both sides) of (?:the |"
    r"each |its )?(?:[\w-]+ )?(?:timestamp|time|date|event|day|prediction|reading|row|visit)\b|"
    r"\bwithin (?:\d+|a|one|two|three|seven|thirty) (?:hours?|days?|weeks?|months?) (?:of|around) "
    r"(?:the |each |its )?(?:row|snapshot|scoring|prediction|reference|score|observation|record|"
    r"sample|clip)(?:'s)? (?:date|time|timestamp|day)\b"
)
"""Values that exist only once the outcome has happened: the final ADR of the stay night, the
settled / charged-back status of this payment, days on market of a listing being valued."""


class _Gated:
    """A pattern run only on texts that contain one of its literal keys (every match contains
    one). Feature texts are checked one by one against many alternatives; most contain none of
    the keys, and a substring test is far cheaper than trying each alternative at each
    position."""

    def __init__(self, pattern: str, keys: tuple[str, ...]) -> None:
        self.rx = re.compile(pattern)
        self.keys = keys

    def search(self, text: str) -> re.Match[str] | None:
        return self.rx.search(text) if any(key in text for key in self.keys) else None


_EVENT_UNITS = (
    r"(?:tender|line|visit|case|order|load|trip|claim|ticket|booking|call|job|shift|appointment|"
    r"application|request|session|match|game)"
)
"""What one row of a plan often is, and what happens once: a tender, a visit, an order line."""
_AFTER_THE_EVENT = _Gated(
    r"\bafter the fact\b|\bjob[- ]sheets?\b|(?<=[a-z0-9])_within_\d+_(?:days|hours|weeks)\b|\bactual "
    r"[\w-]+ (?:[\w-]+ )?(?:reached|achieved|recorded)\b|\bfrom the closed (?:claim|case|ticket|"
    r"account|job|work order) (?:file|record)s?\b|\binvestigation (?:file|report)s?\b|\bend[- ]of[- ]"
    r"(?:shift|day|month|season|trip|job) (?:[\w-]+ )?(?:summary|report|totals?)\b|\b(?:teardown|"
    r"workover|post-?mortem|closure|completion|exit|discharge|final) reports?\b|\bin the first \d+ "
    r"(?:hours|days|weeks|months) (?:after|since|following) (?:the )?(?:release|launch|publication|"
    r"listing|opening|go-?live)\b|\bin the \d+ (?:hours|days|weeks|months) after the (?:visit|event|"
    r"call|order|sale|inspection|audit|admission|delivery|booking|claim|incident|record|report|"
    r"sighting|observation|request|application|submission|referral|appointment|session|arrival|"
    r"discharge|dispatch|release|match|game|shift)\b|\bfinal "
    r"(?:[\w-]+ ){0,2}(?:issued|recorded|confirmed|posted|tally|count)\b|"
    r"\bpost-(?:session|visit|appointment|call|surgery|operation|op|discharge|match|game|sale|"
    r"delivery|incident|treatment|shift|inspection|audit|interview|event|trip|service|repair|"
    r"job|release|launch) (?:[\w-]+ )?(?:notes?|reports?|surveys?|assessments?|summar(?:y|ies)|"
    r"reviews?|scores?|forms?|checks?|windows?|records?)\b|"
    r"\b(?:readings?|measured|recorded|observed|found|assessment|findings?) (?:on|upon) arrival\b|"
    r"\btrue-?up\b|"
    # what the predicted event itself produced: 'the refund on the line', 'response time on this
    # tender', 'invoice total for the visit', 'implant items scanned during the case'
    r"\b(?:(?:return|refund|cancel\w*|closure|rejection|decline|complaint)[_ ]reasons?|refunds?|"
    r"invoice total|response time|blood loss|bids? (?:the )?[a-z]+ received)\b[^.;,]{0,30}?\b(?:on|for|during|of|to) (?:this|that|"
    r"the same|the) " + _EVENT_UNITS + r"\b|\b(?:recorded|scanned|logged|measured|entered|"
    r"captured|taken|used|given|observed) during (?:the|this|that) (?:case|visit|call|procedure|"
    r"operation|session|trip|match|game|stay|admission|flight|delivery|inspection)\b",
    ("after the fact", "sheet", "_within_", "actual ", "from the closed", "investigation",
     "end-of-", "end of ", "teardown", "workover", "mortem", "closure", "completion report",
     "exit report", "discharge report", "final ", "hours after", "days after", "weeks after",
     "months after", "post-", "arrival", "true-up", "trueup", "reason", "refund",
     "invoice total", "response time", "blood loss", "received", " during "),
)  # fmt: skip
"""Inputs recorded after the event they would predict: 'from the handler's investigation
file', 'total_picks_shift from the end-of-shift summary', 'plays in the first 48 hours after
release', 'rebooked_within_7_days', 'final comps issued', 'the refund on the line'."""


_TARGET_PERIOD = _Gated(
    r"\b(?:at|in|during|for|on) (?:the )?target (?:[a-z-]+ )?(?:stop|week|day|month|hour|period|"
    r"window|year|season|quarter|date|event|visit|shift|game|match|trip|slot|bucket|interval|"
    r"block|minute)\b|"
    r"(?:\b|_)in_target_[a-z]+|\b(?:during|in|for|over) the forecast (?:interval|window|period|hour|"
    r"slot|day)\b|\bin (?:that|the) same (?:interval|hour|slot|half-hour|quarter-hour|"
    r"bucket)\b|_(?:this|same)_(?:week|month|day|shift)\b|\bin the same (?:week|month|"
    r"day|shift)\b(?! (?:last|a year|of the previous))|\b(?:during|in|over) the (?:outcome|label|target) (?:window|"
    r"period|week|month)\b|\b(?:calendar|whole|full|entire) (?:year|month|season|quarter) of "
    r"the (?:index|target|scored|predicted) [a-z]+|\btotal for the (?:calendar )?(?:day|week|"
    r"month|year)\b|\bacross the (?:whole|entire|full) (?:extract|data|study|observation|sample)"
    r"(?: window| period)?\b|"
    # 'avalanches observed on the bulletin's valid day', 'reports logged on the collection day'
    r"\b(?:on|for|during) the (?:[\w-]+'s )?valid (?:day|date|period|hour)\b|\b(?:on|for) the "
    r"(?:collection|delivery|event|match|race) day\b",
    ("target", "forecast ", "same ", "_this_", "_same_", "outcome", "label", " of the ",
     "total for the", "across the ", "valid ", "collection day", "delivery day", "event day",
     "match day", "race day"),
)  # fmt: skip
"""A value of the very period or place being predicted: 'dwell time at the target stop',
'carrier_added_in_target_week', 'count for the calendar year of the index donation'."""
_KNOWN_AHEAD = re.compile(
    r"\b(?:promo\w*|promotions?|holidays?|calendar (?:features?|attributes?|effects?|flags?)|scheduled|schedules?|planned|timetabled?|"
    r"day of (?:the )?week|forecast(?:ed|s)?(?! (?:period|window|horizon|hours?|days?|weeks?|interval|slot))|"
    r"nwp|issued|price lists?|"
    r"booked|bookings on the books|announced)\b"
)
"""What is known before the target period begins: planned promotions, holidays, timetables."""
_POINT_IN_TIME = re.compile(
    r"\b(?:prior|previous|past|historical|history of|earlier|before the (?:prediction|"
    r"application|booking|payment|transaction|request|scoring)|as of|at the time of|at "
    r"(?:prediction|scoring|decision|booking|application|request) time|point[- ]in[- ]time|"
    r"in the (?:last|past|previous) \d+|last \d+ (?:days|weeks|months|years)|so far|to date)\b"
)
_FEATURE_WINDOW = re.compile(
    r"\b(?:in|during|over|within) (?:its|their|the) first (\d+) (day|week|month)s?\b"
)
_LABEL_WINDOW = re.compile(
    r"\bwithin (\d+) (day|week|month)s? (?:of|from|after) (?:the )?(?:lead |account |loan |policy |"
    r"order )?(?:creation|created|sign-?up|registration|opening|origination|application|booking|"
    r"first (?:contact|visit|purchase)|start|onboarding|submission)"
)
_DAYS = {"day": 1, "week": 7, "month": 30}
_CURRENT_ON_HISTORY = (
    r"\b(?:current|today's|this (?:month|week)'s|latest|live)\b[^.;]{0,100}?\b(?:joined|attached|"
    r"copied|merged|applied)\w* (?:on)?to (?:every|all|each|the) (?:historical|past|older|earlier|"
    r"training) (?:snapshots?|rows|records|months|examples)|\b(?:pulled|taken|read) from today's "
    r"(?:snapshot|table|export|list)|\bcurrently (?:listed|flagged|marked|blocked|closed|active|"
    r"suspended|on (?:the )?[\w-]+ list)\b"
)
"""Values as of today on rows from the past: 'account fields taken from this month's export and
joined onto every historical snapshot', 'currently listed on the blocklist' (a feature named
'..._now' says the same; that is checked on feature text only)."""
_LEAKY = _Gated(
    _CURRENT_ON_HISTORY + r"|(?<=[a-z0-9])_now\b|"
    r"\b(?:only )?(?:known|available|recorded|computed|measured|set|filled in|entered) (?:only )?after "
    r"(?:the )?(?:outcome|event|decision|prediction|label|churn|cancellation|default|claim is "
    r"(?:paid|closed|settled)|fact|case is closed|resolution)|\bpost-(?:outcome|event|decision)\b|"
    r"\bfuture (?:information|data|values)",
    ("current", "today", "this month", "this week", "latest", "live", "_now", " after ", "post-",
     "future "),
)  # fmt: skip
_ATTRIBUTE_NAMES = {"race/ethnicity": "race", "postcode (proxy)": "postcode"}
SENSITIVE_CUES = [
    (_ATTRIBUTE_NAMES.get(name, name.replace(" ", "_")), re.compile(r"(?<![\w-])(?:" + p + ")"))
    for name, p in cues.SENSITIVE_ATTRIBUTE_CUES.items()
]
"""(attribute, cue) for the sensitive attributes the brief reader knows ('age', 'postcode')."""
_PERSONAL_FIELDS = re.compile(
    r"\bpii\b|\bpersonal (?:data|information)|\bpersonally identifiable|\b(?:full names|e-?mail "
    r"addresses|emails|phone numbers|home addresses|addresses|dates? of birth|ibans?|bank details|"
    r"national (?:id|insurance)|ssn|social security)\b|"
    # 'resident name, address, phone, email': identifiers listed together
    r"\b(?:names?|dob|date of birth|e-?mails?|phones?|addresses)\s*[,/&+]\s*(?:and )?(?:names?|dob|"
    r"date of birth|e-?mails?|phones?|phone numbers?|mobile(?: numbers?)?|addresses|postcodes?)\b|"
    # 'passenger name, booking reference', "the reporter's name, email address"
    r"\b(?:passenger|resident|customer|reporter|owner|patient|applicant|caller|driver|member|"
    r"tenant|student|employee|guest|client)(?:'s|s')? (?:full )?names?\b"
)
_AS_IS = re.compile(
    r"\bas (?:they|it) (?:are|is|was|were|came)\b|\bunredacted\b|\bunmasked\b|\bin the clear\b|"
    r"\bdump\w* everything\b"
)
"""Personal data kept as it arrived: 'transcripts go into the training set as they are,
including whatever customers type - names, addresses', 'the photo is uploaded as it is'."""


def extract_data(doc: Document, b: PlanBuilder, personal_stated_false: bool) -> None:
    """Sources, time order and grouping as the data section states them, and personal fields."""
    for block in doc.outline.blocks_of(S.DATA):
        m = _SOURCE.search(doc.ext, block.start, block.end)
        listed = block.kind != "para"  # a bullet or row of the data section names a source
        if (m is None and not listed) or _quiet(doc, m.start() if m else block.start):
            continue
        text = doc.ext[block.start : block.end]
        if _NOT_SOURCE.search(text) and " from " not in text:
            continue
        at = m.start() if m else block.start
        small = block.end - block.start < 200
        quote = doc.block_text(block) if small else doc.quote(*doc.sentence(at))
        ev = Evidence(line=doc.line_of(at), quote=quote)
        b.append("data.sources", {"name": quote}, ev, limit=6)
    stated = doc.first(_NOT_TIME, (S.DATA,))
    if stated is not None:
        b.set("data.has_time_order", False, doc.evidence(stated))
    else:
        hit = doc.first(_TIME_STATED, (S.DATA,), anywhere=False)
        if hit is not None:
            b.set("data.has_time_order", True, doc.evidence(hit))
    if not b.stated("data.deduplication"):
        dedup = doc.first(_DEDUP, (S.DATA, S.FEATURES, S.TRAINING, S.EVALUATION))
        if dedup is not None:
            b.set("data.deduplication", doc.sentence_quote(dedup), doc.evidence(dedup))
    group = doc.first(_GROUP_STATED, (S.DATA, S.TRAINING))
    if group is not None:
        entity = next(g for g in group.match.groups() if g)
        entity = (
            re.sub(r"ies$", "y", entity) if entity.endswith("ies") else entity.removesuffix("s")
        )
        b.set("data.group_key", f"{entity}_id", doc.evidence(group))
    if not personal_stated_false:
        everywhere = not doc.ranges((S.DATA,))  # a thread or memo with no data section
        personal = doc.first(_PERSONAL_FIELDS, (S.DATA,), anywhere=everywhere, hedged=True)
        if personal is not None:
            b.set("data.contains_personal_data", True, doc.evidence(personal))
            _kept_as_is(doc, b, personal)


def _kept_as_is(doc: Document, b: PlanBuilder, personal: Hit) -> None:
    """The sentence that lists the personal fields says they are kept as they came: that is
    the evidence P01 points at, and it outweighs masking said of something else."""
    start, end = doc.sentence(personal.start, personal.end)
    if not _AS_IS.search(doc.ext, start, end):
        return
    ev = doc.evidence(personal)
    if b.get("data.privacy.pseudonymisation") is not None:  # 'the agent view masks card numbers'
        b.set("data.privacy.pseudonymisation", None, ev, replace=True)
    b.negate("data.privacy.pseudonymisation", ev)


_MODEL_INPUTS = re.compile(
    r"\b(?:model|regression|classifier|regressor|gbm|lightgbm|xgboost|catboost|forest|trees?|"
    r"network|net|cnn|transformer|glm)\b[^.;:\n]{0,30}?\b(?:on|over|from|using)\s+(?:the\s+)?"
    r"(?P<list>[\w/-]+(?: [\w/-]+)?(?:\s*(?:\+|,|\band\b)\s*[\w/-]+(?: [\w/-]+)?)+)"
)
"""Inputs named where the model is: 'LightGBM per pixel on bands + indices', 'a GLM on price,
promotion and weather'."""


def _model_inputs(doc: Document, b: PlanBuilder) -> None:
    """A plan with no feature list that names the model's inputs in its model section."""
    for hit in doc.find(_MODEL_INPUTS, (S.MODEL, S.TRAINING), anywhere=False):
        if hit.polarity != "yes":
            continue
        sentence = doc.sentence_quote(hit, limit=400)
        for item in _SPLIT_LIST.split(hit.match.group("list")):
            _add_feature(doc, b, hit.line, item, "", sentence)
        return


def _quiet(doc: Document, offset: int) -> bool:
    """True when the sentence at ``offset`` negates or hedges what it says."""
    start, end = doc.sentence(offset)
    return bool(re.search(r"\b(?:no|not|never|without|don't|won't)\b", doc.ext[start:end]))


def extract_features(doc: Document, b: PlanBuilder) -> None:
    """Named features (from bullets or 'features include a, b and c'), sensitive ones marked."""
    blocks = doc.outline.blocks_of(S.FEATURES)
    for block in blocks:
        for name, desc, sentence in _items(doc, block):
            _add_feature(doc, b, block.line, name, desc, sentence)
    for hit in doc.find(_FEATURE_LIST, (S.FEATURES, S.MODEL, S.DATA)):
        group = "list" if hit.match.group("list") is not None else "items"
        opener = doc.ext[hit.match.start(group) - 1 : hit.match.start(group)]
        if opener == "(" and not hit.scoped:  # '(a, b, c)' lists features only in those sections
            continue
        if hit.polarity != "yes" or any(bl.start <= hit.start < bl.end and bl.kind == "bullet"
                                        for bl in blocks):  # fmt: skip
            continue
        sentence = doc.sentence_quote(hit, limit=400)
        listed = hit.match.group("list") or hit.match.group("items")
        for item in _SPLIT_LIST.split(_unbracket(listed)):
            _add_feature(doc, b, hit.line, item, "", sentence)
    for _intro, item in _introduced_items(doc):
        for name, desc, sentence in _items(doc, item):
            _add_feature(doc, b, item.line, name, desc, sentence)
    if not b.stated("features.features"):
        _model_inputs(doc, b)
    _leaky_data_items(doc, b)
    _current_values_on_history(doc, b)
    _leaky_sentences(doc, b)
    _train_serve_parity(doc, b)
    _documented_set(doc, b)
    _resolve_references(doc, b)
    _window_overlap(doc, b)
    _after_point(doc, b)
    if not b.stated("features.features") and blocks:
        first = blocks[0]
        text = doc.block_text(first)
        b.append("features.features", {"name": text[:60], "description": text},
                 Evidence(line=first.line, quote=text))  # fmt: skip
    for name, rx in SENSITIVE_CUES:
        for hit in doc.find(rx, (S.FEATURES,), anywhere=False):
            if hit.polarity == "yes" and as_attribute(doc.ext[max(0, hit.start - 40) : hit.start]):
                sentence = doc.sentence_quote(hit, limit=400)
                _add_feature(doc, b, hit.line, name, sentence, sentence, sensitive=True)
                break


_PEOPLE = frozenset(
    [
        "customer",
        "customers",
        "customer's",
        "user",
        "users",
        "user's",
        "patient",
        "patients",
        "patient's",
        "applicant",
        "applicants",
        "applicant's",
        "member",
        "members",
        "employee",
        "employees",
        "driver",
        "drivers",
        "borrower",
        "borrowers",
        "client",
        "clients",
        "person",
        "people",
        "policyholder",
        "policyholders",
    ]
)
_FUNCTION_WORDS = frozenset(
    [
        "the",
        "their",
        "his",
        "her",
        "of",
        "and",
        "or",
        "use",
        "uses",
        "using",
        "used",
        "include",
        "includes",
        "including",
        "add",
        "adds",
        "added",
        "plus",
        "with",
        "by",
        "like",
        "as",
        "also",
        "in",
        "on",
        "is",
        "are",
        "e.g.",
        "such",
        "from",
    ]
)


def as_attribute(before: str) -> bool:
    """True when an attribute word ('age') is about the person, not a thing ('handset age')."""
    tail = before[-40:].rstrip()
    if not tail or tail[-1] in ",;:(-/|•*\n.":
        return True
    word = tail.split()[-1]
    return word in _PEOPLE or word in _FUNCTION_WORDS


def _unbracket(text: str) -> str:
    """Commas inside parentheses do not separate list items: '(type, range)' stays one."""
    out, depth = [], 0
    for ch in text:
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        out.append(" " if ch == "," and depth > 0 else ch)
    return "".join(out)


_ABOUT_THE_SET = re.compile(
    r"(?:input |feature |data )?(?:schemas?|expectations?|great expectations|pandera|seeds?|"
    r"augmentation|iteration(?: order)?|owners?|ownership|documentation)\b|(?:every|each|all) (?:the )?(?:features?|inputs?|columns?) (?:has|have|is|"
    r"are|gets?) (?:a |an )?(?:[\w-]+ )?(?:descri\w+|documented|owned|owner|definition|versioned|"
    r"logged|checked|validated)|features? (?:are|is) (?:defined|documented|owned|versioned|logged) "
    r"(?:once|in|by)\b|defined once\b"
)
"""A bullet of the feature section about the feature set (its schema, documentation, owners),
not a feature."""
_DOCUMENTED_SET = re.compile(
    r"\b(?:every|each|all) (?:the )?(?:features?|inputs?|columns?) (?:has|have|is|are|gets?|comes? "
    r"with) (?:a |an )?(?:[\w-]+ )?(?:descriptions?|documented|definitions?|docstrings?)|\bfeatures? "
    r"(?:are|is) documented\b|\bfeature (?:dictionary|catalog(?:ue)?|glossary|documentation)\b"
)
"""The plan says its features are documented: 'Every feature has a one-line description in the
repo README'."""


def _documented_set(doc: Document, b: PlanBuilder) -> None:
    """Owners are named, and the plan says where every feature is described: keep both, so the
    documentation statement counts for T04."""
    owners = b.get("features.owners")
    if not owners or "features.owners" not in b.evidence:
        return
    hit = doc.first(_DOCUMENTED_SET, (S.FEATURES,), anywhere=False)
    if hit is None:
        return
    quote = doc.sentence_quote(hit)
    if quote not in owners:
        b.set("features.owners", f"{owners}; {quote}", b.evidence["features.owners"], replace=True)


_ITEM_MARK = re.compile(r"^(?:\d{1,3}[.)]|[a-h][.)]|\(\w{1,3}\))\s+")
"""The number or letter of a list item ('1.', 'b)', '(iii)'), not part of the feature's name."""


def _items(doc: Document, block: Block) -> list[tuple[str, str, str]]:
    """(name, description, sentence) for each feature a bullet (or table row) lists."""
    text = _ITEM_MARK.sub("", doc.block_text(block))
    if block.kind == "row":
        cells = [c.strip() for c in text.strip("|").split("|")]
        if not cells or not cells[0]:
            return []
        if map_heading(cells[0], strict=False):  # '| Features | a, b and c. ... |': a labelled list
            first = re.split(r"(?<=[.;])\s", " ".join(cells[1:]), maxsplit=1)[0]
            parts = [p for p in _SPLIT_LIST.split(_unbracket(first)) if p.strip()]
            return [(p, "", text) for p in parts if len(p.split()) <= 8]
        return [(cells[0], " | ".join(cells[1:]), text)]
    if block.kind != "bullet":
        _, colon, tail = text.partition(": ")
        parts = [p for p in _SPLIT_ITEMS.split(_unbracket(tail)) if p.strip()] if colon else []
        if len(parts) >= 3 and all(len(p.split()) <= 10 for p in parts):
            return [(p, "", text) for p in parts]
        return []
    if _ABOUT_THE_SET.match(text.lower()):
        return []  # '- Schema with expectations: types, ranges' describes checks, not features
    m = _NAME_VALUE.match(text)
    if m and S.FEATURES in (map_heading(m.group("name"), strict=True) or ()):
        # '- Features: a, b and c' under another heading: the value is the list
        parts = [
            p for p in _SPLIT_LIST.split(_unbracket(m.group("desc").rstrip(". "))) if p.strip()
        ]
        return [(p, "", text) for p in parts if len(p.split()) <= 10]
    if m and len(m.group("name").split()) <= 5:
        return [(m.group("name"), m.group("desc"), text)]
    parts = [p for p in _SPLIT_ITEMS.split(_unbracket(text)) if p.strip()]
    if len(parts) > 1 and all(len(p.split()) <= 10 for p in parts):
        return [(p, "", text) for p in parts]
    return [(text[:60], text, text)]


_REFERENCE = re.compile(
    r"^(?:all|every|each) (?:of )?(?:the )?([a-z-]+) (?:fields|columns|attributes|variables)\b"
    r"(?: (?:listed )?above| from above| listed| we have)?(?:,? (?:except|but|minus|other than) "
    r"(?P<but>.+))?$"
)


_LIST_INTRO = re.compile(
    r"^\W*(?:[\w'-]+ ){0,4}?(?:features?|inputs?|signals?|predictors?|variables|covariates|"
    r"model inputs)\b[^.;\n]{0,60}:\W*$"
)
"""A line that introduces a list of features wherever it stands: 'Features I'd build, per
charger-hour:', 'The inputs we will compute:', 'Candidate signals (all as of the cut-off):'."""
_EXCLUDED_INTRO = re.compile(
    r"\b(?:not|never|no|without|dropped|excluded|removed|rejected|avoid\w*|won't|don't|leav\w+ out)\b"
)


_ONE_DEFINITION = re.compile(
    r"\b(?:one|a single|the same|a shared|one shared|a common) (?:[\w+#-]+ ){0,3}?(?:library|package|"
    r"module|codebase|function|implementation|binary|component|transformer|feature builder|"
    r"pipeline|crate|jar|wheel|gem|repo(?:sitory)?)\b[^.;]{0,80}?\b(?:used|imported|called|compiled|linked|shared|runs?|loaded|"
    r"imports?)\b[^.;]{0,60}?\b(?:both|training and|in training|by training|at scoring|at serving|"
    r"scoring job|serving|inference)\b|"
    r"\b(?:scoring|serving|inference|prediction) (?:job|service|path|code) imports? (?:the same|"
    r"that|this|the) (?:[\w-]+ ){0,2}(?:package|library|module|code)"
)
"""One feature implementation for both paths: 'computed by one C library used both in the
training pipeline and in firmware', 'a single package imported by the scoring job'."""
_PARITY = re.compile(
    r"\bparity (?:tests?|checks?)|\b(?:train(?:ing)?|offline)[/ -](?:serv\w+|online|inference) "
    r"(?:parity|equivalence)|\bthrough both (?:paths|pipelines|implementations)|\b(?:compar\w+|"
    r"diff\w*) (?:the )?(?:[\w/-]+ ){0,2}(?:and|vs\.?|versus|with) (?:[\w/-]+ ){0,2}(?:outputs?|"
    r"features?|feature values)\b|\b(?:compar\w+|diff\w*) (?:the )?(?:outputs?|features?|feature "
    r"values) (?:of|from|between) (?:[\w/-]+ ){0,3}(?:and|vs\.?) "
)
"""A check that both paths produce the same values: 'a unit test compares phone and server
outputs on 500 reference photos', 'feeds 500 clips through both paths and fails on any
difference'."""


def _train_serve_parity(doc: Document, b: PlanBuilder) -> None:
    """Shared feature code and parity checks, in wordings the generic readings miss."""
    scopes = (S.FEATURES, S.DEPLOYMENT, S.TRAINING, S.MODEL, S.MONITORING)
    fill_unstated(
        doc,
        b,
        scopes,
        (("features.shared_feature_code", _ONE_DEFINITION), ("features.skew_check", _PARITY)),
    )


def _introduced_items(doc: Document) -> list[tuple[Block, Block]]:
    """(intro, item) for the bullets that follow a feature-list intro line, in any section."""
    blocks = doc.outline.blocks
    out: list[tuple[Block, Block]] = []
    for i, block in enumerate(blocks):
        if block.kind != "para" or S.FEATURES in block.sections:
            continue
        text = doc.ext[block.start : block.end].strip()
        if not _LIST_INTRO.match(text) or _EXCLUDED_INTRO.search(text):
            continue
        for item in blocks[i + 1 :]:
            if item.kind != "bullet" or item.heading != block.heading:
                break
            out.append((block, item))
    return out


def _resolve_references(doc: Document, b: PlanBuilder) -> None:
    """'Features: all listing fields above except the price itself' uses what 'Listing fields:
    make, model, ... days on market' lists elsewhere: those become the features, at that line."""
    for feature in list(b.get("features.features") or []):
        ref = _REFERENCE.match(feature["name"].lower())
        if ref is None:
            continue
        label = re.compile(r"^\W*" + re.escape(ref.group(1)) + r" (?:fields|columns|attributes|"
                           r"variables)\s*[:—–-]\s*(?P<list>.+)$")  # fmt: skip
        but = re.sub(r"^(?:the|its|their) | itself$", "", (ref.group("but") or "").strip(" ."))
        for block in doc.outline.blocks:
            listed = label.match(doc.ext[block.start : block.end].strip())
            if listed is None:
                continue
            sentence = doc.block_text(block)
            for item in _SPLIT_LIST.split(_unbracket(listed.group("list"))):
                if item.strip(" .") != but:
                    _add_feature(doc, b, block.line, item, "", sentence)
            break


def _window_overlap(doc: Document, b: PlanBuilder) -> None:
    """'calls logged in its first 30 days' when the label is 'SQL within 90 days of creation':
    the feature window lies inside the outcome window, so it sees what happens after the outcome
    may already have occurred."""
    label = doc.first(_LABEL_WINDOW, (S.DATA, S.PROBLEM_FRAMING, S.OVERVIEW))
    if label is None:
        return
    horizon = int(label.match.group(1)) * _DAYS[label.match.group(2)]
    for feature in b.get("features.features") or []:
        m = _FEATURE_WINDOW.search(f"{feature['name']} {feature['description']}".lower())
        if m is not None and 0 < int(m.group(1)) * _DAYS[m.group(2)] <= horizon:
            feature["available_at_prediction_time"] = False


def _after_point(doc: Document, b: PlanBuilder) -> None:
    """Features whose time window ends after the prediction point, or that are recorded while
    the predicted event happens ('rainfall April–September' for a 1 July outlook)."""
    point = prediction_point(doc.ext)
    for feature in b.get("features.features") or []:
        if after_prediction_point(f"{feature['name']} {feature['description']}".lower(), point):
            feature["available_at_prediction_time"] = False


_DESCRIBES_LABEL = re.compile(
    r"\b(?:labels?|targets?|outcomes?|ground[- ]truth|y)\s*(?:[:=]|(?:is|are|comes?)\b)|\blabell?ed\b|"
    r"\bwe (?:predict|forecast|classify)\b|\bpositives?\b"
)


def _leaky_data_items(doc: Document, b: PlanBuilder) -> None:
    """A data bullet that is an input measured in the predicted period ('concurrent viewers at
    the target hour (streams API)') or recorded after the event ('final comps issued for the
    performance') leaks even when the plan lists it as a source, not as a feature. Bullets that
    describe the label are the target, not an input; the weaker outcome-time words ('final
    price', 'settled') are left to feature lists, where they describe inputs."""
    for block in doc.outline.blocks_of(S.DATA):
        if block.kind != "bullet":
            continue
        text = doc.block_text(block)
        low = text.lower()
        in_period = _TARGET_PERIOD.search(low) and not _KNOWN_AHEAD.search(low)
        late = in_period or _TOO_STRONG.search(low) or _AFTER_THE_EVENT.search(low)
        if late and not _DESCRIBES_LABEL.search(low):
            _add_feature(doc, b, block.line, text[:80], text, text)


_CURRENT_ON_HISTORY_RX = re.compile(_CURRENT_ON_HISTORY)
_AS_INPUT = re.compile(
    r"\b(?:features?|inputs?|predictors?|signals?|covariates?|regressors?)\b|\bwe (?:also |then )?"
    r"(?:take|add|include|join|pull|use|feed|attach|bring in|compute|derive)\b|\b(?:is|are) "
    r"(?:joined|added|included|fed|computed|derived)\b|\bcomputed over\b"
)
"""A prose sentence that puts something into the model: 'From the same LIMS we take the count
of ...', 'all load features are computed over a 28-day window centred on the prediction date'."""
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(*])")


def _leaky_sentences(doc: Document, b: PlanBuilder) -> None:
    """Inputs named in running prose rather than a list: a sentence of the features section, or
    one of the data or model section that adds an input, that says it is recorded after the
    event (or in the predicted period) becomes a feature, so L08 can point at it."""
    for block in doc.outline.blocks:
        if block.kind == "bullet" or _PROSE_INPUTS.isdisjoint(block.sections):
            continue
        text = doc.masked[block.start : block.end]  # whole, with its line breaks
        offset = 0
        for part in _SENTENCE_END.split(text):
            at = text.find(part, offset)
            offset = at + len(part)
            sentence = " ".join(part.split())
            low = sentence.lower()
            if (
                (S.FEATURES in block.sections or _AS_INPUT.search(low))
                and not (_DESCRIBES_LABEL.search(low) or _NOT_AN_INPUT.search(low))
                and leaky(low)
            ):
                line = doc.line_of(block.start + at)
                _add_feature(doc, b, line, sentence[:80], sentence, sentence, attribute=False)


_PROSE_INPUTS = frozenset({S.FEATURES, S.DATA, S.MODEL})
_NOT_AN_INPUT = re.compile(
    r"\bnothing\b|\bnever\b|\bnot (?:a |an |used as )?(?:features?|inputs?)\b|\bonly as labels?\b|"
    r"\b(?:target|mean|likelihood)[- ]encod|\bsplits?\b|\bearly stopping\b"
)
"""Sentences that keep something out ('nothing recorded after the prediction date is a
feature'), that encode a column (an L04 matter, not an input recorded late) or that say what a
split is for ('the test split is scored once for the final report')."""


def _current_values_on_history(doc: Document, b: PlanBuilder) -> None:
    """A sentence that joins today's values onto past rows makes those inputs leak, wherever it
    stands; the sentence becomes the feature so L08 can point at it."""
    hit = doc.first(_CURRENT_ON_HISTORY_RX, (S.FEATURES, S.DATA, S.TRAINING))
    if hit is not None:
        sentence = doc.sentence_quote(hit, limit=400)
        _add_feature(doc, b, hit.line, sentence[:80], sentence, sentence)


_TOO_STRONG = _Gated(
    r"\b(?:very |a |the )?strong(?:est)? (?:signal|feature|predictor|read)\b(?!s? (?:we|that we) "
    r"(?:know|use) (?:today|already))|\bstrong in (?:the |our )?first (?:look|notebook|pass|model)|"
    r"\b(?:of|the) total (?:gain|importance)\b|\bsuspiciously (?:strong|good|predictive)",
    ("strong", "total gain", "total importance", "suspiciously"),
)
"""One input the author singles out as a (very) strong signal: the classic sign that it is
recorded with or after the outcome ('visit_duration_min from the job record (strong in first
look, keep)', 'gate scans in the target bucket (strongest feature, ~0.6 of total gain)')."""


def leaky(text: str) -> bool:
    """True when a feature's words say it is only known after the outcome (or prediction), or
    the author singles it out as a suspiciously strong signal."""
    if _LEAKY.search(text) or _TOO_STRONG.search(text):
        return True
    m = _OUTCOME_TIME.search(text) or _AFTER_THE_EVENT.search(text)
    if m is not None and not _POINT_IN_TIME.search(text):
        return True
    return bool(_TARGET_PERIOD.search(text)) and not _KNOWN_AHEAD.search(text)


def _canonical(name: str) -> str | None:
    """The sensitive attribute a feature name is about ('customer age' -> 'age'), if any."""
    low = name.lower()
    for attribute, rx in SENSITIVE_CUES:
        m = rx.search(low)
        if m is not None and as_attribute(low[: m.start()]):
            return attribute
    return None


def _add_feature(
    doc: Document,
    b: PlanBuilder,
    line: int,
    name: str,
    description: str,
    sentence: str,
    *,
    sensitive: bool = False,
    attribute: bool = True,
) -> None:
    """Adds a feature once; ``attribute=False`` for a whole sentence standing in as a feature,
    whose words ('age of the instrument') do not make it a sensitive attribute."""
    name = name.strip(" .,:*-`\"'")
    if not name or len(name) > 80 or _NOT_USED.search(name.lower()):
        return
    low = f"{name} {description}".lower()
    canonical = _canonical(name) if attribute else None
    if canonical is not None:
        sensitive = True
        name = canonical if len(name.split()) <= 3 else name
    existing = b.get("features.features") or []
    justification = sentence if sensitive and _JUSTIFIED.search(sentence.lower()) else ""
    for feature in existing:
        same_attribute = canonical is not None and _canonical(feature["name"]) == canonical
        if feature["name"].lower() == name.lower() or same_attribute:
            if justification and not feature.get("justification"):
                feature["justification"] = justification
            return
    feature = {
        "name": name,
        "description": description.strip(),
        "sensitive": sensitive,
        "justification": justification,
        "available_at_prediction_time": not leaky(low),
    }
    b.append("features.features", feature, Evidence(line=line, quote=sentence[:200]), limit=60)
