"""Metrics in a plan: the one chosen as primary, the ones merely reported, the ones rejected.

'Primary metric: PR-AUC', 'we optimise for recall at 90 % precision' and 'success =
accuracy > 95 %' choose a metric; 'secondary: F1' reports one; 'we will not use accuracy'
and 'accuracy is misleading here' reject one and set nothing. A metric named only in passing
(the problem statement's 'the rules get 61 % accuracy') is neither.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from mlplan.critique._builder import PlanBuilder
from mlplan.critique._document import Document, Hit
from mlplan.domain import Evidence, MetricName, Section, TaskType
from mlplan.understand.cues import HORIZON

M = MetricName
_NUM = r"\d+(?:\.\d+)?"
# Specific before generic: 'recall at 90 % precision' claims its words before 'recall' does.
# fmt: off
_NAMES_AN_ERROR = (
    r"(?!\s*(?::|\(|—|–|,? measured (?:as|by)|,? i\.e\.)\s*(?:the )?(?:[\w-]+ ){0,3}?(?:wape|mape|smape|"
    r"mae|rmse|mase|pinball|(?:absolute |squared )?(?:percentage )?error)\b)"
)
"""'Forecast accuracy: weighted absolute percentage error (WAPE)': the word heads an error metric,
it is not the accuracy metric."""

METRICS: tuple[tuple[MetricName, str], ...] = (
    (M.RECALL_AT_PRECISION, rf"recall\s*(?:@|at)\s*(?P<at>{_NUM})\s*%?\s*precision"),
    (M.PRECISION_AT_RECALL, rf"precision\s*(?:@|at)\s*(?P<at>{_NUM})\s*%?\s*recall"),
    (M.PR_AUC, r"pr[- ]?auc|auprc|au-?pr\b|auc[- ]pr|average precision|area under the "
               r"precision[- ]recall|precision[- ]recall (?:curve|auc)"),
    (M.PRECISION_AT_K, r"precision\s*(?:@\s*|at\s+|in the top\s+)(?:k\b|(?P<k>\d[\d,]*)\b(?!\s*%))"),
    (M.RECALL_AT_K, r"recall\s*(?:@\s*|at\s+|in the top\s+)(?:k\b|(?P<k>\d[\d,]*)\b(?!\s*%))"),
    (M.NDCG_AT_K, r"ndcg(?:\s*@\s*(?P<k>\d+))?"),
    (M.OTHER, r"map\s*@\s*\[?0?\.\d+|map\s*\(\s*iou|map(?:@|\s+at\s+)iou"),  # detection mAP at IoU
    (M.MAP_AT_K, r"map\s*@\s*(?P<k>\d+)(?![.\d])|mean average precision"),
    (M.MRR, r"mrr\b|mean reciprocal rank"),
    (M.HIT_RATE_AT_K, r"hit[- ]?rate(?:\s*@\s*(?P<k>\d+))?"),
    (M.CATALOG_COVERAGE, r"catalog(?:ue)? coverage"),
    (M.ROC_AUC, r"roc[- ]?auc|auroc|au-?roc|auc[- ]roc|auc\b|area under the (?:roc )?curve|gini\b"),
    (M.BALANCED_ACCURACY, r"balanced accuracy"),
    (M.SUBSET_ACCURACY, r"subset accuracy|exact[- ]match (?:ratio|accuracy)"),
    (M.TOP_K_ACCURACY, r"top[- ]?(?P<k>[2-9]|\d\d+)[- ]accuracy"),
    (M.ACCURACY, r"top[- ]?1[- ]accuracy|accuracy" + _NAMES_AN_ERROR + r"|\d+\s*%\s*top[- ]?1\b"),
    (M.MACRO_F1, r"macro[- ]?(?:averaged )?f1|macro[- ]f-?score"),
    (M.MICRO_F1, r"micro[- ]?(?:averaged )?f1"),
    (M.WEIGHTED_F1, r"weighted[- ]?f1"),
    (M.F_BETA, r"f[- ]?beta|f0\.5|f2\b|f2[- ]score"),
    (M.F1, r"f1\b|f1[- ]score|f-score|f-measure"),
    (M.MCC, r"mcc\b|matthews"),
    (M.LOG_LOSS, r"log[- ]?loss|cross[- ]entropy"),
    (M.BRIER, r"brier"),
    (M.ECE, r"ece\b|expected calibration error"),
    (M.HAMMING_LOSS, r"hamming loss"),
    (M.RECALL, r"recall\b|sensitivity\b|true positive rate|tpr\b|detection rate"),
    (M.PRECISION, r"precision\b|positive predictive value|ppv\b"),
    (M.RMSLE, r"rmsle\b"),
    (M.RMSE, r"rmse\b|root mean squared? error"),
    (M.MAE, r"mae\b|mean absolute error"),
    (M.SMAPE, r"s-?mape\b"),
    (M.MAPE, r"mape\b|mean absolute percentage error"),
    (M.WAPE, r"wape\b|weighted absolute percentage"),
    (M.MASE, r"mase\b|mean absolute scaled"),
    (M.R2, r"r2\b|r²|r-squared|coefficient of determination"),
    (M.PINBALL_LOSS, r"pinball|quantile loss"),
    (M.INTERVAL_COVERAGE, r"(?:prediction )?interval coverage"),
    (M.SILHOUETTE, r"silhouette"),
    (M.DAVIES_BOULDIN, r"davies[- ]bouldin"),
    (M.CALINSKI_HARABASZ, r"calinski"),
    (M.ADJUSTED_RAND_INDEX, r"adjusted rand"),
    (M.DETECTION_DELAY, r"detection delay|time to detect(?:ion)?"),
)
# fmt: on
_COMPILED = [(name, re.compile(r"(?<![\w-])(?:" + p + ")")) for name, p in METRICS]
_PRIMARY = re.compile(
    r"\bprimary\b|\bmain metric|\bnorth[- ]star|\bheadline(?: metric| measure| number| figure| kpi)?"
    r"\s*(?::|=|is\b)|\bheadline (?:metric|measure|number|figure|kpi)\b[^.;:]{0,30}?\b(?:is|will be)\b|"
    r"\bheadline (?:results?|numbers?|figures?)(?: [\w-]+){0,4}?\s*:|\bheadline metric|\b(?:as|is) (?:the|our) headline\b|\bkey metric|\blead(?:ing)? metric|\bdecision metric|\boptimi[sz](?:e|es|"
    r"ing)? (?:for|on)\b|\bwe optimi[sz]e|\btarget metric|\bsuccess(?: metric| criterion| "
    r"criteria)?\s*(?:=|:|is|means|will be (?:measured|judged) (?:by|on))|\bjudged (?:by|on)\b|"
    r"\bmeasured (?:by|with)\b|\bmodel selection metric|\bour metric\b|\bthe metric (?:is|will be)|"
    r"\bmeasure success (?:by|with)|\bsuccess (?:criteri(?:a|on)|metrics?) for (?:[\w-]+ ){1,4}?"
    r"(?:are|is|will be)\b|\btarget to (?:hit|beat|reach|meet)\s*:|"
    r"\bwe(?:'ll| will| would)? (?:judge|measure|score) (?:it|the model|models|success) (?:by|on)\b|"
    r"\bas the (?:acceptance|go-live|sign-?off) (?:number|figure|metric|criterion)\b|"
    r"\b(?:to be|as|is|be) (?:the|our) (?:number|figure|metric|score) (?:that )?(?:we|to) (?:\w+ )?"
    r"(?:report|quote|track|show|lead with|put|use|judge|go by)"
)
_NAMES_EARLIER = re.compile(
    r"(?:as|is) (?:the|our) headline|as the (?:acceptance|go-live|sign-?off) (?:number|figure|"
    r"metric|criterion)|(?:to be|as|is|be) (?:the|our) (?:number|figure|metric|score) "
    r"(?:that )?(?:we|to)"
)
"""A cue that refers back to the metric already named in its sentence."""
_CUE_AFTER = re.compile(
    r"(?:\s+(?:score|metric|loss|index))?\s*(?:\(\s*|(?:,|—|–)?\s*(?:is|as|will be) (?:the |our )?)"
)
_CUE_INTRODUCES = re.compile(r"\s*(?:metric\s*)?(?::|=|is\b|will be\b|means\b)")
"""'log loss (primary)', 'PR-AUC as the primary metric': the cue names the metric just before it."""
_SECONDARY = re.compile(r"\bsecondary\b|\balso (?:report|track)|\bguardrails?\b|\bdiagnostic")
_ADDED_ON = re.compile(r"\bplus\b|\balongside\b|\bas well as\b|\bsecondary\b|\band also\b")
_SELECTION = re.compile(
    r"\b(?:select|choose|pick|compare)\w* (?:the )?(?:best |final |winning )?(?:models?|candidates?)"
    r"\b[^.;\n]{0,30}?\b(?:by|on|using|based on)\b|"
    r"\b(?:keep|kept|select|choose|chose|pick|take|retain)\w* (?:the )?(?:final )?(?:checkpoints?|models?|"
    r"epochs?|configurations?|configs?|candidates?|runs?|iterations?) (?:with|that has|having|at) "
    r"(?:the )?(?:lowest|highest|best|smallest|largest|minimum|maximum)\b"
)
"""A model chosen by a metric: 'compare candidates on PR-AUC', 'keep the checkpoint with the
lowest validation cross-entropy'."""
_CHOSEN_BY = re.compile(
    r"\b(?:select(?:s|ed|ing)?|choos(?:e|es|ing)|chose|chosen|pick(?:s|ed|ing)?|keep(?:s|ing)?|"
    r"kept|retain(?:s|ed)?|winner|model choice|model selection)\b[^.;\n]{0,60}?"
    r"(?:\b(?:by|using|based on)|\b(?:has|had|have|gives?|gave|with|shows?|showed) (?:the )?"
    r"(?:best|highest|lowest|top|smallest|largest|minimum|maximum))\s+"
    r"(?P<lead>(?:(?:the|its|their|mean|average|overall|val|validation|validated|cross-validated|"
    r"cv|out-of-fold|held-out|dev|oof)\s+){0,3})"
)
"""The same choice in other words: 'pick the winner by F1 on val', 'keep whichever gives the
best MRR@10', 'picked the SVM because it had the best accuracy on the validation year'; the
metric must follow the cue at once (a choice 'by hand' or 'by the team' names no metric)."""
_TARGET = re.compile(
    r"\s*(?:\w+\s+){0,2}?(?P<op>>=|≥|>|at least|minimum(?: of)?|no (?:less|lower) than|above|"
    r"over|of|=|:|to|reaching|target(?:ed)?(?: of)?|around|about|~|≈|below|under|<=|≤|<|at most|"
    r"no (?:more|higher) than)?\s*(?:of\s+)?"
    rf"(?P<num>{_NUM})\s*(?P<pct>%)?"
)
_RELATIVE = re.compile(
    r"\s*(?:points?\s+)?(?:lower|higher|better|worse|less|more|smaller|larger|fewer|improvement|"
    r"reduction|relative|above|below|over|under)\b"
)
"""'WAPE at least 15 % lower than the moving average' sets a relative goal, not a WAPE of 15 %."""
_MINIMUM_OPS = frozenset({">=", "≥", ">", "at least", "minimum", "minimum of", "no less than",
                          "no lower than", "above", "over"})  # fmt: skip
