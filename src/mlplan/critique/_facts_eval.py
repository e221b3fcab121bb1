"""Evaluation facts beyond the metrics: baseline, threshold, fairness, A/B test, test-set use.

The test set gets the sentences that mention it, choices first ('C picked by test
accuracy'), so the leakage rules read the author's own account of what touches the test set.
"""

from __future__ import annotations

import re

from mlplan.critique._builder import PlanBuilder
from mlplan.critique._document import Document
from mlplan.critique._facts_split import random_holdout
from mlplan.critique._metrics import _COMPILED as METRIC_PATTERNS
from mlplan.critique._metrics import Mention
from mlplan.domain import Evidence, Section
from mlplan.understand import cues
from mlplan.validate.evaluation_leakage import CHOICE_WORDS
from mlplan.validate.privacy import PROXY_WORDS

S = Section
_EVAL = (S.EVALUATION, S.MODEL, S.TRAINING)

_SLICE_BY = re.compile(
    r"\b(?:by|per|for each|across|for every|broken down by|split by|in each)\s+(?:[\w-]+\s+)?"
    r"(?!(?:the|a|an|at|more|less|than|up|over|under)\b)([a-z][\w-]{2,})"
)
_PER_BEFORE = re.compile(r"\bper[- ][a-z][\w-]{2,}[- ]$")
_NOT_A_SLICE = frozenset(
    [
        "model",
        "models",
        "using",
        "hand",
        "far",
        "default",
        "design",
        "itself",
        "week",
        "weeks",
        "day",
        "days",
        "month",
        "months",
        "year",
        "years",
        "hour",
        "hours",
        "night",
        "nights",
        "quarter",
        "minute",
        "minutes",
        "second",
        "row",
        "rows",
        "request",
        "requests",
        "item",
        "items",
        "point",
        "points",
        "percent",
        "margin",
        "factor",
        "standard",
        "construction",
        "chance",
        "contrast",
        "definition",
        "itself",
        "name",
        "nature",
    ]
)
_METRIC_WORD = re.compile(r"(?:recall|precision|accuracy|auc|gini|f1|mae|rmse|mape|wape|ndcg|loss)")
_BASELINE = re.compile(
    r"\bbaselines?\b|\bcompared? (?:against|with|to) (?:the )?(?:current|existing|today's|legacy|"
    r"old|rule|heuristic|manual|naive|keyword)|\bbenchmark(?:ed)? against|\bagainst (?:the )?"
    r"(?:current|existing|legacy) (?:\w+ ){0,3}(?:system|rules?|model|list|process|scorecard)|"
    # 'compare against the 300-cycle rule', 'relative to the current two-hour rule', 'MAE 3.1
    # vs 6.8 for same slot last week', 'everything gets compared with that'
    r"\b(?:compar\w*|relative|benchmark\w*) (?:against|with|to) (?:the |a |our )?(?:[\w-]+ ){0,2}?"
    r"(?:rules?|heuristics?|formula|method|process|practice|schedule|approach|scorecard|checklist)\b|"
    r"\bvs\.? \d[\d.]*\s*(?:points|%|pp)? for\b|"
    r"\b(?:is|are|gets?) compared (?:with|to|against) (?:that|this|it)\b"
)
_HEURISTIC = re.compile(
    r"\brules?\b|\bheuristic|\bkeyword|\bcall list|\bscorecard|\bcurrent (?:process|system|list|"
    r"approach)|\bmanual|\bmajority|\bprior\b|\bnaive|\blast (?:value|week|year)|\bseasonal naive|"
    r"\bmoving average"
)
_THRESHOLD = re.compile(r"\bthreshold\w*|\bcut-?offs?\b|\boperating point|\bdecision boundary")
_DECISION_THRESHOLD = re.compile(
    r"\bcut-?offs?\b|\boperating point|\bdecision (?:threshold|boundary)|\bclassification "
    r"threshold|\bscore threshold|\bthreshold (?:is|will be) (?:chosen|set|picked|tuned|selected)"
)
_CAPACITY_CUT = re.compile(
    r"\b(?:top|highest[- ](?:ranked|scored)|first)\s+(?:\d[\d,.]*\s*%?|k\b)[^.;\n]{0,80}?\b(?:capacity|"
    r"budget|per (?:day|night|week|month|shift|term)|a (?:day|night|week|month))|\b(?:capacity|budget)"
    r"\b[^.;\n]{0,60}?\b(?:of|is|=|:|about|~|≈)\s*(?:about |around |roughly |~|≈)?\d[\d,.]*|"
    r"\b(?:list|queue|shortlist|cut|review) size\b[^.;\n]{0,60}?\b(?:follows|set by|matches|from|"
    r"equals|is)\b[^.;\n]{0,40}?\b(?:capacity|budget|staff\w*|advisers|agents|reviewers|planners)"
)
"""A cut set by capacity: 'recall at the top 900 store-SKUs per night (planner capacity)', 'the
list size (top 10 %) follows adviser capacity'. The operating point and its rationale in one."""
_OTHER_THRESHOLD = re.compile(
    r"\bpsi\b|drift|alert|fairness|four-fifths|screening|retrain|\bpromot\w+|\bgates?\b|\b(?:release|"
    r"acceptance|success|launch|ship(?:ping)?|go-live) (?:criteri\w+|thresholds?|bar)\b|\bgo/no-?go"
)
"""Thresholds that are not the model's decision cut-off: drift and alert limits, fairness
screens, and the bar a model must clear to be promoted ('must meet the success thresholds')."""
_RATIONALE = re.compile(
    r"\bbecause\b|\bso that\b|\bbased on\b|\bcost\w*|\bcapacity\b|\bbudget\b|\bprecision (?:of|at|"
    r"floor|≥|>=)|\brecall (?:of|at|≥|>=)|\bto (?:hit|meet|keep|achieve|match|maximi[sz]e|"
    r"minimi[sz]e)|\bexpected (?:loss|cost|value)|\bcalls?\b|\bper (?:day|week)\b|\bwhere\b|≤|≥|<=|"
    r">=|\bat (?:most|least)\b|\brate\b"
)
_TEST = re.compile(
    r"(?<!back-)(?<!back )(?<!a/b )(?<!ab )(?<!split )(?<!online )(?<!load )(?<!unit )(?<!t-)"
    r"\btest(?:ing)?\b(?! (?:cases?|suite|coverage|harness))|\bhold-?out\b|\bheld-?out\b"
)
_CHOICE = re.compile(
    r"\b(?:" + CHOICE_WORDS + r"|cut-?off|(?:gave|gives|has|had) the (?:best|highest|lowest))\b"
)
_VALIDATION = re.compile(r"\bvalidation\b|\bcv\b|\bfolds?\b|\bdevelopment window")
_FAIRNESS = re.compile(
    r"\bfairness\b|\bbias (?:audit|assessment|evaluation|testing|analysis|checks?)|\bdisparate "
    r"impact|\bequal(?:i[sz]ed)? (?:odds|opportunity)|\bdemographic parity|\bfour-fifths|\b80 ?% "
    r"rule|\bprotected (?:groups?|attributes?|characteristics|classes)|\badverse impact|"
    r"(?<!private )(?<!home )(?<!negative )\bequit(?:y|able|ably)\b(?! (?:volatility|index|indices|"
    r"markets?|funds?|prices?|returns?|trading|desk|research|capital|stakes?|release|loans?|"
    r"options|derivatives|swaps)\b)|"
    r"\bdisparit\w+|\b(?:by|across|per|for each|in every) (?:\w+ ){0,2}(?:sex|gender|ethnic\w*|race|"
    r"disabilit\w*|religio\w*)\b"
)
_FAIRNESS_METRIC = re.compile(
    r"\b(?:false (?:positive|negative) rates?|fpr|fnr|tpr|true positive rates?|equal(?:i[sz]ed)? "
    r"odds|demographic parity|disparate impact|four-fifths|80 ?% rule|selection rates?|approval "
    r"rates?|calibration|precision|recall|auc|gini|error rates?|sensitivity|specificity|contact "
    r"rates?|false[- ](?:reject|accept|alarm|match|non-?match)s?(?: rates?)?|frr|far|fnmr|fmr|wer|"
    r"word error rates?|mae|rmse|mape|capture|exposure(?: share)?|[a-z][\w-]+ (?:rates?|shares?)|"
    r"ranking positions?|positions?)\b(?: (?:gap|difference|ratio|parity))?"
)
_COMPARED = re.compile(
    r"\bcompar\w* (?:the )?(?P<what>[\w -]{3,60}?) (?:across|between|for each|by|per) (?:the )?"
    r"(?:[\w-]+ ){0,2}(?:groups?|bands?|genders?|sex|ages?|ethnic\w*|races?|regions?|cohorts?)|"
    r"\b(?P<ratio>[\w-]+ ratio) (?:by|across|between) (?:[\w-]+ ){0,2}(?:groups?|bands?|gender|sex|"
    r"age|ethnic\w*|race)|(?P<passive>[\w -]{3,60}?) (?:are|is|will be|get|gets) compared (?:across|"
    r"between|by|per|for each)"
)
"""'We compare premium changes across age bands', 'premium ratio by gender': the quantity
compared across groups is the fairness metric, whatever the plan calls it."""
_SENSITIVE = [(name, re.compile(r"(?<![\w-])(?:" + p + ")")) for name, p in
              cues.SENSITIVE_ATTRIBUTE_CUES.items()]  # fmt: skip
