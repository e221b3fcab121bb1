"""Categorical facts read from cue tables: task, modality, regulations, people, serving."""

from __future__ import annotations

import re

from mlplan.domain import Level, Modality, Regulation, ServingMode, TaskType
from mlplan.understand import cues
from mlplan.understand._facts import FactSheet

_I = re.IGNORECASE


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + pattern + r")", _I)


_TASKS = [(task, _rx(p)) for task, p in cues.TASK_CUES]
_MODALITIES = [(mod, _rx(p)) for mod, p in cues.MODALITY_CUES]
_REGULATIONS = [(reg, _rx(p)) for reg, p in cues.REGULATION_CUES]
_SERVING = [(mode, _rx(p)) for mode, p in cues.SERVING_CUES]
_GROUPS = [(key, _rx(p)) for key, p in cues.GROUP_KEY_CUES]
_DOMAINS = [(name, _rx(p)) for name, p in cues.DOMAIN_CUES]
_TARGETS = [(name, _rx(p)) for name, p in cues.DEPLOYMENT_TARGET_CUES]
_SENSITIVE = [(name, _rx(p)) for name, p in cues.SENSITIVE_ATTRIBUTE_CUES.items()]
_PERSONAL = _rx(cues.PERSONAL_DATA_CUES)
_NO_PERSONAL = _rx(cues.NO_PERSONAL_DATA_CUES)
_AFFECTS = _rx(cues.AFFECTS_PEOPLE_CUES)
_INTERP_HIGH = _rx(cues.INTERPRETABILITY_HIGH_CUES)
_INTERP_LOW = _rx(cues.INTERPRETABILITY_LOW_CUES)
_TIME = _rx(cues.TIME_ORDER_CUES)
_NO_TIME = _rx(cues.NO_TIME_ORDER_CUES)
_CURRENT = _rx(cues.CURRENT_SOLUTION_CUES)
_KPI = _rx(cues.KPI_CUES)
_FRAUD_LABELS = _rx(r"chargebacks?|labell?ed|confirmed fraud|fraud (?:flags?|labels?|cases)|\d+(?:\.\d+)?\s*%")
_NEGATION = re.compile(r"\b(?:no|not|without|never|don't|doesn't|isn't|aren't|neither|nor)\b[^.;,\n]{0,25}$", _I)


def _negated(text: str, m: re.Match[str]) -> bool:
    return bool(_NEGATION.search(text[max(0, m.start() - 30) : m.start()]))


def _first(table: list[tuple[str, re.Pattern[str]]], text: str) -> tuple[str, re.Match[str]] | None:
    for name, rx in table:
        m = rx.search(text)
        if m and not _negated(text, m):
            return name, m
    return None


def extract_task(sheet: FactSheet) -> None:
    text = sheet.text
    for task, rx in _TASKS:
        m = rx.search(text)
        if not m or _negated(text, m):
            continue
        if task is TaskType.ANOMALY_DETECTION and re.search(r"fraud", text, _I) and _FRAUD_LABELS.search(text):
            continue  # labelled fraud is supervised: let binary classification take it
        sheet.stated("task_type", task, m)
        return
    if re.search(cues.CLASSIFY_WORDS, text, _I):
        m = re.search(cues.CLASSIFY_WORDS, text, _I)
        assert m is not None
        sheet.inferred("task_type", TaskType.BINARY_CLASSIFICATION, "classification wording without classes", m)
        return
    sheet.assumed(
        "task_type",
        TaskType.BINARY_CLASSIFICATION,
        "the brief names no prediction task; binary classification is the most common framing",
    )


def extract_modalities(sheet: FactSheet) -> None:
    text = sheet.text
    found: list[Modality] = []
    first: re.Match[str] | None = None
    for mod, rx in _MODALITIES:
        m = rx.search(text)
        if m and not _negated(text, m):
            found.append(mod)
            first = first or m
    task = sheet.values.get("task_type")
    if task is TaskType.FORECASTING and Modality.TIME_SERIES not in found:
        found.append(Modality.TIME_SERIES)
    tabular = re.search(r"\b(?:rows|tables?|crm|columns|tabular|csv|warehouse|transactions?|records)\b", text, _I)
    if tabular or not found:
        found.insert(0, Modality.TABULAR)
        first = first or tabular
    ordered = list(dict.fromkeys(found))
    if first is not None:
        sheet.stated("modalities", ordered, first)
    else:
        sheet.assumed("modalities", ordered, "no data modality named; tabular records assumed")


