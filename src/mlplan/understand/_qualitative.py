"""Categorical facts read from cue tables: task, modality, regulations, people, serving."""

from __future__ import annotations

import re

from mlplan.domain import Level, Modality, Regulation, ServingMode, TaskType
from mlplan.understand import cues, cues_framing
from mlplan.understand._facts import FactSheet
from mlplan.understand._groups import extract_group_key
from mlplan.understand._match import Cue, affirmed, first_hit, negated

_TASKS = [(task, Cue(p)) for task, p in cues.TASK_CUES]
_MODALITIES = [(mod, Cue(p)) for mod, p in cues.MODALITY_CUES]
_REGULATIONS = [(reg, Cue(p)) for reg, p in cues.REGULATION_CUES]
_SERVING = [(mode.value, Cue(p)) for mode, p in cues.SERVING_CUES]
_DOMAINS = [(name, Cue(p)) for name, p in cues.DOMAIN_CUES]
_TARGETS = [(name, Cue(p)) for name, p in cues_framing.DEPLOYMENT_TARGET_CUES]
_SENSITIVE = [(name, Cue(p)) for name, p in cues.SENSITIVE_ATTRIBUTE_CUES.items()]
_CLASSIFY = Cue(cues.CLASSIFY_WORDS)
_TABULAR = Cue(cues.TABULAR_CUES)
_PERSONAL = Cue(cues.PERSONAL_DATA_CUES)
_NO_PERSONAL = Cue(cues.NO_PERSONAL_DATA_CUES)
_AFFECTS = Cue(cues.AFFECTS_PEOPLE_CUES)
_INTERP_HIGH = Cue(cues.INTERPRETABILITY_HIGH_CUES)
_INTERP_LOW = Cue(cues.INTERPRETABILITY_LOW_CUES)
_TIME = Cue(cues.TIME_ORDER_CUES)
_NO_TIME = Cue(cues.NO_TIME_ORDER_CUES)
_WINDOWED = Cue(cues.WINDOWED_SIGNAL_CUES)
_CURRENT = Cue(cues_framing.CURRENT_SOLUTION_CUES)
_KPI = Cue(cues_framing.KPI_CUES)
_FRAUD = Cue(r"fraud")
_FRAUD_LABELS = Cue(
    r"chargebacks?|labell?ed|confirmed fraud|fraud (?:flags?|labels?|cases)|\d+(?:\.\d+)?\s*%"
)


def extract_task(sheet: FactSheet) -> None:
    text = sheet.low
    labelled_fraud = _FRAUD.search(text) and _FRAUD_LABELS.search(text)
    # labelled fraud is supervised: anomaly wording must not win over binary classification
    supervised = [
        (t, rx) for t, rx in _TASKS if not (t is TaskType.ANOMALY_DETECTION and labelled_fraud)
    ]
    hit = first_hit(supervised, text)
    if hit:
        sheet.stated("task_type", hit[0], hit[1])
        return
    m = affirmed(_CLASSIFY, text)
    if m:
        reason = "classification wording without a class count"
        sheet.inferred("task_type", TaskType.BINARY_CLASSIFICATION, reason, m)
        return
    sheet.assumed(
        "task_type",
        TaskType.BINARY_CLASSIFICATION,
        "the brief names no prediction task; binary classification is the most common framing",
    )


def extract_modalities(sheet: FactSheet) -> None:
    text = sheet.low
    hits = [(mod, m) for mod, rx in _MODALITIES if (m := affirmed(rx, text))]
    found = [mod for mod, _ in hits]
    first = min((m for _, m in hits), key=lambda m: m.start(), default=None)
    if sheet.values.get("task_type") is TaskType.FORECASTING and Modality.TIME_SERIES not in found:
        found.append(Modality.TIME_SERIES)
    tabular = _TABULAR.search(text)
    if tabular or not found:
        found.insert(0, Modality.TABULAR)
        first = first or tabular
    ordered = list(dict.fromkeys(found))
    if first is not None:
        sheet.stated("modalities", ordered, first)
    elif sheet.values.get("task_type") is TaskType.FORECASTING:
        sheet.inferred("modalities", ordered, "forecasting works on time series")
    else:
        sheet.assumed("modalities", ordered, "no data modality named; tabular records assumed")