_AB = re.compile(
    r"\ba/?b[- ]test\w*|\bab[- ]test\w*|\bsplit[- ]test\w*|\brandomi[sz]ed (?:controlled )?"
    r"(?:trial|experiment|test|holdout)|\bonline (?:controlled )?experiment|\bcontrolled experiment|"
    r"\bholdout group|\bcontrol group|\ba/b\b|\bhalf (?:of )?(?:the )?(?:users|traffic|visitors|"
    r"customers|sessions|stores|members|players) (?:get|gets|see|sees|are shown|are given)\b"
)
_UNIT = re.compile(
    r"\brandomi[sz](?:e|es|ed|ing|ation)? (?:by|at the|per|on) (?:the )?(\w+)|\bunit(?: of randomi[sz]ation)?"
    r"\s*(?:is|:|=)\s*(?:the )?(\w+)|\bper[- ](user|customer|session|store|account|visitor|household|"
    r"driver|agent|member|seller)\b|\b([\w-]+) as the (?:randomi[sz]ation |experimental |test )?unit\b|\b(user|customer|session|store|account|visitor|household|member)"
    r"[- ]level|\b([a-z]+)s,? (?:are |were |will be )?(?:chosen|selected|assigned|picked|drawn|"
    r"allocated) (?:by (?:lottery|lot|coin[- ]flip)|at random)"
)
_RANDOM_ARM = re.compile(
    r"\b\d+(?:\.\d+)?\s*%\s+of\s+(?:[\w-]+\s+){0,4}?(?:chosen|selected|assigned|picked|drawn)\s+"
    r"(?:at random|randomly)\b|\b\d+(?:\.\d+)?\s*%\s+of\s+(?:[\w-]+\s+){0,6}?(?:is |are )?randomly "
    r"(?:withheld|held out|excluded|assigned|selected|chosen)\b|\brandomi[sz]ed (?:by|per|at the) "
    r"(?:user|customer|account|member|session|store|household|driver|visitor)\b|\brandomly (?:chosen|selected|assigned|picked|drawn)\s+"
    r"\d+(?:\.\d+)?\s*%|\b(?:a )?random \d+(?:\.\d+)?\s*%\s+of\b|(?<!folds )(?<!rows )(?<!days )"
    r"(?<!samples )(?<!splits )(?<!records )\b(?:chosen|selected|assigned|picked|drawn|allocated) "
    r"(?:by (?:lottery|lot|coin[- ]flip)|at random)"
)
"""A rollout that treats a random share and leaves the rest as today is a randomised test."""
_GUARDRAIL = re.compile(r"\bguardrails?\b")
_SAMPLE = re.compile(
    r"(\d[\d,]*(?:\.\d+)?)\s*(k|m)?\s+(?:[\w-]+\s+){0,2}?(?:per (?:arm|group|variant|bucket)|in "
    r"each (?:arm|group))|\bper (?:arm|group|variant|bucket)\s*(?:is|are|of|=|:|≈|~)\s*(?:about |"
    r"around |roughly |~|≈)?\s*(\d[\d,]*(?:\.\d+)?)\s*(k|m)?\b(?!\s*%)|"
    r"\b(?:2|two) ?[×x*] ?(\d[\d,]*(?:\.\d+)?)\s*(k|m)?\b(?!\s*%)",
    re.I,
)
"""Per arm: '12,000 users per arm', 'per group: ~9k', '2 × 400 restaurants'."""


