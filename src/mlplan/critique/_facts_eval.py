"""Evaluation facts beyond the metrics: baseline, threshold, fairness, A/B test, test-set use.

The test set gets the sentences that mention it, choices first ('C picked by test
accuracy'), so the leakage rules read the author's own account of what touches the test set.
"""

from __future__ import annotations

import re

from mlplan.critique._builder import PlanBuilder
from mlplan.critique._document import Document
from mlplan.critique._metrics import Mention
from mlplan.domain import Evidence, Section
from mlplan.understand import cues

S = Section
_EVAL = (S.EVALUATION, S.MODEL, S.TRAINING)

_BASELINE = re.compile(
    r"\bbaselines?\b|\bcompared? (?:against|with|to) (?:the )?(?:current|existing|today's|legacy|"
    r"old|rule|heuristic|manual|naive|keyword)|\bbenchmark(?:ed)? against|\bagainst (?:the )?"
    r"(?:current|existing|legacy) (?:\w+ ){0,3}(?:system|rules?|model|list|process|scorecard)"
)
_HEURISTIC = re.compile(
    r"\brules?\b|\bheuristic|\bkeyword|\bcall list|\bscorecard|\bcurrent (?:process|system|list|"
    r"approach)|\bmanual|\bmajority|\bprior\b|\bnaive|\blast (?:value|week|year)|\bseasonal naive|"
    r"\bmoving average"
)
_THRESHOLD = re.compile(r"\bthreshold\w*|\bcut-?offs?\b|\boperating point|\bdecision boundary")
_RATIONALE = re.compile(
    r"\bbecause\b|\bso that\b|\bbased on\b|\bcost\w*|\bcapacity\b|\bbudget\b|\bprecision (?:of|at|"
    r"floor|≥|>=)|\brecall (?:of|at|≥|>=)|\bto (?:hit|meet|keep|achieve|match|maximi[sz]e|"
    r"minimi[sz]e)|\bexpected (?:loss|cost|value)|\bcalls?\b|\bper (?:day|week)\b"
)
_TEST = re.compile(
    r"(?<!back-)(?<!back )(?<!a/b )(?<!ab )(?<!split )(?<!online )(?<!load )(?<!unit )(?<!t-)"
    r"\btest(?:ing)?\b(?! (?:cases?|suite|coverage|harness))|\bhold-?out\b|\bheld-?out\b"
)
_CHOICE = re.compile(
    r"\b(?:tun\w*|select\w*|choos\w*|chose\w*|pick\w*|early[- ]stop\w*|threshold\w*|calibrat\w*|"
    r"cut-?off)\b"
)
_VALIDATION = re.compile(r"\bvalidation\b|\bcv\b|\bfolds?\b|\bdevelopment window")
_FAIRNESS = re.compile(
    r"\bfairness\b|\bbias (?:audit|assessment|evaluation|testing|analysis|checks?)|\bdisparate "
    r"impact|\bequal(?:i[sz]ed)? (?:odds|opportunity)|\bdemographic parity|\bfour-fifths|\b80 ?% "
    r"rule|\bprotected (?:groups?|attributes?|characteristics|classes)|\badverse impact|\bequit\w+|"
    r"\bdisparit\w+|\b(?:by|across|per|for each|in every) (?:\w+ ){0,2}(?:sex|gender|ethnic\w*|race|"
    r"disabilit\w*|religio\w*)\b"
)
_FAIRNESS_METRIC = re.compile(
    r"\b(?:false (?:positive|negative) rates?|fpr|fnr|tpr|true positive rates?|equal(?:i[sz]ed)? "
    r"odds|demographic parity|disparate impact|four-fifths|80 ?% rule|selection rates?|approval "
    r"rates?|calibration|precision|recall|auc|gini|error rates?|sensitivity|specificity|contact "
    r"rates?)\b(?: (?:gap|difference|ratio|parity))?"
)
_SENSITIVE = [(name, re.compile(r"(?<![\w-])(?:" + p + ")")) for name, p in
              cues.SENSITIVE_ATTRIBUTE_CUES.items()]  # fmt: skip
