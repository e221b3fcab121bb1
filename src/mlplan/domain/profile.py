"""What mlplan measured in the user's own data file: the profile and the quick baselines.

These models are filled by `mlplan.profile` (which does the I/O) and carried by the plan's
data and evaluation sections, so every measured number in a plan can be traced to a file,
a sample size and a formula. Values of personal-data columns are never stored here.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from mlplan.domain._base import Model
from mlplan.domain.enums import MetricName, SplitStrategy

ColumnKind = Literal["numeric", "integer", "boolean", "categorical", "text", "datetime"]
TargetKind = Literal["binary", "multiclass", "regression"]


class ColumnProfile(Model):
    """One column of the profiled sample."""

    name: str
    kind: ColumnKind
    storage_type: str = ""
    """The type the file reader inferred (DuckDB type name)."""
    missing_share: float = Field(ge=0.0, le=1.0)
    n_unique: int = Field(ge=0)
    """Distinct non-missing values in the sample."""
    unique_share: float = Field(ge=0.0, le=1.0)
    """n_unique / non-missing rows: near 1 for identifiers and continuous values."""
    constant: bool = False
    duplicate_of: str | None = None
    """An earlier column with exactly the same values."""
    id_like: bool = False
    """Looks like an identifier (unique per row, or named *_id with many values)."""
    invalid_share: float = Field(default=0.0, ge=0.0, le=1.0)
    """Share of non-missing cells that do not parse as the column's dominant type."""
    inconsistent: bool = False
    """Text values that differ only in case or surrounding spaces ('Yes', 'yes ')."""


class TargetProfile(Model):
    """The label column: class balance, or distribution and skew for a number."""

    column: str
    kind: TargetKind
    missing_share: float = Field(ge=0.0, le=1.0)
    n_classes: int | None = None
    class_shares: dict[str, float] = Field(default_factory=dict)
    """Class label -> share of labelled rows, largest first (at most 20 classes)."""
    positive_class: str | None = None
    positive_rate: float | None = Field(default=None, ge=0.0, le=1.0)
    """Share of the positive (rarer, or 1/yes/true) class, binary targets only."""
    mean: float | None = None
    std: float | None = None
    skew: float | None = None
    """Sample skewness (Fisher-Pearson); |skew| > 1 suggests a log or quantile loss."""
    minimum: float | None = None
    median: float | None = None
    maximum: float | None = None


class TimeProfile(Model):
    """The time axis: which column, and the span the sample covers."""

    column: str
    start: str
    end: str
    span_days: float = Field(ge=0.0)
    granularity: str | None = None
    """Typical step between consecutive timestamps: hourly, daily, weekly, monthly, yearly."""
    explicit: bool = False
    """True when the user named the column (--time-column), False when it was detected."""


class GroupKeyCandidate(Model):
    """A column whose values repeat across rows: one entity, several rows."""

    column: str
    n_groups: int = Field(ge=1)
    rows_per_group: float = Field(ge=1.0)
    explicit: bool = False


class LeakageSuspect(Model):
    """A column that may leak the target into training."""

    column: str
    kind: Literal["predictive", "post_outcome", "identifier"]
    """predictive: nearly determines the target on its own; post_outcome: its values exist only
    after (or because of) the outcome; identifier: unique per row or entity."""
    score: float | None = None
    """Single-column score: AUC (binary), purity (classes) or |correlation| (numbers)."""
    detail: str


class PersonalDataColumn(Model):
    """A column that looks like personal data. Values are never copied into the profile."""

    column: str
    kind: Literal[
        "email", "phone", "name", "address", "national_id", "card_number", "ip", "birth_date"
    ]
    basis: str
    """Why: the share of sampled values matching the pattern, or the column's name."""


class DriftColumn(Model):
    """Distribution shift of one column between the first and the last time slice."""

    column: str
    psi: float = Field(ge=0.0)
    """Population stability index; < 0.1 stable, 0.1-0.25 moderate, > 0.25 major shift."""
    level: Literal["stable", "moderate", "major"]