_POWER = re.compile(
    r"\b\d{2} ?% power\b|\bpower (?:of |=|:)?\s*0?\.\d+|\bpower (?:analysis|calculation)|\bpowered "
    r"to detect|\benough (?:[\w-]+ ){0,4}?to detect\b"
)
_COUNT = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d{2,})(?![\d.,]*\s*%)(?![\w])")
"""A power statement ('two years are needed to detect a 25 % difference at 80 % power, with
about 240 inspections per district'): the size is computed, its count is the one it names."""


def extract_evaluation(doc: Document, b: PlanBuilder, metrics: list[Mention]) -> None:
    _proxy_inputs(doc, b)
    _slices(doc, b, metrics)
    _baseline(doc, b)
    _threshold(doc, b)
    _fairness(doc, b)
    _ab_test(doc, b)
    _test_policy(doc, b)
    _business_from_success(b)


_ML_WORDS = re.compile(
    r"\b(?:model|offline|backtest|validation|test (?:set|period|window)|holdout|precision|recall|"
    r"accuracy|auc|f1|error|loss|score|calibrat\w*|ndcg|wape|mape|mae|rmse|f-score)\b",
    re.I,
)
_OUTCOME_NUMBER = re.compile(r"\d")


def _business_from_success(b: PlanBuilder) -> None:
    """A success criterion that names no model metric states the business outcome.

    'Success in operation: mean response time improved by at least 20 seconds' and 'Objective in
    numbers: median hold wait down from 34 to under 21 days' are the business metrics of a plan
    that never uses the words 'business metric': a measurable target on something other than the
    model's own output. Criteria that name a metric, a test set or the model are offline ones."""
    if b.stated("evaluation.business_metrics"):
        return
    criteria = b.get("overview.success_criteria") or []
    for i, text in enumerate(criteria):
        ev = b.evidence.get(f"overview.success_criteria[{i}]")
        if ev is None or not isinstance(text, str) or not _OUTCOME_NUMBER.search(text):
            continue
        if _ML_WORDS.search(text) or any(rx.search(text.lower()) for _, rx in METRIC_PATTERNS):
            continue
        b.append("evaluation.business_metrics", text, ev, limit=3)