_AB = re.compile(
    r"\ba/?b[- ]test\w*|\bab[- ]test\w*|\bsplit[- ]test\w*|\brandomi[sz]ed (?:controlled )?"
    r"(?:trial|experiment|test|holdout)|\bonline (?:controlled )?experiment|\bcontrolled experiment|"
    r"\bholdout group|\bcontrol group"
)
_UNIT = re.compile(
    r"\brandomi[sz](?:ed|ation)? (?:by|at the|per|on) (?:the )?(\w+)|\bunit(?: of randomi[sz]ation)?"
    r"\s*(?:is|:|=)\s*(?:the )?(\w+)|\bper[- ](user|customer|session|store|account|visitor|household|"
    r"driver|agent|member|seller)\b|\b(user|customer|session|store|account|visitor|household|member)"
    r"[- ]level"
)
_GUARDRAIL = re.compile(r"\bguardrails?\b")
_SAMPLE = re.compile(
    r"(\d[\d,]*(?:\.\d+)?)\s*(k|m)?\s+(?:\w+\s+)?(?:per (?:arm|group|variant|bucket)|in each "
    r"(?:arm|group))"
)


def extract_evaluation(doc: Document, b: PlanBuilder, metrics: list[Mention]) -> None:
    _baseline(doc, b)
    _threshold(doc, b)
    _fairness(doc, b)
    _ab_test(doc, b)
    _test_policy(doc, b)


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
    hit = doc.first(_THRESHOLD, (S.EVALUATION, S.DEPLOYMENT, S.TRAINING))
    if hit is None:
        return
    ev = doc.evidence(hit)
    start, end = doc.sentence(hit.start, hit.end)
    on_test = _TEST.search(doc.ext, start, end)
    chosen_on = ev.quote if on_test else "validation"
    rationale = ev.quote if _RATIONALE.search(doc.ext, start, end) else ""
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
    text = " ".join(
        doc.ext[slice(*doc.sentence(h.start, h.end))] for h in hits if h.polarity == "yes"
    )
    for block in doc.outline.blocks:
        heading = doc.outline.headings[block.heading] if block.heading >= 0 else None
        if heading is not None and "fairness" in heading.text.lower():
            text += " " + doc.ext[block.start : block.end]
    groups = [name for name, rx in _SENSITIVE if rx.search(text)]
    metrics = list(dict.fromkeys(m.group(0) for m in _FAIRNESS_METRIC.finditer(text)))[:5]
    b.set("evaluation.fairness", {"applicable": True, "groups": groups, "metrics": metrics}, ev)


def _ab_test(doc: Document, b: PlanBuilder) -> None:
    hits = [h for h in doc.find(_AB, (S.EVALUATION, S.DEPLOYMENT)) if h.polarity == "yes"]
    if not hits:
        return
    ev = doc.evidence(hits[0])
    text = " ".join(doc.ext[slice(*doc.sentence(h.start, h.end))] for h in hits)
    unit = _UNIT.search(text)
    guard = [doc.sentence_quote(h) for h in doc.find(_GUARDRAIL, (S.EVALUATION, S.DEPLOYMENT))
             if h.polarity == "yes"][:3]  # fmt: skip
    sample = _SAMPLE.search(text)
    size = None
    if sample is not None:
        size = int(
            float(sample.group(1).replace(",", ""))
            * {"k": 1e3, "m": 1e6}.get(sample.group(2) or "", 1)
        )
    test = {
        "unit": next((g for g in unit.groups() if g), "") if unit else "",
        "guardrail_metrics": guard,
        "sample_size_per_arm": size if size and size >= 1 else None,
    }
    b.set("evaluation.validation_strategy.ab_test", test, ev)


def _test_policy(doc: Document, b: PlanBuilder) -> None:
    """Sentences about the test set, the ones that make a choice on it first."""
    chosen: list[tuple[int, str, int]] = []
    for hit in doc.find(_TEST, _EVAL, anywhere=False):
        start, end = doc.sentence(hit.start, hit.end)
        if any(s == start for s, _, _ in chosen):
            continue
        choice = 0 if _CHOICE.search(doc.ext, start, end) and not _VALIDATION.search(
            doc.ext, hit.start, end) else 1  # fmt: skip
        chosen.append((start, doc.quote(start, end), choice))
    if not chosen:
        return
    chosen.sort(key=lambda t: (t[2], t[0]))
    first = chosen[0]
    text = " ".join(quote.rstrip(".") + "." for _, quote, _ in chosen[:4])
    b.set("evaluation.test_set_policy", text, Evidence(line=doc.line_of(first[0]), quote=first[1]))
