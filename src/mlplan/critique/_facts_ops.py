"""Deployment and operations facts: serving mode, budgets, rollout, rollback, retraining, alerts.

Commitments are read strictly: 'no rollback yet', 'rollback: TBD' and 'we might add a canary
later' leave the field empty, and the negated or hedged sentence becomes the evidence the
finding points at.
"""

from __future__ import annotations

import re
from typing import Any

from mlplan.critique._builder import PlanBuilder
from mlplan.critique._document import Document, Hit
from mlplan.domain import Evidence, RolloutStrategy, Section, ServingMode
from mlplan.understand._facts import FactSheet
from mlplan.understand._quantities import extract_latency, extract_throughput
from mlplan.understand._volume import extract_positive_rate

S = Section
_OPS = (S.DEPLOYMENT, S.MONITORING)

# fmt: off
SERVING: tuple[tuple[ServingMode, str], ...] = (
    (ServingMode.EDGE, r"on-?device|edge\b(?! cases?)|mobile app (?:offline|on device)|embedded device|"
                       r"tflite|core ?ml\b|raspberry|jetson|microcontroller|in-store (?:device|box|server)"),
    (ServingMode.STREAMING, r"(?<!music )(?<!video )streaming(?! (?:app|service|platform|site|company|"
                            r"business|provider|music|video|tv))|kafka\b|kinesis\b|flink\b|pub/?sub\b|"
                            r"event-driven|near[- ]real[- ]time"),
    (ServingMode.REALTIME, r"real[- ]?time(?!,? (?:[\w°-]+,? ){0,2}?(?:view|dashboards?|insights?|visibility|"
                           r"picture|reporting|analytics|overview)\b)|online (?:inference|prediction|"
                           r"scoring|serving|model)|behind (?:the|our|an?) (?:[\w-]+ ){0,3}?api\b|"
                           r"synchronous\w*|per request|low[- ]latency|p9\d\b|rest (?:api|endpoint)|"
                           r"endpoint\b|at (?:checkout|login|request time|authori[sz]ation|page ?load|"
                           r"the moment)|in the request path|within \d+ ?ms|calls? (?:our|the|an?) "
                           r"(?:endpoint|api|service)|on (?:ticket|order|request|transaction|message|"
                           r"page) (?:creation|arrival|submission|view|load)"),
    (ServingMode.BATCH, r"batch\b|nightly\b|overnight\b|(?:daily|weekly|monthly|hourly) (?:scoring|runs?|"
                        r"jobs?|batch|refresh|lists?|exports?|forecasts?|scores?)|scheduled (?:job|run|"
                        r"scoring|pipeline)|cron\b|airflow\b|once (?:a|per|every) (?:day|week|month)|"
                        r"every (?:day|night|morning|week|monday|sunday)|offline scoring"),
)
ROLLOUT: tuple[tuple[RolloutStrategy, str], ...] = (
    (RolloutStrategy.SHADOW, r"shadow\b|dark launch|parallel run|run (?:\w+ ){0,3}in parallel|side[- ]by[- ]side|"
                             r"silent(?:ly)?\b|hidden field|(?:stored|logged|recorded) but not (?:shown|used|"
                             r"applied)|in the background"),
    (RolloutStrategy.BLUE_GREEN, r"blue[- /]green"),
    (RolloutStrategy.AB_TEST, r"a/?b[- ]test\w*|ab[- ]test\w*|champion[- ]challenger|split[- ]test\w*"),
    (RolloutStrategy.CANARY, r"canary|\d+ ?% (?:of )?(?:[\w-]+ ){0,2}(?:traffic|users|requests|customers|stores|"
                             r"tickets|volume|agents|branches|members|renewals|sessions|transactions|"
                             r"applications|orders|leads|accounts|calls|claims)|gradual\w*|(\w+) by \1\b|"
                             r"(?:start|starts|starting|begin|begins|beginning) (?:with|in|at|on) (?:the |a |an )?\w+|"
                             r"then (?:to )?(?:all|every|everyone|the rest|the whole|the remaining|full|100 ?%)\b|"
                             r"(?:expand|extend)\w* (?:it )?to (?:all|every|the rest|the remaining|more|other)\b|(?:at|in|for|with|on) (?:one|two|a single|a few) "
                             r"(?:of the (?:\w+ ){0,3})?(?:\w+ )?(?:hospitals?|clinics?|sites?|regions?|markets?|"
                             r"stores?|branches?|teams?|countries|depots?|hotels?|fcs?)\b|ramp(?:ed|ing)?[- ]?up|staged "
                             r"(?:rollout|release)|phased (?:rollout|release|launch)|progressive\w* "
                             r"(?:rollout|delivery)|pilot\w*\b|beta (?:group|users|cohort)|one (?:region|"
                             r"market|store|team|country|site|hospital|branch) first|subset of (?:users|"
                             r"traffic|stores|agents|regions)|stage (?:1|one)\b|in stages|single region|"
                             r"(?:first|initially) (?:in|with|for|to) (?:one|a single|a few|\d+) "
                             r"(?:region|market|store|team|country|site|hospital|branch|hotel)s?"),
    (RolloutStrategy.BIG_BANG, r"big[- ]bang|all (?:users|traffic|customers|requests|stores|tickets) at "
                               r"once|switch(?:ed|ing)? (?:\w+ ){0,4}over\b|switch-over\b|change-?over\b|switch (?:everyone|all traffic|"
                               r"all users)|cut ?over\b|replace\w* (?:the )?(?:current|existing|old|legacy) "
                               r"(?:\w+ ){0,3}(?:entirely|completely|in one go|overnight|on day one)|100 ?% "
                               r"(?:of traffic )?(?:on|from) day one|go[- ]?live (?:for|at|in|across) (?:all|every)|launch "
                               r"(?:to|for) (?:all|everyone)"),
)
# fmt: on
_SERVING_RX = [(mode, re.compile(r"(?<![\w-])(?:" + p + ")")) for mode, p in SERVING]
_ROLLOUT_RX = [(s, re.compile(r"(?<![\w-])(?:" + p + ")")) for s, p in ROLLOUT]
_ROLLOUT_CONTEXT = re.compile(
    r"roll|launch|release|deploy|traffic|expos|live|switch|pilot|serv|a/?b\b|randomi|per arm"
)
_RESPONSE_TIME = re.compile(
    r"\b(?:latency|respon\w*|answers?|returns?|scor\w+)\b[^.;\n]{0,40}?\b(?:within|under|below|"
    r"less than|in)\s*(?:~|about|around)?\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>ms|milliseconds?|s|"
    r"secs?|seconds?)\b"
)
"""'a response within ~2 s is plenty': a budget the brief reader's patterns do not catch."""
_STAGED = re.compile(
    r"\b(?:then|before|followed by|expand\w*|extend\w*|rest of|remaining|initial\w*|phase|stage|"
    r"subset|small|one|two|three|a few|a single|single)\b|\bfirst\b(?! (?:quarter|year|month|week|day|"
    r"half|time)s?\b)"
)
"""What makes a 'pilot' a stage: something broader follows it, or it is a named subset.
'Go-live for all 14 pilot hotels' and 'across the pilot hotels' name the population only."""
_SUBSET = re.compile(
    r"\b(?:on|in|at|with|for|to) (?:one|two|three|a single|a few|a small|\d+) (?:of (?:the|our) )?"
    r"(?!(?:weeks?|months?|days?|quarters?|sprints?|years?|hours?)\b)[a-z]"
)
"""A timeline line that names a subset ('pilot on one wind farm in Q3') states a stage."""
_NOT_A_CLASS_RATE = re.compile(
    r"\d+(?:\.\d+)?\s*%\s*of\s+(?:the\s+)?(?:arr|mrr|revenue|gmv|sales|spend|budget|costs?|margin|"
    r"profit|turnover|value|volume|time)\b|(?:[<>≤≥]=?|(?:more|less|fewer) than|by|over|under)\s*"
    r"\d+(?:\.\d+)?\s*%",
    re.I,
)
"""'11 % of ARR' is a share of money, '> 50 %' a threshold: neither is the share of positives."""


