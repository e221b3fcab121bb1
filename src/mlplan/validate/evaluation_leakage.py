"""Evaluation-integrity rules (L07-L12): the test set stays untouched and representative.

The second half of the leakage catalog: decisions made on the test set, features the model
cannot have at prediction time, duplicates across splits, a rebalanced test set, and the
missing reference points (baseline, validation data) that make a score meaningful.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mlplan.domain import CVMethod, Plan, Section, Severity
from mlplan.validate._facts import blank, imbalance, pct, q, says_positively
from mlplan.validate._registry import Hit, ValidationContext, rule
from mlplan.validate._sources import cite
from mlplan.validate.leakage import resampled_before_split

_TEST = re.compile(r"(?<!back-)(?<!back )\btest(?:ing)?\b", re.I)
REPORTED_ON = re.compile(r"\b(?:report|evaluat|measur|assess|publish)\w*")
"""Between a choice and 'test': the test set is where results are reported ('tune on
validation, then evaluate on the test months'), not where the choice is made."""
CHOICE_WORDS = (
    r"tun\w*|select\w*|choos\w*|chose\w*|pick\w*|early[- ]stop\w*|threshold\w*|calibrat\w*|"
    r"keep\w* (?:the |whichever |whatever )?(?:[\w-]+ )?(?:model|version|one|variant|configuration|"
    r"settings?)|whichever (?:[\w-]+ )?(?:wins|scores best|is best|does best|performs best)"
)
"""Words that make a modelling choice ('tune', 'keep whichever wins'); this rule and the plan
reader (``critique._facts_eval``) each add their own few."""


def _choice_on(target: str) -> re.Pattern[str]:
    """A choice word, then (within the sentence, before any reporting word) ``target``."""
    return re.compile(
        r"\b(?:" + CHOICE_WORDS + r"|sweep\w*|(?:gave|gives|has|had|with) the (?:best|highest|"
        r"lowest|fewest|most))\b(?:(?!"
        + REPORTED_ON.pattern
        + r")(?:[^.;]|\.(?=\d)))*\b"
        + target
        + r"\b",
        re.I,
    )


_CHOICE_ON_TEST = _choice_on("test")
_CHOICE_ON_HOLDOUT = _choice_on("(?:test|hold-?out)")
"""With no validation data, the hold-out is the test set: 'picked it off the Oct-Dec holdout'."""


@rule(
    "L07",
    section=Section.EVALUATION,
    severity=Severity.ERROR,
    title="Test set used for tuning, model selection or threshold choice",
    rationale="Every decision made on the test set fits the model to it; the reported test "
    "score is then optimistic and no unbiased estimate is left.",
    source=cite("S13", "S14 L1.1"),
    fix="Make tuning, model selection, early stopping and threshold choice on validation data "
    "(or CV folds); score the test set once, at the end.",
)
def l07_test_reuse(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    tuning_on = plan.training.tuning.on
    if says_positively(tuning_on, _TEST):
        yield Hit(f"Hyperparameters are tuned on {q(tuning_on)}.", "training.tuning.on")
    threshold = plan.evaluation.decision_threshold
    if threshold is not None and says_positively(threshold.chosen_on, _TEST):
        yield Hit(
            f"The decision threshold is chosen on {q(threshold.chosen_on)}.",
            "evaluation.decision_threshold.chosen_on",
        )
    choice_on_test = _CHOICE_ON_TEST if _has_validation(plan) else _CHOICE_ON_HOLDOUT
    for path, text in (
        ("evaluation.test_set_policy", plan.evaluation.test_set_policy),
        ("evaluation.validation_strategy.holdout", plan.evaluation.validation_strategy.holdout),
        ("training.early_stopping", plan.training.early_stopping),
    ):
        if says_positively(text, choice_on_test) and _chooses_on_test(text, choice_on_test):
            yield Hit(f"{path} makes a modelling choice on the test set: {q(text)}.", path)


def _chooses_on_test(text: str, choice_on_test: re.Pattern[str] = _CHOICE_ON_TEST) -> bool:
    """A choice on the test set that its clause does not report: 'we report sensitivity at
    that threshold on the test weeks' reports at a threshold, it does not choose one."""
    for m in choice_on_test.finditer(text):
        clause = max(text.rfind(stop, 0, m.start()) for stop in ".;,") + 1
        if not REPORTED_ON.search(text, clause, m.start()):
            return True
    return False


@rule(
    "L08",
    section=Section.FEATURES,
    severity=Severity.ERROR,
    title="Feature not available at prediction time",
    rationale="A feature that is only known after the outcome (or after the prediction point) "
    "makes offline scores excellent and the production model useless: target leakage.",
    source=cite("S13", "S14 L2"),
    fix="Drop the feature, or recompute it point-in-time so it uses only data available at the "
    "prediction point.",
)
def l08_target_leakage(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    point = plan.overview.prediction_point
    when = f" (prediction point: {q(point, 60)})" if not blank(point) else ""
    for i, feature in enumerate(plan.features.features):
        if not feature.available_at_prediction_time:
            what = f" ({q(feature.description, 60)})" if not blank(feature.description) else ""
            yield Hit(
                f"Feature '{feature.name}'{what} is not available at prediction time{when}.",
                f"features.features[{i}].available_at_prediction_time",
            )


@rule(
    "L09",
    section=Section.DATA,
    severity=Severity.WARNING,
    title="No de-duplication across splits",
    rationale="Exact and near duplicates that land in both training and test turn evaluation "
    "into a memory test.",
    source=cite("S14 L1.4"),
    fix="State how duplicates and near duplicates are detected (keys, hashes, similarity) and "
    "removed or grouped before splitting.",
)
def l09_dedup(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    if not blank(plan.data.deduplication):
        return
    dup_steps = [c for c in plan.features.cleaning if "dup" in c.issue.lower()]
    within = (
        f" (cleaning removes duplicates via {q(dup_steps[0].method, 50)}, but says nothing about "
        "duplicates across splits)"
        if dup_steps
        else ""
    )
    yield Hit(f"data.deduplication is empty{within}.", "data.deduplication")


_REBALANCED = re.compile(
    r"rebalanc|re-?sampl|over-?sampl|under-?sampl|up-?sampl|down-?sampl|\bbalanced\b|50\s*/\s*50|"
    r"equal\s+(?:number|share|proportion)s?",
    re.I,
)


@rule(
    "L10",
    section=Section.EVALUATION,
    severity=Severity.WARNING,
    title="Test set rebalanced while production is imbalanced",
    rationale="Precision, PR-AUC and expected cost depend on prevalence; a balanced test set "
    "reports numbers production will never see.",
    source=cite("S14 L3.3"),
    fix="Keep the test set at production prevalence; if positives are scarce, enlarge the test "
    "window rather than resampling it.",
)
def l10_rebalanced_test(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    rare = imbalance(plan)
    before = resampled_before_split(plan)
    if before is not None:
        # Rebalancing is itself the statement that production is imbalanced: a plan resamples
        # because one class is rare, whether or not it gives the rate.
        share = (
            f"the production {pct(rare.value)} minority class ({rare.basis})"
            if rare is not None
            else "the production class balance the plan rebalances away from"
        )
        yield Hit(
            f"Resampling happens before the split ({q(before)}), so the test rows come from the "
            f"resampled data and no longer have {share}.",
            "training.imbalance",
            "Split first, then resample inside the training folds only.",
        )
        return
    if rare is None:
        return
    for path, text in (
        ("evaluation.test_set_policy", plan.evaluation.test_set_policy),
        ("evaluation.validation_strategy.holdout", plan.evaluation.validation_strategy.holdout),
    ):
        if says_positively(text, _REBALANCED):
            yield Hit(
                f"{path} rebalances the evaluation data ({q(text)}) although production has "
                f"{pct(rare.value)} minority class ({rare.basis}).",
                path,
            )


@rule(
    "L11",
    section=Section.EVALUATION,
    severity=Severity.WARNING,
    title="No baseline",
    rationale="Without a heuristic, majority-class or current-system baseline nobody can tell "
    "whether the model's score is an improvement worth its cost.",
    source=cite("S1 Model 5", "S2 #1", "S9"),
    fix="Name a baseline and report it next to the model: the current system, a rule, "
    "the majority/prior predictor or a simple model.",
)
def l11_baseline(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    if blank(plan.evaluation.baseline) and blank(plan.model.baseline.name):
        current = plan.brief.current_solution
        hint = (
            f"; the brief names a current solution ({q(current, 60)}) that could serve as one"
            if current and not blank(current)
            else ""
        )
        yield Hit(
            f"Neither evaluation.baseline nor model.baseline names a baseline{hint}.",
            "evaluation.baseline",
        )


_VALIDATION_USE = re.compile(
    r"\bvalidat\w*|\bdev(?:elopment)?[- ]set|\bmodel (?:choice|selection)|\btun(?:e|ed|ing)\b|"
    r"\bearly[- ]stopping|\bhyper-?parameters?",
    re.I,
)
"""A held-out portion described as validation data: it is used for choices, not the final score."""
_CV_REPORTED = re.compile(
    r"\breport\w*\b[^.;]{0,40}?\b(?:that|this|the|their|its)\s+(?:mean|average)\b|\breport\w*\s+(?:the\s+|"
    r"that\s+|this\s+|our\s+)?(?:mean\s+|average\s+)?(?:cross[- ]?validat\w*|cv|fold|out-of-fold|oof)\b|"
    r"\b(?:cross[- ]?validat\w*|cv|fold|out-of-fold)\s+(?:[\w-]+\s+){0,3}(?:as|is)\s+(?:the\s+|our\s+)?"
    r"(?:expected|final|reported|headline)\s+(?:performance|score|estimate|result|number|accuracy)",
    re.I,
)
"""The cross-validated score is the one the plan reports ('reporting that mean')."""


def _has_validation(plan: Plan) -> bool:
    """Data for choices apart from the test set: a validation share, folds, a backtest."""
    training = plan.training
    ratios, sizes = training.split.ratios, training.split.sizes
    strategy = plan.evaluation.validation_strategy
    return (
        (ratios is not None and ratios.validation > 0)
        or (sizes is not None and sizes.validation_rows > 0)
        or training.cross_validation.method is not CVMethod.NONE
        or not blank(strategy.cross_validation)
        or not blank(strategy.backtesting)
        or says_positively(strategy.holdout, _VALIDATION_USE)
    )


@rule(
    "L12",
    section=Section.TRAINING,
    severity=Severity.WARNING,
    title="No validation data separate from the test set",
    rationale="Without a validation split or cross-validation, every tuning decision is made "
    "on the test set or on training data, and neither gives an honest estimate.",
    source=cite("S13"),
    fix="Add a validation split (or cross-validation on the training portion) for tuning and "
    "selection, and keep the test set for the final estimate.",
)
def l12_validation(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    training = plan.training
    ratios, sizes = training.split.ratios, training.split.sizes
    strategy = plan.evaluation.validation_strategy
    has_validation = _has_validation(plan)
    held_out = (
        (ratios is not None and ratios.test > 0)
        or (sizes is not None and sizes.test_rows > 0)
        or not blank(strategy.holdout)
        or not blank(strategy.backtesting)
    )  # a test split, or validation data apart from the folds
    cv_text = strategy.cross_validation
    if has_validation and not held_out and says_positively(cv_text, _CV_REPORTED):
        yield Hit(
            f"Cross-validation both chooses the model and gives the reported estimate "
            f"({q(cv_text, 120)}); no data is kept apart from the selection, so the reported "
            "score is optimistic.",
            "evaluation.validation_strategy.cross_validation",
            "Keep a test split (or an outer loop of nested cross-validation) that no tuning or "
            "selection decision sees, and report that.",
        )
        return
    if not has_validation:
        given = (
            f"the validation ratio is {ratios.validation:g}"
            if ratios is not None
            else "no split ratios are given"
        )
        yield Hit(
            f"The plan has no validation step: {given} and cross-validation is 'none'.",
            "training.split.ratios.validation" if ratios is not None else "training.split",
        )