_INPUT_CUE = re.compile(
    r"\b(?:features?|inputs?|variables|predictors|signals)\b|\bthe model (?:sees|uses|reads|gets|"
    r"receives|takes)\b"
)
_NOT_AN_INPUT = re.compile(
    r"\b(?:not|never|no longer)\b[^.;]{0,25}\b(?:a feature|an input|used|included|fed)\b|"
    r"\b(?:held back|kept out|left out|withheld|excluded|dropped|removed)\b|\bonly (?:joined|used|"
    r"kept) (?:afterwards |later )?(?:for|in)\b|\binstead of\b|\brather than\b"
)
_SLICE_BEFORE = re.compile(r"\b(?:by|per|across|for each|within|in each)\s+(?:the\s+)?\S*\s*$")
_ITEM_STOP = re.compile(r"[,:;(]|\band\b|\bor\b")
_PROXY_REASON = re.compile(
    r"\bjustif\w*|\bpermitted\b|\blawful\w*|\blegal(?:ly)?\b|\brequired (?:by|for)\b|\bnecessary\b|"
    r"\bapproved by\b|\bconsent\w*"
)


def _proxy_inputs(doc: Document, b: PlanBuilder) -> None:
    """A proxy for a protected attribute that a prose sentence lists among the model's inputs
    ('... and two contextual features: the median household income of the filer's postal area
    and the language of correspondence'), which a bullet-by-bullet feature reader misses."""
    elsewhere = doc.ranges((S.EVALUATION, S.MONITORING, S.DEPLOYMENT))
    known = " ".join(str(f.get("name", "")).lower() for f in b.get("features.features") or [])
    for hit in doc.find(PROXY_WORDS, (S.FEATURES, S.DATA, S.MODEL)):
        if hit.polarity != "yes" or any(a <= hit.start < z for a, z in elsewhere):
            continue
        start, end = doc.sentence(hit.start, hit.end)
        sentence = doc.ext[start:end]
        if not _INPUT_CUE.search(sentence) or _NOT_AN_INPUT.search(sentence):
            continue
        if _SLICE_BEFORE.search(doc.ext, max(start, hit.start - 25), hit.start):
            continue  # 'results by postcode area' is a slice, not an input
        phrase = hit.match.group(0)
        if phrase.lower() in known or phrase.lower().startswith("photo"):
            continue
        lo = max((m.end() for m in _ITEM_STOP.finditer(doc.ext, start, hit.start)), default=start)
        stop = _ITEM_STOP.search(doc.ext, hit.end, end)
        name = doc.quote(lo, stop.start() if stop else end, limit=80).strip(" .")
        reason = doc.quote(start, end) if _PROXY_REASON.search(sentence) else ""
        feature = {"name": name or phrase, "description": doc.quote(start, end), "sensitive": False,
                   "justification": reason, "available_at_prediction_time": True}  # fmt: skip
        b.append("features.features", feature, doc.evidence(hit), limit=60)
        known += " " + phrase.lower()