_TASK_OF: dict[MetricName, TaskType] = {
    **dict.fromkeys((M.RMSE, M.MAE, M.R2, M.RMSLE), TaskType.REGRESSION),
    **dict.fromkeys((M.MAPE, M.SMAPE, M.WAPE, M.MASE, M.PINBALL_LOSS), TaskType.FORECASTING),
    **dict.fromkeys((M.NDCG_AT_K, M.MAP_AT_K, M.MRR, M.HIT_RATE_AT_K), TaskType.RANKING),
    **dict.fromkeys((M.SILHOUETTE, M.DAVIES_BOULDIN, M.CALINSKI_HARABASZ), TaskType.CLUSTERING),
}
"""Metrics that only make sense for one kind of task: the task of a plan that never names it."""


@dataclass(frozen=True, slots=True)
class Mention:
    name: MetricName
    hit: Hit
    k: int | None
    at: float | None


def find_metrics(doc: Document) -> list[Mention]:
    """Every metric the document names, in order, each words claimed by one metric only."""
    claimed: list[tuple[int, int]] = []
    found: list[Mention] = []
    for name, rx in _COMPILED:
        for hit in doc.find(rx):
            if any(hit.start < b and a < hit.end for a, b in claimed):
                continue
            claimed.append((hit.start, hit.end))
            groups = hit.match.groupdict()
            k = int(groups["k"].replace(",", "")) if groups.get("k") else None
            at = float(groups["at"]) if groups.get("at") else None
            found.append(Mention(name, hit, k, at / 100 if at and at > 1 else at))
    return sorted(found, key=lambda m: m.hit.start)


