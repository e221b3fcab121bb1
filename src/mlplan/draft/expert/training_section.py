"""Training pipeline: split from the splits table, sizes computed, tuning and MLOps basics."""

from __future__ import annotations

from mlplan import fmt
from mlplan.domain import (
    CrossValidation,
    CVMethod,
    FitScope,
    ImbalanceHandling,
    MetricName,
    Section,
    Split,
    SplitRatios,
    SplitStrategy,
    TrainingPipeline,
    Tuning,
    Versioning,
)
from mlplan.draft.expert.context import DraftContext
from mlplan.draft.expert.quantities import split_sizes
from mlplan.draft.expert.tables import first_row


def draft_training(ctx: DraftContext, primary_metric: MetricName) -> TrainingPipeline:
    b = ctx.brief
    row = first_row("splits", ctx.facts)
    ratios = SplitRatios.model_validate(row["ratios"])
    strategy = SplitStrategy(row["strategy"])
    sizes = split_sizes(b.total_rows, ratios, b.positive_class_rate) if b.total_rows else None
    rationale = " ".join(row["rationale"].split())
    if sizes and sizes.test_positives is not None:
        rationale += (
            f" With {b.total_rows:,} rows this gives {sizes.train_rows:,} / {sizes.validation_rows:,} / "
            f"{sizes.test_rows:,} rows and about {sizes.train_positives:,} / {sizes.validation_positives:,} / "
            f"{sizes.test_positives:,} positives."
        )
        if sizes.test_positives < 200:
            rationale += " Fewer than 200 test positives make the headline metric noisy: report bootstrap intervals or lengthen the test window."
            ctx.ask(
                "Can more labelled history be added? The test split holds fewer than 200 positives.",
                Section.TRAINING,
                "Metric estimates on so few positives have wide confidence intervals.",
            )
    split = Split(
        strategy=strategy,
        ratios=ratios,
        sizes=sizes,
        group_key=b.group_key if strategy.respects_groups else None,
        time_column="event/snapshot timestamp" if strategy.respects_time else None,
        gap=row.get("gap"),
        rationale=rationale,
    )
    if (
        ctx.facts["time_ordered"]
        and strategy.respects_time
        and b.group_key
        and not strategy.respects_groups
    ):
        split = split.model_copy(update={"group_key": b.group_key})
    cv_method = CVMethod(row["cv"]["method"])
    folds = int(row["cv"]["folds"])
    cv = CrossValidation(
        method=cv_method,
        folds=folds,
        rationale=f"{folds} {cv_method.value.replace('_', ' ')} folds inside the training period for model comparison and tuning; the test split is scored once at the end",
    )
    balance = ctx.facts["balance"]
    imbalance = None
    if b.task_type.is_classification and balance in ("rare", "imbalanced"):
        imbalance = ImbalanceHandling(
            method=(
                "class weights (scale_pos_weight ≈ negatives/positives) or down-sampling of negatives, then probability recalibration"
                if balance == "rare"
                else "class weights in the loss (no resampling)"
            ),
            applied_to="training folds only",
        )
    deep = b.modalities and any(m.value in ("text", "image", "audio") for m in b.modalities)
    infra = (
        "GPU node (1x T4/A10 class) for fine-tuning; CPU for inference"
        if deep
        else "CPU workers (8-16 cores, 32-64 GB RAM) are enough for tree models at this size"
    )
    if b.total_rows and b.total_rows > 50_000_000:
        infra += "; distributed feature computation (Spark/warehouse SQL) before training"
    steps = [
        "extract a versioned snapshot with point-in-time features and labels",
        "validate the snapshot against the feature schema and quality targets",
        f"split: {strategy.value.replace('_', ' ')}"
        + (f" by {split.group_key}" if split.group_key else ""),
        "fit the preprocessing pipeline on training folds only",
        "train the baseline, then the candidates, tuning on validation folds",
        "select the model on the primary metric, calibrate and choose the threshold on validation",
        "score the untouched test split once and write the evaluation report",
        "register the model with its metrics, data snapshot id and model card",
    ]
    return TrainingPipeline(
        split=split,
        cross_validation=cv,
        preprocessing_fit_scope=FitScope.TRAINING_FOLDS,
        steps=steps,
        tuning=Tuning(
            method="Bayesian optimisation (Optuna TPE) with early pruning",
            budget="60 trials or 8 hours, whichever comes first"
            if not deep
            else "20 trials over learning rate, epochs and resolution/sequence length",
            metric=primary_metric,
            on="validation folds (never the test split)",
        ),
        regularisation="L2 / min-child-samples / feature subsampling for trees; weight decay and dropout for neural models",
        early_stopping="stop when the primary metric on the validation fold has not improved for 50 rounds (trees) or 2 epochs (neural)",
        imbalance=imbalance,
        infrastructure=infra,
        orchestration="pipeline defined as a DAG (Airflow/Dagster/Kubeflow) that runs the same steps for the first model and every retrain",
        containers="one training image with pinned dependencies (lock file), built in CI",
        experiment_tracking="MLflow tracking: parameters, metrics per fold, data snapshot id, git commit, environment",
        model_registry="MLflow model registry with stages (candidate → staging → production) and the model card attached",
        versioning=Versioning(
            code="git; every run records the commit hash",
            data="immutable snapshot tables (or DVC/lakeFS) referenced by id from each run",
            models="registry versions; the serving layer pins an explicit version",
        ),
        seeds="fixed random seeds for splits, sampling and model training, recorded with each run",
        reproducibility=f"rerunning a registered run from its snapshot id and commit reproduces the primary metric within ±0.002 ({fmt.count(b.total_rows) + ' rows' if b.total_rows else 'snapshot'} in, same metrics out)",
        citations=ctx.cite(
            row.get("cites", [])
            + [
                "preprocessing-in-pipeline",
                "hyperparameter-search",
                "experiment-tracking-and-registry",
                "reproducibility-and-versioning",
            ]
            + (["class-imbalance-handling"] if imbalance else []),
            "split strategy, tuning protocol and reproducibility",
        ),
    )
