"""The structured brief: what the user asked for, each fact with where it came from."""

from __future__ import annotations

from pydantic import Field

from mlplan.domain._base import Model
from mlplan.domain.enums import Level, Modality, Origin, Regulation, ServingMode, TaskType


class Span(Model):
    """A character range of the brief text, so every stated fact can be traced back."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class FactSource(Model):
    """Provenance of one brief field: stated (span), measured in the data file, inferred or
    assumed (reason)."""

    origin: Origin
    span: Span | None = None
    """The quoted part of the brief, for stated facts."""
    reason: str = ""
    """Why the value was inferred or assumed."""


class DataSource(Model):
    """One data source named (or implied) by the brief."""

    name: str
    kind: str = "unspecified"
    """crm, transactions, event_stream, warehouse, images, documents, sensors, ..."""
    modality: Modality = Modality.TABULAR
    rows: int | None = Field(default=None, ge=0)
    """Number of rows/records/items, when stated."""
    size_bytes: int | None = Field(default=None, ge=0)
    velocity: str | None = None
    """How fast new data arrives, e.g. 'streaming', 'daily batch', '30k events/min'."""
    freshness: str | None = None
    """How fresh the data must be at prediction time."""


class ProjectBrief(Model):
    """Everything mlplan knows about the project before drafting a plan."""

    title: str
    raw_text: str = ""
    """The brief as the user wrote it."""
    domain: str = "general"
    """Business domain, e.g. subscription, payments, retail, healthcare."""
    business_problem: str
    objective: str
    """What the model should predict or produce, in the brief's terms."""
    task_type: TaskType
    target: str | None = None
    """The label / quantity to predict."""
    n_classes: int | None = Field(default=None, ge=2)
    data_sources: list[DataSource] = Field(default_factory=list)
    modalities: list[Modality] = Field(default_factory=lambda: [Modality.TABULAR])
    total_rows: int | None = Field(default=None, ge=0)
    """Rows available for training (sum over sources when several)."""
    n_entities: int | None = Field(default=None, ge=0)
    """Distinct customers/users/devices/items, when stated."""
    history: str | None = None
    """How much history exists, e.g. '3 years'."""
    positive_class_rate: float | None = Field(default=None, ge=0.0, le=1.0)
    """Share of the positive / rare class (0.04 = 4 %)."""
    time_ordered: bool = False
    """Rows have timestamps and the model predicts the future from the past."""
    group_key: str | None = None
    """Entity whose rows must not straddle splits (customer, patient, device, store, ...)."""
    forecast_horizon: str | None = None
    granularity: str | None = None
    """Time grain of the series or predictions (daily, weekly, ...)."""
    label_delay: str | None = None
    """How long until the true label is known after a prediction."""
    personal_data: bool = False
    regulations: list[Regulation] = Field(default_factory=list)
    sensitive_attributes: list[str] = Field(default_factory=list)
    affects_people: bool = False
    """Model outputs drive decisions about individual people."""
    interpretability: Level = Level.MEDIUM
    latency_p99_ms: float | None = Field(default=None, gt=0)
    throughput_rps: float | None = Field(default=None, gt=0)
    """Peak requests per second."""
    serving_mode: ServingMode = ServingMode.BATCH
    deployment_target: str = "cloud"
    team_size: int | None = Field(default=None, ge=1)
    deadline_weeks: float | None = Field(default=None, gt=0)
    budget_usd: float | None = Field(default=None, ge=0)
    success_kpis: list[str] = Field(default_factory=list)
    current_solution: str | None = None
    facts: dict[str, FactSource] = Field(default_factory=dict)
    """Provenance of each field above, keyed by field name."""

    def origin(self, field: str) -> Origin | None:
        """How a field's value was obtained, or None when the brief never touched it."""
        src = self.facts.get(field)
        return src.origin if src else None

    def is_known(self, field: str) -> bool:
        """True when the value was stated, measured or inferred (not a default)."""
        return self.origin(field) in (Origin.STATED, Origin.MEASURED, Origin.INFERRED)