def within(mentions: list[Mention], start: int, end: int) -> list[Mention]:
    return [m for m in mentions if start <= m.hit.start < end and m.hit.polarity != "no"]


def extract_metrics(doc: Document, b: PlanBuilder, mentions: list[Mention]) -> None:
    """Primary metric (with its target), secondary metrics and the model-selection metric."""
    primary = _primary(doc, mentions)
    if primary is not None:
        mention, cue_line = primary
        b.set("evaluation.primary_metric", _primary_metric(doc, mention, mentions),
              doc.evidence(mention.hit) if cue_line is None else cue_line)  # fmt: skip
    rejected = [m for m in mentions if m.hit.polarity == "no"]
    if rejected and primary is None:
        b.negate("evaluation.primary_metric", doc.evidence(rejected[0].hit))
    seen = {(primary[0].name, primary[0].k) if primary else None}
    # Reported metrics: the evaluation section's, and those a success criterion names; a
    # metric in the problem statement ('the rules get 61 % accuracy') is context, not a choice.
    scope = doc.ranges((Section.EVALUATION,)) + [
        (block.start, block.end) for block in doc.outline.hinted("overview.success_criteria")
    ]
    for mention in mentions:
        key = (mention.name, mention.k)
        inside = any(a <= mention.hit.start < z for a, z in scope)
        if key in seen or not inside or mention.hit.polarity == "no":
            continue
        if mention.name in _ERROR_METRICS and _CALIBRATION.search(doc.ext, *_line(doc, mention)):
            continue  # 'expected vs actual show-ups per flight (MAE)' checks calibration
        seen.add(key)
        b.append("evaluation.secondary_metrics", _metric(doc, mention), doc.evidence(mention.hit))
    for hit in doc.find(_SELECTION, (Section.EVALUATION, Section.TRAINING, Section.MODEL)):
        after = [m for m in within(mentions, hit.end, doc.sentence(hit.start)[1])]
        if hit.polarity == "yes" and after:
            b.set("evaluation.model_selection_metric", after[0].name, doc.evidence(hit))
            return
    for hit in doc.find(_CHOSEN_BY):
        after = within(mentions, hit.end, hit.end + 1)
        if after and _A_THRESHOLD.search(doc.ext, *doc.sentence(hit.start, hit.end)):
            continue  # 'sweep the cut-off and keep the one with the best F1' tunes a threshold
        if hit.polarity == "yes" and after:
            b.set("evaluation.model_selection_metric", after[0].name, doc.evidence(hit))
            return