def _spaces(m: re.Match[str]) -> str:
    return " " * len(m.group(0))


_TARGET_WORDS = re.compile(r"at least|at most|minimum|target|goal|≥|>=|up to|improve|reduc|increas")
_ROLLBACK = re.compile(
    r"\broll(?:ing|ed)?[- ]?backs?\b|\brevert\w*\b|\bswitch(?:ed|es|ing)? back\b|\bgo(?:ing)? back to\b|"
    r"\bneed to go back\b|\bcan be disabled\b|\b(?:restore|restored|"
    r"restoring|reinstat\w+) (?:the )?(?:previous|prior|old|last)|\b(?:previous|prior|last good) (?:model |"
    r"production )?(?:version|model|release|artefact|artifact|weights|model files?)s?\b"
    r"[^.;]{0,60}?\b(?:restored|reinstated|redeployed|re-deployed|kept|retained|deployable|copied back)|"
    r"\b(?:can|could) be (?:re-?enabled|switched back on|turned back on)|\bprevious (?:model )?"
    r"version (?:is|stays|remains|kept|can)|\bkeep (?:the )?previous (?:model|version)|\bback to the "
    r"(?:previous|old|last|prior) (?:model|version)|\bfall(?:s|ing)? back to the (?:previous|old|"
    r"last|prior) (?:model|version)|\b(?:re-?point\w*|point\w*|switch\w*) (?:[\w-]+ ){0,5}?back to\b|"
    r"\bre-?point\w* (?:the )?(?:[\w-]+ ){0,3}?to (?:the )?(?:previous|prior|old|last)\b|\bcan be "
    r"(?:restored|reinstated)\b|\bswitch (?:[\w-]+ ){1,3}back\b|\bflag (?:off|down)\b[^.;\n]{0,20}?"
    r"\bback to\b|\bfeature flag|\bkill[- ]switch|\b(?:sends?|routes?|routed|"
    r"switch(?:es|ed)?|moves?|moved) (?:all )?traffic back|\bflip(?:ping)? (?:the|a) (?:feature )?flag"
)
_AUTOMATIC = re.compile(r"\bautomatic(?:ally)?\b|\bif\b|\bwhen(?:ever)?\b|\btrigger")
_RETRAIN = re.compile(
    r"\bre-?train\w*|\bredevelop\w*|\bre-?fit\w*|\brefresh(?:ed|es)? (?:the )?model|\bmodel refresh|\bre-?calibrat\w+"
)
_RETRAIN_CONTEXT = re.compile(
    r"production|schedule|drift|cadence|periodic|daily|weekly|monthly|quarterly|nightly|automatic|"
    r"trigger|decay|degrad|every|each"
)
_FREQUENCY = re.compile(
    r"\b(?:daily|nightly|weekly|fortnightly|monthly|quarterly|yearly|annually|every \w+(?: \w+)?|"
    r"each (?:week|month|quarter|year|night|day|season)|once (?:a|per) \w+|on a (?:\w+ )?"
    r"(?:schedule|cadence))"
)
_TRIGGER = re.compile(
    r"\b(?:when|if|whenever|once|upon|triggered|on (?:drift|alert|degradation))\b"
)
_ALERT = re.compile(
    r"\balert\w*|\bpag(?:ed|ing)\b|\bpages? (?:the |an? |our )?(?:[\w-]+ ){0,2}?(?:on-?call|engineers?|"
    r"team|owners?|leads?|analysts?|rota)\b|\bpagerduty|\bnotif(?:y|ies|ication)"
)
"""'Pages the on-call' is an alert; 'the product page calls the API' is a web page."""
_THRESHOLD_WORDS = re.compile(r"\d|threshold|above|below|exceed|drops?|>|<|more than|less than")
_OWNER = re.compile(
    r"\b(?:to|notif(?:y|ies)|pages?) (?:the )?(?:[\w-]+ ){0,2}(?:team|lead|owner|engineer|ops|"
    r"squad|desk|on-?call|channel|analytics)\b|\b(?:owners?|owned by|who owns?)\b[^.;,]{0,30}|"
    r"\b[\w-]+ (?:ops|team|squad|desk|on-?call)\b|\bto #[\w-]+"
)


