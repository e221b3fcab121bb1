"""Leakage-safe evaluation design: time order, groups, and a test set nobody tunes on."""

from __future__ import annotations

from mlplan.domain import CVMethod, Plan

_TIME_CV = {CVMethod.EXPANDING_WINDOW, CVMethod.SLIDING_WINDOW, CVMethod.ROLLING_ORIGIN}
_GROUP_CV = {CVMethod.GROUP_KFOLD, CVMethod.STRATIFIED_GROUP_KFOLD}


def split_respects_time(plan: Plan) -> str | None:
    """Time-ordered data: time-based split with a gap, and forward-chaining CV."""
    split, cv = plan.training.split, plan.training.cross_validation
    if not plan.brief.time_ordered:
        return "the brief's time order was not recognised"
    if not split.strategy.respects_time:
        return f"split {split.strategy.value} ignores time order"
    if not (split.gap or "").strip():
        return "no gap/embargo between the training cut-off and evaluation"
    if cv.method not in _TIME_CV:
        return f"cross-validation {cv.method.value} shuffles time"
    return None


def split_respects_groups(plan: Plan) -> str | None:
    """Several rows per entity: the split keeps each entity on one side, by the brief's key."""
    split, cv = plan.training.split, plan.training.cross_validation
    key = plan.brief.group_key
    if key is None:
        return "no grouping entity recognised"
    if not split.strategy.respects_groups:
        return f"split {split.strategy.value} lets entities straddle splits"
    if split.group_key != key:
        return f"split groups by {split.group_key!r}, brief entity is {key!r}"
    if not split.strategy.respects_time and cv.method not in _GROUP_CV:
        return f"cross-validation {cv.method.value} does not keep groups together"
    return None


def test_set_untouched(plan: Plan) -> str | None:
    """Tuning, selection and threshold choice on validation data; test scored once."""
    tuning = plan.training.tuning
    if "test" in tuning.on.lower() and "never" not in tuning.on.lower():
        return f"tuning runs on {tuning.on!r}"
    if tuning.metric is not None and tuning.metric != plan.evaluation.primary_metric.name:
        return f"tuning optimises {tuning.metric.value}, primary metric is {plan.evaluation.primary_metric.name.value}"
    if plan.evaluation.model_selection_metric not in (None, plan.evaluation.primary_metric.name):
        return "model selected on a metric other than the primary metric"
    thr = plan.evaluation.decision_threshold
    if thr is not None and "test" in thr.chosen_on.lower():
        return f"decision threshold chosen on {thr.chosen_on!r}"
    return None


def resampling_inside_training_folds(plan: Plan) -> str | None:
    """Imbalance is handled, and only inside training folds; evaluation keeps prevalence."""
    imb = plan.training.imbalance
    if imb is None:
        return "no imbalance handling for a rare positive class"
    if "training" not in imb.applied_to.lower():
        return f"imbalance handling applied to {imb.applied_to!r}"
    if "prevalence" not in plan.evaluation.test_set_policy.lower() and "balance" not in (
        plan.evaluation.test_set_policy.lower()
    ):
        return "test-set policy does not keep production prevalence"
    return None
