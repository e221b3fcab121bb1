"""Free-text brief -> ProjectBrief, deterministically; what the text does not say is marked assumed."""

from __future__ import annotations

import re
from typing import Any

from mlplan.domain import DataSource, Level, Modality, ProjectBrief, ServingMode, TaskType
from mlplan.understand import cues, cues_framing
from mlplan.understand._facts import FactSheet, lower
from mlplan.understand._match import Cue
from mlplan.understand._qualitative import (
    extract_context,
    extract_modalities,
    extract_people_and_interpretability,
    extract_regulations,
    extract_serving,
    extract_task,
    extract_time_and_groups,
)
from mlplan.understand._quantities import (
    extract_budget,
    extract_classes,
    extract_latency,
    extract_team,
    extract_throughput,
)
from mlplan.understand._time import extract_deadline, extract_time_facts
from mlplan.understand._volume import (
    extract_positive_rate,
    extract_volume,
    infer_rows_from_entities,
)

_I = re.IGNORECASE
_SENTENCE = re.compile(r"(?:[^.;!?\n]|\.(?=\d))+")
# Matched on the lower-cased text; values are sliced from the text as written.
_OBJECTIVE = re.compile(
    r"(?:predict|forecast|classify|detect|estimate|recommend|rank|segment|cluster|flag|identify|"
    r"score|route|categori[sz]e|triage|tag|find|spot)\w*\b(?:[^.;\n]|\.(?=\d))*"
)
_TARGET = re.compile(
    r"(?:predict|estimate|forecast)\w*\s+(?:(?P<q>whether|which|if|how)\s+|the\s+)?"
    r"(?P<t>[^.;,\n]{3,90}?)(?=\s+(?:from|using|based on|with|for the next|given)\b|[.;,\n]|$)"
)
_CLASSIFY_AS = re.compile(
    r"(?:classify|label|flag|tag|categori[sz]e|mark)\w*\s+[^.;\n]{0,50}?\bas\s+(?P<t>[^.;,\n]{3,70})"
)
_LEAD_IN = re.compile(r"^(?:we (?:want|need|would like) to|goal:|brief:|project:)\s*", _I)
_DOMAIN_TARGETS = [(Cue(p), target) for p, target in cues_framing.DOMAIN_TARGETS]
_SOURCES = [(name, kind, mod, Cue(p)) for name, kind, mod, p in cues_framing.SOURCE_CUES]


def _sentences(text: str) -> list[tuple[int, int, str]]:
    return [
        (m.start(), m.end(), m.group(0).strip())
        for m in _SENTENCE.finditer(text)
        if m.group(0).strip()
    ]


def _title(first: str) -> str:
    first = _LEAD_IN.sub("", first)
    first = first[:1].upper() + first[1:]
    return first if len(first) <= 90 else first[:87].rsplit(" ", 1)[0] + "..."


def _framing(sheet: FactSheet) -> None:
    text, low = (sheet.text, sheet.low) if sheet.text.strip() else (sheet.raw, lower(sheet.raw))
    sentences = _sentences(text) or [(0, len(text), text.strip())]  # all of it was instructions
    start, end, first = sentences[0]
    sheet.stated("title", _title(first), (start, end))
    sheet.stated("business_problem", first, (start, end))
    m = _OBJECTIVE.search(low)
    if m:
        sheet.stated("objective", text[m.start() : m.end()].strip(), m)
    else:
        reason = "no explicit prediction verb; the first sentence is the objective"
        sheet.inferred("objective", first, reason)
    task = sheet.values["task_type"]
    m = _TARGET.search(low)
    if m and m.group("q") and task is not TaskType.CLUSTERING:
        sheet.stated("target", text[m.start("t") : m.end("t")].strip(), m.span("t"))
        return
    m_as = _CLASSIFY_AS.search(low)
    if m_as:
        sheet.stated("target", text[m_as.start("t") : m_as.end("t")].strip(), m_as.span("t"))
        return
    for rx, target in _DOMAIN_TARGETS:
        dm = rx.search(low)
        if dm:
            sheet.inferred("target", target, f"usual target definition for '{dm.group(0)}'", dm)
            return
    if m and task is not TaskType.CLUSTERING:
        sheet.stated("target", text[m.start("t") : m.end("t")].strip(), m.span("t"))
        return
    reason = "the brief does not define the label"
    sheet.assumed("target", cues_framing.TARGET_DEFAULTS[task], reason)