def extract_regulations(sheet: FactSheet) -> None:
    text = sheet.low
    hits = [(reg, m) for reg, rx in _REGULATIONS if (m := affirmed(rx, text))]
    regs = [reg for reg, _ in hits]
    if hits:
        sheet.stated("regulations", regs, hits[0][1])
    m = _NO_PERSONAL.search(text)
    if m:
        sheet.stated("personal_data", False, m)
    elif any(r is not Regulation.SOX for r in regs):
        reason = f"{regs[0].value.upper()} applies only to personal data"
        sheet.inferred("personal_data", True, reason, hits[0][1])
    else:
        m = affirmed(_PERSONAL, text)
        if m:
            sheet.inferred("personal_data", True, f"the brief is about people ('{m.group(0)}')", m)
    if sheet.values.get("personal_data"):
        attrs = [(name, m) for name, rx in _SENSITIVE if (m := rx.search(text))]
        if attrs:
            first = min((m for _, m in attrs), key=lambda m: m.start())
            sheet.stated("sensitive_attributes", [name for name, _ in attrs], first)


def extract_people_and_interpretability(sheet: FactSheet) -> None:
    text = sheet.low
    m = affirmed(_AFFECTS, text)
    if m and sheet.values.get("personal_data", False) is not False:
        reason = f"outputs drive decisions about people ('{m.group(0)}')"
        sheet.inferred("affects_people", True, reason, m)
    m = _INTERP_LOW.search(text)
    if m:
        sheet.stated("interpretability", Level.LOW, m)
    m = affirmed(_INTERP_HIGH, text)
    if m:
        sheet.stated("interpretability", Level.HIGH, m)
    elif sheet.values.get("affects_people"):
        reason = "decisions about people must be explainable to them"
        sheet.inferred("interpretability", Level.HIGH, reason)


def extract_serving(sheet: FactSheet) -> None:
    hit = first_hit(_SERVING, sheet.low)
    latency = sheet.values.get("latency_p99_ms")
    if hit:
        sheet.stated("serving_mode", ServingMode(hit[0]), hit[1])
    elif latency is not None and latency <= 2000:
        reason = f"a {latency:g} ms latency target implies online serving"
        sheet.inferred("serving_mode", ServingMode.REALTIME, reason)
    elif sheet.values.get("throughput_rps"):
        reason = "a request rate implies online serving"
        sheet.inferred("serving_mode", ServingMode.REALTIME, reason)
    hit = first_hit(_TARGETS, sheet.low)
    if hit:
        sheet.stated("deployment_target", hit[0], hit[1])


def extract_time_and_groups(sheet: FactSheet) -> None:
    text = sheet.low
    m = _NO_TIME.search(text)
    task = sheet.values.get("task_type")
    if m:
        sheet.stated("time_ordered", False, m)
    elif task is TaskType.FORECASTING:
        sheet.inferred("time_ordered", True, "forecasting predicts later values from earlier ones")
    elif task is not None and task.is_classification and (w := _WINDOWED.search(text)):
        reason = (
            "each signal window is classified on its own; windows share a source, not a timeline"
        )
        sheet.inferred("time_ordered", False, reason, w)
    else:
        m = affirmed(_TIME, text)
        if m:
            sheet.inferred("time_ordered", True, f"'{m.group(0)}' implies rows ordered in time", m)
    if task is not TaskType.CLUSTERING:
        extract_group_key(sheet)


def _domain(text: str) -> tuple[str, re.Match[str]] | None:
    """The domain with the most distinct cue hits; ties go to the earlier table row."""
    best: tuple[float, str, re.Match[str]] | None = None
    for name, rx in _DOMAINS:
        hits = [m for m in rx.finditer(text) if not negated(text, m)]
        score = len({m.group(0) for m in hits}) + len(hits) / 100
        if hits and (best is None or score > best[0]):
            best = (score, name, hits[0])
    return (best[1], best[2]) if best else None


_CLAUSE_START = re.compile(r"[.;(\n!?]\s*")
_CLAUSE_END = re.compile(r"[.;)\n!?](?!\d)")


def _clause(text: str, at: int) -> tuple[int, int]:
    """The clause around position `at`: '(a GLM is used today)' -> 'a GLM is used today'."""
    starts = [s.end() for s in _CLAUSE_START.finditer(text, 0, at)]
    end = _CLAUSE_END.search(text, at)
    return (starts[-1] if starts else 0), (end.start() if end else len(text))


def extract_context(sheet: FactSheet) -> None:
    text = sheet.low
    hit = _domain(text)
    if hit:
        sheet.inferred("domain", hit[0], f"'{hit[1].group(0)}'", hit[1])
    m = _CURRENT.search(text)
    if m:
        start, end = _clause(text, m.start())
        solution = sheet.text[start:end].strip().rstrip(",")
        sheet.stated("current_solution", solution, (start, end))
    kpis = list(_KPI.finditer(text))
    if kpis:
        goals = [sheet.text[k.start() : k.end()].strip() for k in kpis[:5]]
        sheet.stated("success_kpis", goals, kpis[0])