def extract_operations(
    doc: Document, b: PlanBuilder, moved: dict[str, tuple[Any, Evidence | None]]
) -> None:
    _numbers(doc, b, moved)
    _serving(doc, b)
    _rollout(doc, b)
    _rollback(doc, b)
    _retraining(doc, b)
    _alerts(doc, b)
    _cost(doc, b)


def _serving(doc: Document, b: PlanBuilder) -> None:
    """The deployment section's serving mode (its earliest cue); else an online mode the plan
    names elsewhere; else online when it sets a latency budget. Batch is the default."""
    hits = [(h.start, mode, h) for mode, rx in _SERVING_RX
            for h in doc.find(rx, (S.DEPLOYMENT,), anywhere=False) if h.polarity == "yes"]  # fmt: skip
    if not hits:
        hits = [(h.start, mode, h) for mode, rx in _SERVING_RX if mode is not ServingMode.BATCH
                for h in doc.find(rx) if h.polarity == "yes"]  # fmt: skip
    if hits:
        _, mode, hit = min(hits, key=lambda t: t[0])
        b.set("deployment.serving_mode", mode, doc.evidence(hit))
        return
    latency = b.get("deployment.latency_ms_p99")
    if latency is not None and latency <= 2000:
        b.set(
            "deployment.serving_mode", ServingMode.REALTIME, b.evidence["deployment.latency_ms_p99"]
        )