def _slices(doc: Document, b: PlanBuilder, metrics: list[Mention]) -> None:
    """'WAPE and bias by category and region', 'recall per queue': a metric reported per group."""
    scopes = doc.ranges(
        (S.EVALUATION, S.MONITORING, S.OVERVIEW, S.PROBLEM_FRAMING, S.MODEL, S.TRAINING)
    )  # 'Offline metrics: NDCG@6 by customer segment' may sit under the model heading
    for mention in metrics:
        if mention.hit.polarity == "no" or not any(a <= mention.hit.start < z for a, z in scopes):
            continue
        block = doc.block_at(mention.hit.start)
        start, end = (block.start, block.end) if block else doc.sentence(mention.hit.start)
        if _PER_BEFORE.search(doc.ext, max(start, mention.hit.start - 30), mention.hit.start):
            ev = Evidence(line=mention.hit.line, quote=doc.quote(start, end))
            b.append("evaluation.slices", ev.quote, ev, limit=4)  # 'per-clause-type precision'
            continue
        for m in _SLICE_BY.finditer(doc.ext, mention.hit.end, end):
            if m.group(1) not in _NOT_A_SLICE and not _METRIC_WORD.match(m.group(1)):
                ev = Evidence(line=mention.hit.line, quote=doc.quote(start, end))
                b.append("evaluation.slices", ev.quote, ev, limit=4)
                break
    if b.get("evaluation.slices"):
        return
    for rx in (_REPORT_PER, _PER_LIST):
        for hit in doc.find(rx, (S.EVALUATION,), anywhere=False):
            if hit.polarity == "yes" and hit.match.group(1) not in _NOT_A_SLICE:
                b.append("evaluation.slices", doc.sentence_quote(hit), doc.evidence(hit), limit=4)
                return
    separately = doc.first(_SEPARATELY, (S.EVALUATION, S.MONITORING))
    if separately is not None:
        ev = doc.evidence(separately)
        b.append("evaluation.slices", doc.sentence_quote(separately), ev, limit=4)


_PER_LIST = re.compile(r"\b(?:per|by) ([a-z][a-z_-]+)(?: [a-z_-]+)?, (?:and )?(?:per|by) [a-z]")
"""'… side by side: per faculty, per microphone type, and …': a list of groups to report by."""


_REPORT_PER = re.compile(
    r"\b(?:report\w*|break\w* (?:it |them |results )?down|look\w* at|evaluat\w*|compar\w*|"
    r"results?|scores?|errors?) (?:\w+ ){0,3}?(?:per|by|for each|across|within each) "
    r"(?:the )?([a-z][a-z_-]+)\b"
)
"""'report per farm', 'break results down by region': slices stated without naming a metric."""
_SEPARATELY = re.compile(
    r"\b(?:report\w*|results?|performance|metrics?|scores?|evaluat\w*|errors?)\b[^.;\n]{0,60}?"
    r"\bseparately\b(?! from)|\bconfusion matri(?:x|ces) (?:per|by|for each) [a-z]"
)
"""'report the results separately for highway vs park trees', 'the confusion matrix per
species': groups reported one by one, wherever the plan says so."""