_A_THRESHOLD = re.compile(r"\bthreshold|\bcut-?offs?\b|\boperating point|\balert level")
_ERROR_METRICS = frozenset({M.MAE, M.RMSE, M.MAPE, M.WAPE, M.SMAPE})
_CALIBRATION = re.compile(
    r"\bcalibrat\w*|\bexpected (?:vs\.?|versus|against|and) (?:actual|observed|realised)|\b(?:actual|"
    r"observed) (?:vs\.?|versus|against) expected"
)
"""An error metric on aggregated expectations (expected vs actual counts per flight) is a
calibration check of a probability model, not the metric of a regression task."""


def _line(doc: Document, mention: Mention) -> tuple[int, int]:
    return doc.sentence(mention.hit.start, mention.hit.end)


def _primary(doc: Document, mentions: list[Mention]) -> tuple[Mention, Evidence | None] | None:
    """The metric a sentence with a 'primary' cue chooses; else the only metric evaluated."""
    for cue in doc.find(_PRIMARY, (Section.EVALUATION, Section.OVERVIEW)):
        if cue.polarity == "no":
            continue
        start, end = doc.sentence(cue.start, cue.end)
        if _SECONDARY.search(doc.ext, start, cue.start):
            continue
        candidates = within(mentions, start, end)
        before = [m for m in candidates if m.hit.end <= cue.start]
        right_after = (
            before
            and cue.match.group(0) == "primary"
            and not doc.ext[before[-1].hit.end : cue.start].strip()
        )  # 'PR-AUC primary, plus recall at the alert threshold'
        if (
            before
            and (right_after or _CUE_AFTER.fullmatch(doc.ext, before[-1].hit.end, cue.start))
            and not _CUE_INTRODUCES.match(doc.ext, cue.end)
        ):
            if before[-1].hit.polarity == "yes":
                return before[-1], doc.evidence(cue)
            continue
        if before and _NAMES_EARLIER.match(
            cue.match.group(0)
        ):  # '97 % accuracy ... as the headline'
            if before[-1].hit.polarity == "yes":
                return before[-1], doc.evidence(cue)
            continue
        chosen = next((m for m in candidates if m.hit.start >= cue.start), None)
        chosen = chosen or next(iter(candidates), None)
        if chosen is not None and chosen.hit.polarity == "yes":
            return chosen, doc.evidence(cue)
    scope = doc.ranges((Section.EVALUATION,))
    evaluated = [
        m for m in mentions
        if m.hit.polarity == "yes" and any(a <= m.hit.start < z for a, z in scope)
    ]  # fmt: skip
    counts = Counter((m.name, m.k) for m in evaluated)
    if len(counts) == 1:
        return evaluated[0], None
    if evaluated:  # 'top-1 accuracy, plus recall per queue': the first one, the rest added on
        first = evaluated[0]
        start, end = doc.sentence(first.hit.start, first.hit.end)
        if _ADDED_ON.search(doc.ext, first.hit.end, end):
            return first, None
    ranked = counts.most_common(2)
    if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return next(m for m in evaluated if (m.name, m.k) == ranked[0][0]), None
    return _only_result(doc, mentions)