def _numbers(doc: Document, b: PlanBuilder, moved: dict[str, tuple[Any, Evidence | None]]) -> None:
    """One value per quantity: the deployment section's figure, else the document's first."""
    for field, path, extractor in (
        ("latency_p99_ms", "deployment.latency_ms_p99", extract_latency),
        ("throughput_rps", "deployment.throughput_rps", extract_throughput),
    ):
        for start, end in doc.ranges((S.DEPLOYMENT,)):
            sheet = FactSheet(doc.masked[start:end])
            extractor(sheet)
            source = sheet.facts.get(field)
            if source is not None and source.span is not None:
                at = start + source.span.start
                b.set(path, sheet.values[field], Evidence(line=doc.line_of(at),
                      quote=doc.quote(at, start + source.span.end)))  # fmt: skip
                break
        if field == "latency_p99_ms" and not b.stated(path):
            hit = doc.first(_RESPONSE_TIME, (S.DEPLOYMENT,), anywhere=False, hedged=True)
            if hit is not None:
                unit = hit.match.group("unit")
                value = float(hit.match.group("num")) * (1.0 if unit.startswith("m") else 1000.0)
                b.set(path, value, doc.evidence(hit))
        if not b.stated(path) and field in moved and moved[field][1] is not None:
            b.set(path, moved[field][0], moved[field][1] or Evidence())
    for start, end in doc.ranges((S.DATA,)):
        sheet = FactSheet(_NOT_A_CLASS_RATE.sub(_spaces, doc.masked[start:end]))
        extract_positive_rate(sheet)
        source = sheet.facts.get("positive_class_rate")
        if source is not None and source.span is not None:
            at = start + source.span.start
            b.set("data.positive_class_rate", sheet.values["positive_class_rate"],
                  Evidence(line=doc.line_of(at), quote=doc.quote(at, start + source.span.end)))  # fmt: skip
            return
    if "positive_class_rate" in moved and moved["positive_class_rate"][1] is not None:
        value, ev = moved["positive_class_rate"]
        line = doc.lines[ev.line - 1].lower() if ev is not None and ev.line else ""
        if ev is not None and not _TARGET_WORDS.search(line):
            b.set("data.positive_class_rate", value, ev)


def _rollout(doc: Document, b: PlanBuilder) -> None:
    found: list[tuple[int, RolloutStrategy, Hit]] = []
    timeline = doc.ranges((S.TIMELINE,))
    for strategy, rx in _ROLLOUT_RX:
        for hit in doc.find(rx, _OPS):
            sentence = doc.ext[slice(*doc.sentence(hit.start, hit.end))]
            if not hit.scoped and not _ROLLOUT_CONTEXT.search(sentence):
                continue
            if (not hit.scoped and any(a <= hit.start < z for a, z in timeline)
                    and not _SUBSET.search(sentence)):  # fmt: skip
                continue  # a schedule line ('pilot: 6 weeks') dates the rollout, it is not one
            if hit.match.group(0).startswith("pilot") and not _STAGED.search(sentence):
                continue  # 'all 14 pilot hotels': a pilot with nothing before or after it
            if hit.polarity != "yes":
                b.negate("deployment.rollout.strategy", doc.evidence(hit))
                continue
            found.append((hit.start, strategy, hit))
    if not found:
        return
    found.sort(key=lambda t: (not t[2].scoped, t[0]))  # the deployment section's words first
    gradual = [f for f in found if f[1] is not RolloutStrategy.BIG_BANG]
    _, strategy, hit = (gradual or found)[0]
    b.set("deployment.rollout.strategy", strategy, doc.evidence(hit))
    for _, _, other in found[:4]:
        ev = doc.evidence(other)
        b.append("deployment.rollout.stages", ev.quote, ev)