def _baseline(doc: Document, b: PlanBuilder) -> None:
    for hit in doc.find(_BASELINE, (S.EVALUATION, S.MODEL)):
        ev = doc.evidence(hit)
        if hit.polarity == "no":
            b.negate("evaluation.baseline", ev)
            continue
        if doc.label_only(hit):
            continue
        b.set("evaluation.baseline", ev.quote, ev)
        start, end = doc.sentence(hit.start, hit.end)
        if _HEURISTIC.search(doc.ext, start, end):
            candidate = {"name": doc.quote(start, end, limit=80), "family": "heuristic"}
            b.append("model.candidates", candidate, ev)
        return


def _threshold(doc: Document, b: PlanBuilder) -> None:
    """The decision threshold: a cut-off or operating point first, then any other 'threshold'
    that is not about drift, alerts or fairness screening."""
    scopes = (S.EVALUATION, S.DEPLOYMENT, S.TRAINING)
    cutoffs = [h for h in doc.find(_DECISION_THRESHOLD, scopes) if h.polarity == "yes"]
    on_test = [h for h in cutoffs if _TEST.search(doc.ext, *doc.clause(h.start, h.end))]
    hit = next(iter(on_test + cutoffs), None) or next(
        (h for h in doc.find(_THRESHOLD, scopes) if h.polarity == "yes"
         and not _OTHER_THRESHOLD.search(doc.ext, *doc.sentence(h.start, h.end))
         and len(doc.ext[slice(*doc.clause(h.start, h.end))].split()) >= 3),
        None,
    )  # fmt: skip
    if hit is None:
        hit = next((h for h in doc.find(_CAPACITY_CUT, (S.EVALUATION, S.DEPLOYMENT, S.OVERVIEW))
                    if h.polarity != "no"), None)  # fmt: skip
        if hit is None:
            return
        ev = doc.evidence(hit)
        on = ev.quote if _TEST.search(doc.ext, *doc.clause(hit.start, hit.end)) else "validation"
        value = {"method": ev.quote, "rationale": ev.quote, "chosen_on": on}
        b.set("evaluation.decision_threshold", value, ev)
        return
    ev = doc.evidence(hit)
    start, end = doc.sentence(hit.start, hit.end)
    chosen_on = ev.quote if _TEST.search(doc.ext, *doc.clause(hit.start, hit.end)) else "validation"
    rationale = ev.quote if _RATIONALE.search(doc.ext, start, end) else ""
    if not rationale:  # 'Threshold rationale: FA/h is the constraint because ...' in its own item
        rationale = next(
            (doc.quote(*_item(doc, h.start, h.end)) for h in doc.find(_THRESHOLD, scopes)
             if h.polarity == "yes" and _RATIONALE.search(doc.ext, *_item(doc, h.start, h.end))),
            "",
        )  # fmt: skip
    value = {"method": ev.quote, "rationale": rationale, "chosen_on": chosen_on}
    b.set("evaluation.decision_threshold", value, ev)


def _fairness(doc: Document, b: PlanBuilder) -> None:
    hits = [h for h in doc.find(_FAIRNESS, (S.EVALUATION,)) if h.polarity != "maybe"]
    if not hits:
        return
    if hits[0].polarity == "no":
        b.negate("evaluation.fairness.applicable", doc.evidence(hits[0]))
        return
    ev = doc.evidence(hits[0])
    parts: list[str] = []
    for h in hits:
        if h.polarity != "yes":
            continue
        lo, hi = doc.sentence(h.start, h.end)
        parts.append(doc.ext[lo:hi])
        block = doc.block_at(h.start)
        if block is not None and block.end - block.start <= 1200:
            parts.append(doc.ext[block.start : block.end])  # 'Groups: ...; Metric: ...' read on
        if (
            lo > 1
        ):  # "this subgroup analysis is our fairness assessment" refers to the sentence before
            parts.append(doc.ext[slice(*doc.sentence(lo - 2))])
    for a, z in doc.ranges((S.EVALUATION,)):  # 'Slices: accent group, gender ... FRR <= 8 %'
        for block in doc.outline.blocks:
            short = a <= block.start < z and block.end - block.start <= 1200
            if short and any(rx.search(doc.ext, block.start, block.end) for _, rx in _SENSITIVE):
                parts.append(doc.ext[block.start : block.end])
    text = " ".join(parts)
    for block in doc.outline.blocks:
        heading = doc.outline.headings[block.heading] if block.heading >= 0 else None
        if heading is not None and "fairness" in heading.text.lower():
            text += " " + doc.ext[block.start : block.end]
    groups = [name for name, rx in _SENSITIVE if rx.search(text)]
    named = [m.group(0) for m in _FAIRNESS_METRIC.finditer(text)]
    named += [
        (m.group("what") or m.group("ratio") or m.group("passive")).strip()
        for m in _COMPARED.finditer(text)
    ]
    metrics = list(dict.fromkeys(named))[:5]
    b.set("evaluation.fairness", {"applicable": True, "groups": groups, "metrics": metrics}, ev)


