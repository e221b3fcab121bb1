"""Data requirements: sources, quality, governance, privacy and labels (section 3)."""

from __future__ import annotations

from pydantic import Field

from mlplan.domain._base import Model
from mlplan.domain.citation import SectionModel
from mlplan.domain.enums import Modality, Regulation
from mlplan.domain.profile import DataAvailability, DataProfile, DataQuality


class SourcePlan(Model):
    name: str
    kind: str = ""
    modality: Modality = Modality.TABULAR
    access_method: str = ""
    volume: str = ""
    refresh: str = ""


class QualityTarget(Model):
    dimension: str
    """completeness, accuracy, consistency, timeliness, uniqueness or validity."""
    target: str
    check: str = ""


class PrivacyPlan(Model):
    """Data-protection measures; empty fields mean the plan does not address them."""

    contains_personal_data: bool = False
    regulations: list[Regulation] = Field(default_factory=list)
    lawful_basis: str | None = None
    minimisation: str | None = None
    pseudonymisation: str | None = None
    retention: str | None = None
    deletion: str | None = None
    """How a data subject's data is removed (and what happens to trained models)."""
    encryption: str | None = None
    impact_assessment: str | None = None
    measures: list[str] = Field(default_factory=list)
    """Regulation-specific measures beyond the named fields."""


class Governance(Model):
    owner: str = ""
    data_dictionary: str = ""
    freshness: str = ""
    lineage: str = ""


class Acquisition(Model):
    initial_pull: str = ""
    ongoing_ingestion: str = ""
    tools: list[str] = Field(default_factory=list)


class Labelling(Model):
    source: str = ""
    """How labels are produced (system of record, annotators, outcome after N days)."""
    definition: str = ""
    label_delay: str = ""
    evaluation_labels: str = ""
    """How evaluation labels are produced, when it differs from training labels (P09)."""


class Population(Model):
    """One statement of how many of the things the plan is about there are ('all 42 rooms')."""

    count: int = Field(ge=0)
    unit: str
    """The counted noun, plural ('rooms', 'atms'), with any word naming a part ('active
    jobseekers'): only the same part is compared."""
    kind: str = ""
    """Words naming a kind ('growing' rooms, 'control' loops): two kinds are not compared, a
    kind and a bare count are ('38 growing rooms' and 'all 42 rooms')."""
    approximate: bool = False
    """'about 4,000 segments': another statement within 10 % agrees with it."""


class DataRequirements(SectionModel):
    sources: list[SourcePlan] = Field(default_factory=list)
    volume_summary: str = ""
    has_time_order: bool = False
    group_key: str | None = None
    positive_class_rate: float | None = Field(default=None, ge=0.0, le=1.0)
    contains_personal_data: bool = False
    sensitive_attributes: list[str] = Field(default_factory=list)
    quality_targets: list[QualityTarget] = Field(default_factory=list)
    governance: Governance = Field(default_factory=Governance)
    privacy: PrivacyPlan = Field(default_factory=PrivacyPlan)
    acquisition: Acquisition = Field(default_factory=Acquisition)
    storage: str = ""
    access_control: str = ""
    audit_trail: str = ""
    labelling: Labelling = Field(default_factory=Labelling)
    deduplication: str | None = None
    """How duplicates are removed across splits (L09)."""
    provenance: str = ""
    sampling_bias: str | None = None
    gaps: list[str] = Field(default_factory=list)
    populations: list[Population] = Field(default_factory=list)
    """Each place the plan states its population; S03 compares those of one unit. Read from
    documents under review, empty in drafted plans (their brief holds n_entities)."""
    profile: DataProfile | None = None
    """What was measured in the user's data file (`--data`); None when no file was given."""
    availability: DataAvailability | None = None
    """Data Availability Score: does the file hold the fields this plan needs?"""
    quality: DataQuality | None = None
    """Data Quality Index of the profiled file (completeness, validity, uniqueness, consistency)."""
