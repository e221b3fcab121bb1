"""Model selection from the models table, adapted to latency and interpretability needs."""

from __future__ import annotations

from mlplan.domain import (
    Baseline,
    Candidate,
    HyperParameter,
    ModelFamily,
    ModelSelection,
    PrimaryModel,
    Tradeoff,
)
from mlplan.draft.expert.context import DraftContext
from mlplan.draft.expert.tables import first_row


def draft_model(ctx: DraftContext) -> ModelSelection:
    b = ctx.brief
    row = first_row("models", ctx.facts)
    candidates = [Candidate.model_validate(c) for c in row["candidates"]]
    primary_family = ModelFamily(row["primary"]["family"])
    rationale = _rationale(ctx, primary_family)
    primary = PrimaryModel(
        name=row["primary"]["name"],
        family=primary_family,
        rationale=rationale,
        hyperparameters=[HyperParameter.model_validate(h) for h in row.get("hyperparameters", [])],
    )
    baseline = Baseline(
        name=row["baseline"]["name"], description=row["baseline"].get("description", "")
    )
    order = _iteration_order(baseline.name, [c.name for c in candidates], primary.name)
    tradeoffs = [
        Tradeoff(
            axis="accuracy",
            note=f"{primary.name} is expected to beat the baseline; it ships only if the gain on the primary metric is larger than the fold-to-fold spread",
        ),
        Tradeoff(
            axis="interpretability",
            note="reason codes required for every decision"
            if b.interpretability.value == "high"
            else "global importance in the model card; local explanations on request",
        ),
    ]
    if b.latency_p99_ms is not None:
        tradeoffs.append(
            Tradeoff(
                axis="latency",
                note=f"the whole request must finish under {b.latency_p99_ms:g} ms p99, so the model gets a budget of about {b.latency_p99_ms * 0.5:g} ms after feature lookup and network",
            )
        )
    else:
        tradeoffs.append(
            Tradeoff(
                axis="latency",
                note="batch scoring: throughput of the nightly job matters, not per-request latency",
            )
        )
    tradeoffs.append(
        Tradeoff(
            axis="cost",
            note="CPU inference is sufficient for tree and linear models; GPU only for training deep models",
        )
    )
    return ModelSelection(
        problem_type=b.task_type,
        candidates=candidates,
        primary=primary,
        baseline=baseline,
        iteration_order=order,
        ensembles="no ensemble in v1: a blend is considered only if it beats the single model by more than the CV spread and fits the latency budget",
        tradeoffs=tradeoffs,
        explanation_method=row.get("explanation", ""),
        frameworks=list(row.get("frameworks", [])),
        citations=ctx.cite(
            row.get("cites", []) + ["baselines"], "candidate models, primary choice and baseline"
        ),
    )


def _rationale(ctx: DraftContext, family: ModelFamily) -> str:
    b = ctx.brief
    parts: list[str] = []
    if b.total_rows:
        parts.append(
            f"{b.total_rows:,} rows is {'ample' if b.total_rows >= 100_000 else 'enough'} for this family"
        )
    if family is ModelFamily.GBDT:
        parts.append(
            "gradient-boosted trees are the strongest default on tabular features, handle missing values natively and score in well under a millisecond per row"
        )
    elif family.is_heavy:
        parts.append(
            "pretrained representations transfer well and need far fewer labels than training from scratch"
        )
    if b.latency_p99_ms is not None and b.latency_p99_ms < 100 and family.is_heavy:
        parts.append(
            "the latency target needs distillation/quantisation, benchmarked before the canary"
        )
    if b.interpretability.value == "high":
        parts.append("explanations per decision are produced with the method below")
    return "; ".join(parts) or "best fit for the task and data described in the brief"


def _same_model(a: str, b: str) -> bool:
    """'Logistic regression scorecard' and 'Logistic regression scorecard (binned features)' match."""
    x, y = a.lower(), b.lower()
    return x.startswith(y) or y.startswith(x)


def _iteration_order(baseline: str, candidates: list[str], primary: str) -> list[str]:
    """Simple first: the baseline, the other candidates in table order, the primary model last."""
    middle = [c for c in candidates if not _same_model(c, baseline) and not _same_model(c, primary)]
    return [baseline, *middle, primary]
