"""Brief -> the flat facts the decision tables match on (balance bucket, flags, modality)."""

from __future__ import annotations

from typing import Any

from mlplan.domain import Modality, Origin, ProjectBrief, TaskType
from mlplan.understand import cues
from mlplan.understand._match import Cue

_NON_TABULAR = (
    Modality.TEXT,
    Modality.IMAGE,
    Modality.AUDIO,
    Modality.TIME_SERIES,
    Modality.EVENT_LOGS,
    Modality.GRAPH,
)


def balance_bucket(brief: ProjectBrief) -> str:
    rate = brief.positive_class_rate
    if rate is None:
        return "unknown"
    minority = min(rate, 1 - rate)
    if minority < 0.01:
        return "rare"
    if minority < 0.10:
        return "imbalanced"
    if minority < 0.30:
        return "moderate"
    return "balanced"


def primary_modality(brief: ProjectBrief) -> Modality:
    """The modality that decides the model family: unstructured data beats tabular columns."""
    for mod in (Modality.IMAGE, Modality.AUDIO, Modality.TEXT):
        if mod in brief.modalities:
            return mod
    if brief.task_type is TaskType.FORECASTING:
        return Modality.TIME_SERIES
    return Modality.TABULAR


def is_time_ordered(brief: ProjectBrief) -> bool:
    """Forecasting and time-series data are time-ordered unless the brief says otherwise
    (windows of a signal classified one by one are rows without a timeline)."""
    if brief.task_type is TaskType.FORECASTING or brief.time_ordered:
        return True
    said_not = brief.is_known("time_ordered")
    return Modality.TIME_SERIES in brief.modalities and not said_not


def has_personal_data(brief: ProjectBrief) -> bool:
    """Decisions about people, or sensitive attributes, mean personal data even if unsaid."""
    return brief.personal_data or bool(brief.sensitive_attributes) or brief.affects_people


_PROBABILITY_PRODUCT = Cue(cues.PROBABILITY_PRODUCT_CUES)


def probability_is_product(brief: ProjectBrief) -> bool:
    """A binary score used as a probability (bids, prices, expected value), not thresholded."""
    return brief.task_type is TaskType.BINARY_CLASSIFICATION and bool(
        _PROBABILITY_PRODUCT.search(brief.raw_text.lower())
    )


def unknown_fields(brief: ProjectBrief) -> list[str]:
    """Brief fields the plan had to assume, or that nothing in the brief filled."""
    assumed = [name for name, src in brief.facts.items() if src.origin is Origin.ASSUMED]
    missing = [
        name
        for name in ("forecast_horizon", "granularity", "label_delay", "history", "total_rows")
        if getattr(brief, name) is None
    ]
    return assumed + missing


def table_facts(brief: ProjectBrief) -> dict[str, Any]:
    modality = primary_modality(brief)
    needs_labels = modality in (Modality.TEXT, Modality.IMAGE, Modality.AUDIO) and not any(
        w in brief.raw_text.lower() for w in ("labelled", "labeled", "annotated", "tagged")
    )
    return {
        "task": brief.task_type.value,
        "balance": balance_bucket(brief),
        "time_ordered": is_time_ordered(brief),
        "group": brief.group_key is not None,
        "classification": brief.task_type.is_classification,
        "image_or_audio": modality in (Modality.IMAGE, Modality.AUDIO),
        "modality": [m.value for m in brief.modalities]
        + ([modality.value] if modality not in brief.modalities else []),
        "primary_modality": modality.value,
        "interpretability": brief.interpretability.value,
        "latency_tight": brief.latency_p99_ms is not None and brief.latency_p99_ms < 100,
        "small_data": brief.total_rows is not None and brief.total_rows < 10_000,
        "serving_mode": brief.serving_mode.value,
        "domain": brief.domain,
        "regulation": [r.value for r in brief.regulations],
        "personal_data": has_personal_data(brief),
        "needs_labelling": needs_labels or brief.task_type is TaskType.ANOMALY_DETECTION,
        "probability_use": probability_is_product(brief),
        "unknown": unknown_fields(brief),
    }
