"""Feature engineering, model selection and the training pipeline (sections 4-6)."""

from __future__ import annotations

from pydantic import Field

from mlplan.domain._base import Model
from mlplan.domain.citation import SectionModel
from mlplan.domain.enums import CVMethod, FitScope, MetricName, ModelFamily, SplitStrategy, TaskType


class CleaningStep(Model):
    issue: str
    """missing_values, outliers, inconsistencies or duplicates."""
    applies_to: str
    method: str


class FeatureSpec(Model):
    name: str
    description: str = ""
    source: str = ""
    technique: str = ""
    available_at_prediction_time: bool = True
    """False marks target leakage (L08)."""
    sensitive: bool = False
    """Uses a sensitive attribute or a likely proxy (P07)."""
    justification: str = ""


class FeatureSelection(Model):
    method: str = ""
    rationale: str = ""
    fit_scope: FitScope = FitScope.TRAINING_FOLDS


class FeatureEngineering(SectionModel):
    cleaning: list[CleaningStep] = Field(default_factory=list)
    features: list[FeatureSpec] = Field(default_factory=list)
    transforms: list[str] = Field(default_factory=list)
    dimensionality_reduction: str | None = None
    selection: FeatureSelection = Field(default_factory=FeatureSelection)
    preprocessing_fit_scope: FitScope = FitScope.TRAINING_FOLDS
    leakage_controls: list[str] = Field(default_factory=list)
    shared_feature_code: str | None = None
    """How training and serving compute features from one definition (T02)."""
    skew_check: str | None = None
    schema_checks: str | None = None
    """Feature schema / expectations (T03)."""
    owners: str | None = None


class Candidate(Model):
    name: str
    family: ModelFamily
    justification: str = ""
    strengths: str = ""
    weaknesses: str = ""


class HyperParameter(Model):
    name: str
    range: str
    why: str = ""


class PrimaryModel(Model):
    name: str = ""
    family: ModelFamily = ModelFamily.OTHER
    rationale: str = ""
    hyperparameters: list[HyperParameter] = Field(default_factory=list)


class Baseline(Model):
    name: str = ""
    description: str = ""


class Tradeoff(Model):
    axis: str
    """accuracy, interpretability, latency or cost."""
    note: str


class ModelSelection(SectionModel):
    problem_type: TaskType | None = None
    candidates: list[Candidate] = Field(default_factory=list)
    primary: PrimaryModel = Field(default_factory=PrimaryModel)
    baseline: Baseline = Field(default_factory=Baseline)
    iteration_order: list[str] = Field(default_factory=list)
    """Simple first: the sequence of models to try (T05)."""
    ensembles: str | None = None
    tradeoffs: list[Tradeoff] = Field(default_factory=list)
    explanation_method: str = ""
    frameworks: list[str] = Field(default_factory=list)

    @property
    def family(self) -> ModelFamily:
        return self.primary.family


class SplitRatios(Model):
    train: float = Field(ge=0.0, le=1.0)
    validation: float = Field(ge=0.0, le=1.0)
    test: float = Field(ge=0.0, le=1.0)


class SplitSizes(Model):
    """Rows (and expected positives) per split, computed from the brief's volume."""

    train_rows: int
    validation_rows: int
    test_rows: int
    train_positives: int | None = None
    validation_positives: int | None = None
    test_positives: int | None = None


class Split(Model):
    strategy: SplitStrategy = SplitStrategy.UNKNOWN
    ratios: SplitRatios | None = None
    sizes: SplitSizes | None = None
    group_key: str | None = None
    time_column: str | None = None
    gap: str | None = None
    """Embargo between training and evaluation windows."""
    rationale: str = ""


class CrossValidation(Model):
    method: CVMethod = CVMethod.NONE
    folds: int = Field(default=0, ge=0)
    rationale: str = ""


class Tuning(Model):
    method: str = ""
    budget: str = ""
    metric: MetricName | None = None
    """Metric the search optimises; should be the primary metric (M04)."""
    on: str = "validation"
    """Which data drives tuning: validation folds, never the test set (L07)."""


class ImbalanceHandling(Model):
    method: str
    applied_to: str = "training folds only"
    """Resampling is applied only inside training folds (L06)."""


class Versioning(Model):
    code: str = ""
    data: str = ""
    models: str = ""


class TrainingPipeline(SectionModel):
    split: Split = Field(default_factory=Split)
    cross_validation: CrossValidation = Field(default_factory=CrossValidation)
    preprocessing_fit_scope: FitScope = FitScope.TRAINING_FOLDS
    steps: list[str] = Field(default_factory=list)
    tuning: Tuning = Field(default_factory=Tuning)
    regularisation: str = ""
    early_stopping: str = ""
    imbalance: ImbalanceHandling | None = None
    infrastructure: str = ""
    orchestration: str = ""
    containers: str = ""
    experiment_tracking: str = ""
    model_registry: str = ""
    versioning: Versioning = Field(default_factory=Versioning)
    seeds: str = ""
    reproducibility: str = ""