_VALUE_NEAR = re.compile(rf"{_NUM}\s*%|\b0?\.\d+\b")
_HELD_OUT = re.compile(
    r"\b(?:test|testing|held[- ]out|hold-?out|validation|val)\b(?! (?:the )?(?:rules?|process))"
)


def _only_result(doc: Document, mentions: list[Mention]) -> tuple[Mention, Evidence | None] | None:
    """The one metric the plan gives a held-out figure for, when nothing else says which metric
    judges the model: 'Accuracy on the held-out 20 % is 96.1 %', 'headline result from the
    prototype: 99.1 % accuracy on the test windows' — that figure is how the plan judges it."""
    reported: list[Mention] = []
    for m in mentions:
        if m.hit.polarity != "yes":
            continue
        lo, hi = doc.sentence(m.hit.start, m.hit.end)
        near = doc.ext[max(lo, m.hit.start - 40) : min(hi, m.hit.end + 40)]
        if _VALUE_NEAR.search(near) and _HELD_OUT.search(doc.ext, lo, hi):
            reported.append(m)
    if len({(m.name, m.k) for m in reported}) == 1:
        return reported[0], None
    return None


def _metric(doc: Document, mention: Mention, *, with_target: bool = False) -> dict[str, object]:
    display = doc.quote(mention.hit.start, mention.hit.end, limit=60)
    metric: dict[str, object] = {"name": mention.name, "display": display, "k": mention.k,
                                 "at": mention.at}  # fmt: skip
    if with_target:
        metric.update(_target(doc, mention))
    return metric