class DataQuality(Model):
    """The Data Quality Index and its four components (all 0-1; the index is 0-100)."""

    completeness: float = Field(ge=0.0, le=1.0)
    """1 - share of missing cells."""
    validity: float = Field(ge=0.0, le=1.0)
    """1 - share of non-missing cells that do not parse as their column's type."""
    uniqueness: float = Field(ge=0.0, le=1.0)
    """1 - share of duplicate rows."""
    consistency: float = Field(ge=0.0, le=1.0)
    """1 - share of columns with inconsistent representations (case/space variants, mixed types)."""
    index: float = Field(ge=0.0, le=100.0)
    formula: str = "DQI = 100 * (0.35 * completeness + 0.25 * validity + 0.20 * uniqueness + 0.20 * consistency)"


class DataProfile(Model):
    """Facts measured in one data file (or a stated-size sample of it)."""

    source: str
    """The file name (not the full path)."""
    file_format: Literal["csv", "parquet", "jsonl"]
    total_rows: int = Field(ge=0)
    """Rows in the whole file, counted in one streaming pass."""
    sample_rows: int = Field(ge=0)
    """Rows the facts below were measured on."""
    sampled: bool = False
    sample_method: str = "all rows"
    columns: list[ColumnProfile] = Field(default_factory=list)
    duplicate_rows: int = Field(default=0, ge=0)
    """Rows identical to an earlier row of the sample."""
    target: TargetProfile | None = None
    time: TimeProfile | None = None
    datetime_columns: list[str] = Field(default_factory=list)
    group_keys: list[GroupKeyCandidate] = Field(default_factory=list)
    leakage: list[LeakageSuspect] = Field(default_factory=list)
    personal_data: list[PersonalDataColumn] = Field(default_factory=list)
    drift: list[DriftColumn] = Field(default_factory=list)
    """Columns compared between the first and last fifth of the rows in time order."""
    drift_slices: str = ""
    """Which time ranges were compared."""
    quality: DataQuality | None = None
    seconds: float = Field(default=0.0, ge=0.0)
    """Wall time of the profiling, reading included."""

    def column(self, name: str) -> ColumnProfile | None:
        return next((c for c in self.columns if c.name == name), None)

    @property
    def group_key(self) -> GroupKeyCandidate | None:
        """The best candidate for the entity key: the user's, else the first detected one."""
        return self.group_keys[0] if self.group_keys else None


class BaselineScore(Model):
    """One metric of one baseline on the held-out part of the sample."""

    metric: MetricName
    value: float
    higher_is_better: bool = True


class BaselineResult(Model):
    name: str
    """majority class, mean, seasonal naive, logistic regression, HistGradientBoosting, ..."""
    kind: Literal["trivial", "quick"]
    scores: list[BaselineScore] = Field(default_factory=list)
    seconds: float = Field(ge=0.0)

    def score(self, metric: MetricName) -> float | None:
        return next((s.value for s in self.scores if s.metric is metric), None)


class MeasuredBaselines(Model):
    """Trivial and quick-model scores on the profiled sample, with the plan's split and metrics."""

    split: SplitStrategy
    split_note: str = ""
    """How the plan's split was applied to the sample (and any fallback)."""
    train_rows: int = Field(ge=0)
    test_rows: int = Field(ge=0)
    row_cap: int = Field(ge=1)
    time_budget_s: float = Field(gt=0.0)
    seconds: float = Field(ge=0.0)
    features: list[str] = Field(default_factory=list)
    """Columns used as inputs (identifiers, leakage suspects and personal data excluded)."""
    results: list[BaselineResult] = Field(default_factory=list)
    skipped: list[str] = Field(default_factory=list)
    """Models or metrics not run, and why (time budget, unsupported metric)."""

    def best(self, metric: MetricName) -> BaselineResult | None:
        """The baseline that scores best on a metric."""
        scored = [(r, r.score(metric)) for r in self.results]
        ok = [(r, v) for r, v in scored if v is not None]
        if not ok:
            return None
        higher = next(s.higher_is_better for s in ok[0][0].scores if s.metric is metric)
        return (max if higher else min)(ok, key=lambda rv: rv[1])[0]


class AvailabilityItem(Model):
    """One field the plan needs, and the column of the profiled data that provides it."""

    requirement: str
    """target, timestamp, group key, usable inputs, or a planned feature."""
    column: str | None = None
    present: bool


class DataAvailability(Model):
    """Data Availability Score: share of the fields the plan needs that the data provides."""

    score: float = Field(ge=0.0, le=1.0)
    items: list[AvailabilityItem] = Field(default_factory=list)
    formula: str = "DAS = required fields present / required fields"