def _sources(sheet: FactSheet) -> None:
    found: list[DataSource] = []
    first: re.Match[str] | None = None
    for name, kind, modality, rx in _SOURCES:
        m = rx.search(sheet.low)
        if m:
            found.append(DataSource(name=name, kind=kind, modality=modality))
            first = first or m
    rows = sheet.values.get("total_rows")
    velocity = sheet.values.get("velocity")
    if found and first is not None:
        found[0] = found[0].model_copy(update={"rows": rows, "velocity": velocity})
        sheet.stated("data_sources", found, first)
    else:
        modality = sheet.values.get("modalities", [Modality.TABULAR])[0]
        source = DataSource(
            name="Primary operational data",
            kind="unspecified",
            modality=modality,
            rows=rows,
            velocity=velocity,
        )
        reason = "the brief names no data source; one operational source is assumed"
        sheet.assumed("data_sources", [source], reason)


def _defaults(sheet: FactSheet) -> None:
    """Values the plan needs that the brief did not give: explicit, listed assumptions."""
    sheet.assumed("domain", "general", "no business domain recognised")
    sheet.assumed(
        "serving_mode",
        ServingMode.BATCH,
        "no latency or freshness need stated; batch scoring is cheapest",
    )
    sheet.assumed("deployment_target", "cloud", "no platform named")
    sheet.assumed("interpretability", Level.MEDIUM, "no explainability requirement stated")
    sheet.assumed(
        "team_size",
        3,
        "team size not stated; a small team (2 ML engineers + 1 data engineer) is assumed",
    )
    sheet.assumed("time_ordered", False, "no timestamps or time-dependent wording found")
    sheet.assumed("personal_data", False, "no people or personal data mentioned")
    sheet.assumed("affects_people", False, "no decisions about individuals mentioned")


def extract(text: str) -> FactSheet:
    """Run every extractor in dependency order (task before modality, latency before serving...)."""
    sheet = FactSheet(text)
    extract_task(sheet)
    extract_volume(sheet)
    extract_positive_rate(sheet)
    extract_latency(sheet)
    extract_throughput(sheet)
    extract_time_facts(sheet)
    extract_deadline(sheet)
    extract_team(sheet)
    extract_budget(sheet)
    extract_classes(sheet)
    extract_modalities(sheet)
    infer_rows_from_entities(sheet)
    extract_regulations(sheet)
    extract_people_and_interpretability(sheet)
    extract_serving(sheet)
    extract_time_and_groups(sheet)
    extract_context(sheet)
    _framing(sheet)
    _sources(sheet)
    _defaults(sheet)
    _reconcile(sheet)
    return sheet


_EXPLICIT_TASK = re.compile(r"\b(?:" + cues.EXPLICIT_TASK_WORDS + r")\b", _I)


def _reconcile(sheet: FactSheet) -> None:
    """Cross-field fixes: binary vs multiclass by class count, unless the brief names the task."""
    v = sheet.values
    n_classes = v.get("n_classes")
    task_span = sheet.facts["task_type"].span
    named = task_span is not None and _EXPLICIT_TASK.search(task_span.text)
    many = n_classes is not None and n_classes > 2
    if v["task_type"] is TaskType.BINARY_CLASSIFICATION and many and not named:
        sheet.override("task_type", TaskType.MULTICLASS_CLASSIFICATION)
        sheet.facts["task_type"] = sheet.facts["n_classes"]
    if v["task_type"] is TaskType.BINARY_CLASSIFICATION:
        reason = "binary classification has two classes"
        sheet.inferred("n_classes", 2, reason, replace=sheet.has("n_classes"))


def to_brief(sheet: FactSheet, extra: dict[str, Any] | None = None) -> ProjectBrief:
    values = {k: val for k, val in sheet.values.items() if k in ProjectBrief.model_fields}
    values.update(extra or {})
    values["raw_text"] = sheet.raw
    values["facts"] = {k: f for k, f in sheet.facts.items() if k in ProjectBrief.model_fields}
    return ProjectBrief.model_validate(values)


def parse_text(text: str) -> ProjectBrief:
    """Free text -> ProjectBrief. Pure and deterministic: the same text gives the same brief."""
    return to_brief(extract(text))