def _target(doc: Document, mention: Mention) -> dict[str, float]:
    """The number a metric is held to in its own sentence ('MAPE below 5 %'), if any."""
    m = _TARGET.match(doc.ext, mention.hit.end, doc.sentence(mention.hit.start)[1])
    if m is None or not (m.group("op") or m.group("pct")) or _RELATIVE.match(doc.ext, m.end()):
        return {}
    value = float(m.group("num")) / (100 if m.group("pct") else 1)
    return {"minimum" if m.group("op") in _MINIMUM_OPS else "target": value}


def _primary_metric(doc: Document, mention: Mention, mentions: list[Mention]) -> dict[str, object]:
    """The primary metric with its target: where it is chosen, else where the evaluation holds
    it to a number ('Metrics: MAPE, RMSE' ... 'accept if the backtest MAPE is below 5 %')."""
    metric = _metric(doc, mention, with_target=True)
    if "target" in metric or "minimum" in metric:
        return metric
    scope = doc.ranges((Section.EVALUATION,))
    for other in mentions:
        same = (other.name, other.k) == (mention.name, mention.k) and other is not mention
        inside = any(a <= other.hit.start < z for a, z in scope)
        if same and inside and other.hit.polarity == "yes":
            target = _target(doc, other)
            if target:
                return {**metric, **target}
    return metric


def task_from_metrics(mentions: list[Mention], b: PlanBuilder) -> tuple[TaskType, Hit] | None:
    """The task implied by the primary metric (else the first task-specific metric named)."""
    primary = b.get("evaluation.primary_metric.name")
    ordered = sorted(mentions, key=lambda m: (m.name != primary, m.hit.start))
    return next(
        (
            (_TASK_OF[m.name], m.hit)
            for m in ordered
            if m.name in _TASK_OF and m.hit.polarity != "no"
        ),
        None,
    )


_CLASSIFIER_METRICS = frozenset(
    {M.MACRO_F1, M.MICRO_F1, M.WEIGHTED_F1, M.F1, M.F_BETA, M.MCC, M.ROC_AUC, M.PR_AUC,
     M.LOG_LOSS, M.BRIER, M.BALANCED_ACCURACY, M.TOP_K_ACCURACY, M.RECALL_AT_PRECISION,
     M.PRECISION_AT_RECALL, M.HAMMING_LOSS, M.SUBSET_ACCURACY}
)  # fmt: skip
"""Metrics only a classifier is judged on. Plain accuracy, precision and recall are left out:
plans use them loosely for any task ('forecast accuracy', 'precision of the estimate')."""
_EXPLICIT_TASK = re.compile(
    r"(?i)binary|multi-?class|multi-?label|regress|classif|clustering|forecasting|learning[- ]to[- ]"
    r"rank|recommender|anomaly detection"
)
"""Words that name a task as a task: the author chose the framing, a metric does not undo it."""


def metric_task(name: MetricName, n_classes: int | None) -> TaskType | None:
    """The task a metric can only be measuring (None for metrics used loosely across tasks)."""
    if name in _TASK_OF:
        return _TASK_OF[name]
    if name in _CLASSIFIER_METRICS:
        if name in (M.HAMMING_LOSS, M.SUBSET_ACCURACY):
            return TaskType.MULTILABEL_CLASSIFICATION
        return _classifier((n_classes or 0) > 2 or name in (M.MACRO_F1, M.WEIGHTED_F1,
                                                               M.TOP_K_ACCURACY))  # fmt: skip
    return None


def _classifier(many: bool) -> TaskType:
    return TaskType.MULTICLASS_CLASSIFICATION if many else TaskType.BINARY_CLASSIFICATION