def _ab_test(doc: Document, b: PlanBuilder) -> None:
    """An online test the evaluation or rollout plans; its design may be stated anywhere the
    plan names the test ('Target: +0.3 items, measured in an A/B test (user-level, ...)')."""
    scopes = (S.EVALUATION, S.DEPLOYMENT)
    hits = [h for h in doc.find(_AB, scopes) if h.polarity == "yes"]
    hits = hits or [
        h for h in doc.find(_RANDOM_ARM, scopes, anywhere=False)
        if h.polarity == "yes" and not random_holdout(h.match.group(0), doc.sentence_quote(h))
    ]  # fmt: skip
    if not hits:
        return
    ev = doc.evidence(hits[0])
    named = hits + [h for h in doc.find(_AB) if h.polarity == "yes"]
    sentences = list(dict.fromkeys(_item(doc, h.start, h.end) for h in named))
    text = " ".join(doc.ext[a:z] for a, z in sentences)
    text += " " + " ".join(doc.ext[a:z] for a, z in doc.ranges((S.EVALUATION,)))
    unit = _UNIT.search(text)
    guard = [doc.sentence_quote(h) for h in doc.find(_GUARDRAIL, (S.EVALUATION, S.DEPLOYMENT))
             if h.polarity == "yes"][:3]  # fmt: skip
    guard = guard or [doc.quote(a, z) for a, z in sentences if _GUARDRAIL.search(doc.ext, a, z)][:3]
    sample = _SAMPLE.search(text)
    size = None
    if sample is not None:
        number, unit_k = next(
            (sample.group(i), sample.group(i + 1)) for i in (1, 3, 5) if sample.group(i)
        )
        size = int(
            float(number.replace(",", "")) * {"k": 1e3, "m": 1e6}.get((unit_k or "").lower(), 1)
        )
    if size is None:
        blocks = [doc.block_at(h.start) for h in named]
        spans = sentences + [(bl.start, bl.end) for bl in blocks if bl is not None]
        power = next((m for a, z in spans if (m := _POWER.search(doc.ext, a, z))), None)
        if power is not None:
            count = _COUNT.search(doc.ext, *doc.sentence(power.start()))
            size = int(count.group(1).replace(",", "")) if count else None
    test = {
        "unit": next((g for g in unit.groups() if g), "") if unit else "",
        "guardrail_metrics": guard,
        "sample_size_per_arm": size if size and size >= 1 else None,
    }
    b.set("evaluation.validation_strategy.ab_test", test, ev)


def _item(doc: Document, start: int, end: int) -> tuple[int, int]:
    """The bullet or short paragraph around a match (a design reads on past a ';'), else its
    sentence."""
    block = doc.block_at(start)
    if block is not None and block.end - block.start <= 600:
        return block.start, block.end
    return doc.sentence(start, end)


def _test_policy(doc: Document, b: PlanBuilder) -> None:
    """What the plan says about its test set, clause by clause, choices first.

    Clauses, not sentences: 'tuned on the validation split, and the test split is used once'
    makes no choice on the test set, though one sentence holds both words.
    """
    chosen: list[tuple[int, str, int]] = []
    for hit in doc.find(_TEST, _EVAL, anywhere=False):
        start, end = doc.clause(hit.start, hit.end)
        if any(s == start for s, _, _ in chosen):
            continue
        choice = 0 if _CHOICE.search(doc.ext, start, end) else 1
        chosen.append((start, doc.quote(start, end, limit=300), choice))
    if not chosen:
        return
    chosen.sort(key=lambda t: (t[2], t[0]))
    first = chosen[0]
    text = " ".join(quote.rstrip(".") + "." for _, quote, _ in chosen[:4])
    b.set("evaluation.test_set_policy", text, Evidence(line=doc.line_of(first[0]), quote=first[1]))