def _rollback(doc: Document, b: PlanBuilder) -> None:
    for hit in doc.find(_ROLLBACK, _OPS):
        ev = doc.evidence(hit)
        if hit.polarity != "yes":
            b.negate("deployment.rollback", ev)
            continue
        if doc.label_only(hit):
            continue
        start, end = doc.sentence(hit.start, hit.end)
        triggers = [ev.quote] if _AUTOMATIC.search(doc.ext, start, end) else []
        b.set("deployment.rollback", {"mechanism": ev.quote, "automatic_triggers": triggers}, ev)
        return


def _retraining(doc: Document, b: PlanBuilder) -> None:
    for hit in doc.find(_RETRAIN, _OPS):
        ev = doc.evidence(hit)
        start, end = doc.sentence(hit.start, hit.end)
        if not hit.scoped and not _RETRAIN_CONTEXT.search(doc.ext, start, end):
            continue
        if hit.polarity != "yes":
            b.negate("deployment.retraining", ev)
            continue
        if doc.label_only(hit):
            continue
        trigger = _TRIGGER.search(doc.ext, start, end)
        if _FREQUENCY.search(doc.ext, start, end) or not trigger:
            b.set("deployment.retraining.frequency", ev.quote, ev)
        if trigger:
            b.append("deployment.retraining.triggers", ev.quote, ev)
        if b.stated("deployment.retraining.frequency") or b.stated(
            "deployment.retraining.triggers"
        ):
            return
    _retraining_under_heading(doc, b)


def _retraining_under_heading(doc: Document, b: PlanBuilder) -> None:
    """'**Retraining.** Every quarter.': the heading names the topic, the text gives the cadence."""
    if b.stated("deployment.retraining.frequency") or b.stated("deployment.retraining.triggers"):
        return
    topics = {i for i, h in enumerate(doc.outline.headings) if _RETRAIN.search(h.text.lower())}
    for block in doc.outline.blocks:
        if block.heading not in topics:
            continue
        for rx, path in ((_FREQUENCY, "deployment.retraining.frequency"),
                         (_TRIGGER, "deployment.retraining.triggers")):  # fmt: skip
            m = rx.search(doc.ext, block.start, block.end)
            if m is None:
                continue
            found = Hit(doc, m, True)
            if found.polarity != "yes":
                b.negate("deployment.retraining", doc.evidence(found))
                return
            ev = Evidence(line=block.line, quote=doc.block_text(block))
            if path.endswith("triggers"):
                b.append(path, ev.quote, ev)
            else:
                b.set(path, ev.quote, ev)
            return


def _alerts(doc: Document, b: PlanBuilder) -> None:
    for hit in doc.find(_ALERT, _OPS, anywhere=False):
        if hit.polarity != "yes":
            b.negate("deployment.monitoring.alerts", doc.evidence(hit))  # '[ ] alerts': a gap
            continue
        if doc.label_only(hit):
            continue
        ev = doc.evidence(hit)
        block = doc.block_at(hit.start)
        start, end = (block.start, block.end) if block else doc.sentence(hit.start, hit.end)
        text = doc.ext[start:end]
        owner = _OWNER.search(text)
        alert = {
            "signal": ev.quote,
            "threshold": ev.quote if _THRESHOLD_WORDS.search(text) else "",
            "owner": doc.quote(start + owner.start(), start + owner.end()) if owner else "",
        }
        if b.append("deployment.monitoring.alerts", alert, ev, limit=5) is None:
            return


_COST = re.compile(
    r"\b(?:compute|serving|infrastructure|infra|cloud|hosting|running|inference|gpu|operating|"
    r"scoring) (?:costs?|budget|spend|bill)\b|[$€£]\s?\d[\d,.]*\s*(?:k|m)?\s*(?:/|per |a )\s*"
    r"(?:month|year|day|week|run)\b"
)
"""'Compute budget: about €150 / month' in the training section is the serving cost too."""


def _cost(doc: Document, b: PlanBuilder) -> None:
    """A running-cost statement outside the deployment and timeline sections."""
    if b.stated("deployment.cost_estimate"):
        return
    hit = doc.first(_COST)
    if hit is not None and not doc.label_only(hit):
        b.set("deployment.cost_estimate", doc.sentence_quote(hit), doc.evidence(hit))