def extract_regulations(sheet: FactSheet) -> None:
    text = sheet.text
    regs: list[Regulation] = []
    spans: list[re.Match[str]] = []
    for reg, rx in _REGULATIONS:
        m = rx.search(text)
        if m and not _negated(text, m):
            regs.append(reg)
            spans.append(m)
    if regs:
        sheet.stated("regulations", regs, (spans[0].start(), spans[0].end()))
    m = _NO_PERSONAL.search(text)
    if m:
        sheet.stated("personal_data", False, m)
    elif regs and any(r not in (Regulation.SOX,) for r in regs):
        sheet.inferred("personal_data", True, f"{regs[0].value.upper()} applies only to personal data", spans[0])
    else:
        m = _PERSONAL.search(text)
        if m:
            sheet.inferred("personal_data", True, f"the brief is about people ('{m.group(0)}')", m)
    if sheet.values.get("personal_data"):
        attrs: list[str] = []
        first: re.Match[str] | None = None
        for name, rx in _SENSITIVE:
            m = rx.search(text)
            if m:
                attrs.append(name)
                first = first or m
        if attrs and first is not None:
            sheet.stated("sensitive_attributes", attrs, first)


def extract_people_and_interpretability(sheet: FactSheet) -> None:
    text = sheet.text
    m = _AFFECTS.search(text)
    if m and sheet.values.get("personal_data", False) is not False:
        sheet.inferred("affects_people", True, f"outputs drive decisions about people ('{m.group(0)}')", m)
    m = _INTERP_LOW.search(text)
    if m:
        sheet.stated("interpretability", Level.LOW, m)
    m = _INTERP_HIGH.search(text)
    if m and not _negated(text, m):
        sheet.stated("interpretability", Level.HIGH, m)
    elif sheet.values.get("affects_people"):
        sheet.inferred("interpretability", Level.HIGH, "decisions about people must be explainable to them")


def extract_serving(sheet: FactSheet) -> None:
    hit = _first([(mode.value, rx) for mode, rx in _SERVING], sheet.text)
    latency = sheet.values.get("latency_p99_ms")
    if hit:
        sheet.stated("serving_mode", ServingMode(hit[0]), hit[1])
    elif latency is not None and latency <= 2000:
        sheet.inferred("serving_mode", ServingMode.REALTIME, f"a {latency:g} ms latency target implies online serving")
    elif sheet.values.get("throughput_rps"):
        sheet.inferred("serving_mode", ServingMode.REALTIME, "a request rate implies online serving")
    hit = _first(_TARGETS, sheet.text)
    if hit:
        sheet.stated("deployment_target", hit[0], hit[1])


def extract_time_and_groups(sheet: FactSheet) -> None:
    text = sheet.text
    m = _NO_TIME.search(text)
    task = sheet.values.get("task_type")
    if m:
        sheet.stated("time_ordered", False, m)
    elif task is TaskType.FORECASTING:
        sheet.inferred("time_ordered", True, "forecasting predicts later values from earlier ones")
    else:
        m = _TIME.search(text)
        if m and not _negated(text, m):
            sheet.inferred("time_ordered", True, f"'{m.group(0)}' implies rows ordered in time", m)
    hit = _first(_GROUPS, text)
    if hit and task is not TaskType.CLUSTERING:
        sheet.inferred("group_key", hit[0], f"several rows per entity are likely ('{hit[1].group(0)}')", hit[1])


def extract_context(sheet: FactSheet) -> None:
    text = sheet.text
    hit = _first(_DOMAINS, text)
    if hit:
        sheet.inferred("domain", hit[0], f"'{hit[1].group(0)}'", hit[1])
    m = _CURRENT.search(text)
    if m:
        sheet.stated("current_solution", m.group(0).strip().rstrip(",") , m)
    kpis = [k.group(0).strip() for k in _KPI.finditer(text)]
    if kpis:
        first = _KPI.search(text)
        assert first is not None
        sheet.stated("success_kpis", kpis[:5], first)