def _same_kind(a: TaskType, b: TaskType) -> bool:
    kinds = (
        {TaskType.REGRESSION, TaskType.FORECASTING},
        {TaskType.RANKING, TaskType.RECOMMENDATION},
    )
    if a is b or (a.is_classification and b.is_classification):
        return True
    return any(a in kind and b in kind for kind in kinds)


_LOOSE = frozenset({M.ACCURACY, M.PRECISION, M.RECALL})
_NOT_JUDGED_BY_HITS = frozenset(
    {TaskType.REGRESSION, TaskType.CLUSTERING, TaskType.ANOMALY_DETECTION}
)


def reconcile_task(b: PlanBuilder, family_task: TaskType | None) -> tuple[TaskType, str] | None:
    """A task read from one bare word that the plan's own primary metric contradicts.

    'Our planner recommends where ambulances wait' and 'a centre cluster of failing dies' put a
    task word in the text, but the model the plan builds is judged on MAE or macro-F1: that is
    what the author is building. The metric wins when the task word is weak (a single word, not
    a name for the task such as 'regression' or 'recommender', not backed by the model family)
    and the primary metric can only measure another kind of task. Plain accuracy, precision and
    recall overrule only a regression, clustering or anomaly word ('how much', 'ETA', 'clusters'):
    'forecast accuracy' is a loose phrase, and a forecasting plan judged on accuracy is exactly
    the mismatch a reviewer must report."""
    source = b.get("brief.facts.task_type")
    task = b.get("brief.task_type")
    n_classes = b.get("brief.n_classes")
    name = b.get("evaluation.primary_metric.name")
    if not isinstance(source, dict) or task is None or name is None:
        return None
    span = source.get("span") or {}
    cue = str(span.get("text") or "").strip()
    weak = len(cue.split()) <= 2 or _HORIZON.fullmatch(cue) is not None
    if not cue or not weak or _EXPLICIT_TASK.search(cue) or family_task is task:
        return None
    implied = metric_task(MetricName(name), n_classes)
    if implied is None and name in _LOOSE and TaskType(task) in _NOT_JUDGED_BY_HITS:
        # 'how much', 'ETA', 'clusters', 'anomaly': a regression, clustering or anomaly word
        # judged by accuracy, precision or recall is a classifier described loosely
        implied = _classifier((n_classes or 0) > 2)
    hits = name in _AT_K or name in (M.PRECISION, M.RECALL)  # plain accuracy stays M03's case
    backing = _classifier_backing(b) if implied is None and hits else None
    if backing is not None and TaskType(task) in _NOT_A_CLASSIFIER:
        # 'recall of iced deck-nights' with PR-AUC beside it: the plan judges a classifier of
        # events, whatever word named the task ('forecast', 'cluster', 'recommend')
        implied = _classifier((n_classes or 0) > 2)
    if implied is None or _same_kind(implied, TaskType(task)):
        return None
    if family_task is not None and not _same_kind(implied, family_task):
        return None
    also = f" with {backing.value} beside it" if backing is not None else ""
    return (
        implied,
        f"the primary metric ({MetricName(name).value}){also} measures a {implied.value} "
        f"task; the word '{cue}' alone does not make it {TaskType(task).value}",
    )


_HORIZON = re.compile("(?i)" + HORIZON)
"""'5 days ahead': a horizon says when the answer is due, not what kind of answer it is."""
_AT_K = frozenset({M.RECALL_AT_K, M.PRECISION_AT_K})
_NOT_A_CLASSIFIER = frozenset(
    {TaskType.REGRESSION, TaskType.FORECASTING, TaskType.CLUSTERING, TaskType.RECOMMENDATION}
)


def _classifier_backing(b: PlanBuilder) -> MetricName | None:
    """A secondary metric only a classifier is judged on (PR-AUC, Brier, F1), if any."""
    for metric in b.get("evaluation.secondary_metrics") or ():
        name = metric.get("name") if isinstance(metric, dict) else None
        if name is not None and MetricName(name) in _CLASSIFIER_METRICS:
            return MetricName(name)
    return None
