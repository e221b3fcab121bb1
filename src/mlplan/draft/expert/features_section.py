"""Feature engineering from the modality and domain tables, with leakage controls."""

from __future__ import annotations

from mlplan.domain import (
    CleaningStep,
    FeatureEngineering,
    FeatureSelection,
    FeatureSpec,
    FitScope,
    Modality,
    ServingMode,
    TaskType,
)
from mlplan.draft.expert.context import DraftContext
from mlplan.draft.expert.tables import all_rows


def draft_features(ctx: DraftContext) -> FeatureEngineering:
    b = ctx.brief
    rows = all_rows("features", ctx.facts)
    cleaning: list[CleaningStep] = []
    features: list[FeatureSpec] = []
    transforms: list[str] = []
    leaky: list[str] = []
    cites: list[str] = []
    for row in rows:
        cleaning.extend(CleaningStep.model_validate(c) for c in row.get("cleaning", []))
        features.extend(
            FeatureSpec(source=b.data_sources[0].name if b.data_sources else "", **f)
            for f in row.get("features", [])
        )
        transforms.extend(row.get("transforms", []))
        leaky.extend(row.get("leaky", []))
        cites.extend(row.get("cites", []))
    controls = [
        "every feature is computed as of the prediction point with point-in-time joins; nothing recorded after it enters training",
        "scalers, imputers, encoders and target encodings are fitted inside the training folds (one pipeline object) and only applied to validation/test",
        "duplicates and near-duplicates are removed before splitting",
    ]
    if leaky:
        controls.append("explicitly excluded as leaky: " + "; ".join(dict.fromkeys(leaky)))
    if b.sensitive_attributes:
        controls.append(
            "sensitive attributes ("
            + ", ".join(b.sensitive_attributes)
            + ") are not model inputs; they are kept aside for fairness evaluation, and proxies are checked by how well the features predict them"
        )
    if ctx.facts["time_ordered"]:
        controls.append(
            "rolling and lag features use only data strictly before each row's timestamp"
        )
    dim = None
    if Modality.TEXT in b.modalities:
        dim = "none for fine-tuned models; TruncatedSVD to 300 dimensions only for the TF-IDF baseline if memory requires"
    elif b.task_type is TaskType.CLUSTERING:
        dim = "PCA to the components explaining 90 % of variance before clustering; check segment stability with and without it"
    online = b.serving_mode in (ServingMode.REALTIME, ServingMode.STREAMING)
    shared = (
        "one feature definition library used by the training pipeline and the online service; request-time features come from an online feature store with point-in-time backfill for training"
        if online
        else "the batch scoring job imports the same feature module as training and reads the same snapshot schema"
    )
    return FeatureEngineering(
        cleaning=cleaning,
        features=features,
        transforms=list(dict.fromkeys(transforms)),
        dimensionality_reduction=dim,
        selection=FeatureSelection(
            method="drop near-constant and >0.95-correlated features, then permutation importance on the validation fold; keep features that move the primary metric",
            rationale="fewer, well-understood features reduce train/serve skew and maintenance; selection inside CV folds avoids optimistic bias",
            fit_scope=FitScope.TRAINING_FOLDS,
        ),
        preprocessing_fit_scope=FitScope.TRAINING_FOLDS,
        leakage_controls=controls,
        shared_feature_code=shared,
        skew_check="log served feature values; a daily job compares them with recomputed offline values for a sample and alerts on > 1 % mismatch",
        schema_checks="feature schema with types, ranges and allowed values enforced in the pipeline (pandera/Great Expectations) and at the serving boundary",
        owners="each feature group has a named owner in the feature registry with a description and upstream table",
        citations=ctx.cite(
            list(dict.fromkeys(cites))
            + [
                "feature-store-train-serve-skew",
                "feature-selection-and-dimensionality",
                "leakage-taxonomy",
            ],
            "feature families, cleaning and leakage controls",
        ),
    )
