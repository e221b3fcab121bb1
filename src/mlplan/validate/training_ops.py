"""Engineering-practice rules (T01-T07): reproducible training, shared features, simple first.

These rules read the training, features, model and overview sections; T06/T07 sit in the
overview because they are about whether ML is the right tool for the stated objective.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mlplan.domain import ModelFamily, Plan, Section, Severity
from mlplan.validate._facts import blank, no_list, q, says_positively
from mlplan.validate._registry import Hit, ValidationContext, rule
from mlplan.validate._sources import cite

_COMPLEX = frozenset(
    {
        ModelFamily.NEURAL_NET, ModelFamily.CNN, ModelFamily.TRANSFORMER, ModelFamily.LLM,
        ModelFamily.ENSEMBLE, ModelFamily.TWO_TOWER, ModelFamily.AUTOENCODER,
    }
)  # fmt: skip
_SIMPLE = frozenset(
    {
        ModelFamily.HEURISTIC, ModelFamily.LINEAR, ModelFamily.TREE, ModelFamily.STATISTICAL,
        ModelFamily.NEAREST_NEIGHBOUR,
    }
)  # fmt: skip


@rule(
    "T01",
    section=Section.TRAINING,
    severity=Severity.WARNING,
    title="No seeds or data/code versioning",
    rationale="A model that cannot be rebuilt from a known code commit, data snapshot and seed "
    "cannot be debugged, audited or rolled forward safely.",
    source=cite("S1 Infra 1", "S13", "S6 C.5"),
    fix="Fix random seeds, version code (git commit per run) and data (snapshot id, DVC/lakeFS "
    "or table time-travel), and log all three with every experiment.",
)
def t01_reproducibility(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    training = plan.training
    missing = [
        (path, name)
        for path, name, text in (
            ("training.seeds", "seeds", training.seeds),
            ("training.versioning.data", "data versioning", training.versioning.data),
            ("training.versioning.code", "code versioning", training.versioning.code),
        )
        if blank(text)
    ]
    if missing:
        names = no_list([name for _, name in missing])
        yield Hit(f"The training plan has {names}: runs cannot be reproduced.", missing[0][0])


_REIMPLEMENTED = re.compile(
    r"\bre-?implement\w*|\bre-?written\b|\brewrit\w+|\bport(?:ed|s|ing)? (?:\w+ ){0,3}(?:to|into)\b|"
    r"\btranslated (?:\w+ ){0,3}(?:to|into)\b|\bseparate(?:ly)? (?:\w+ ){0,2}(?:implement\w*|code|"
    r"pipelines?)|\bcomputed (?:separately|twice)",
    re.I,
)
"""Serving computes the features with its own code: 'the ad server (C++) re-implements the same
~60 features'."""


@rule(
    "T02",
    section=Section.FEATURES,
    severity=Severity.WARNING,
    title="No shared train/serve feature code or skew check",
    rationale="Features computed twice (a notebook for training, a service for serving) drift "
    "apart silently; training-serving skew is a top cause of production failures.",
    source=cite("S2 #29 #32 #37", "S1 Monitor 3"),
    fix="Compute features from one definition for training and serving (shared library or "
    "feature store), log served features, and compare them with training features.",
)
def t02_train_serve_skew(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    # One feature definition for both paths, or a check that compares them, each closes the
    # gap the rule is about; a plan that says serving re-implements the features has no
    # shared code, whatever else it calls 'the same'.
    features = plan.features
    shared = features.shared_feature_code or ""
    reimplemented = not blank(shared) and says_positively(shared, _REIMPLEMENTED)
    if (not blank(shared) and not reimplemented) or not blank(features.skew_check):
        return
    count = len(features.features)
    served = f" for its {count} features" if count else ""
    if reimplemented:
        yield Hit(
            f"Serving re-implements the features ({q(shared, 70)}) and the plan has no "
            f"train/serve skew check{served}.",
            "features.skew_check",
        )
        return
    yield Hit(
        f"The plan has no shared feature code and no train/serve skew check{served}.",
        "features.shared_feature_code",
    )


@rule(
    "T03",
    section=Section.FEATURES,
    severity=Severity.WARNING,
    title="No feature schema or expectations",
    rationale="Without a schema (types, ranges, allowed values, missing rates) a broken "
    "upstream feed becomes wrong predictions instead of a failed check.",
    source=cite("S1 Data 1"),
    fix="Define a feature schema with expectations (types, ranges, null rates, categories) and "
    "check it in training and serving.",
)
def t03_schema(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    if blank(plan.features.schema_checks):
        yield Hit("features.schema_checks is empty: no feature schema or expectations.",
                  "features.schema_checks")  # fmt: skip


_DOCUMENTED = re.compile(
    r"\bdescri(?:ption|bed)s?\b|\bdocument(?:ed|ation)\b|\bdocs\b|\bdictionary\b|"
    r"\bcatalog(?:ue)?\b|\bglossary\b|\bdefinitions?\b",
    re.I,
)
_PLAIN_NAME = re.compile(r"[A-Za-z][A-Za-z '/()+,×-]{0,60}")
"""A feature named in plain words (no code-like identifiers such as 'f_27' or 'var3x')."""


@rule(
    "T04",
    section=Section.FEATURES,
    severity=Severity.INFO,
    title="Features without owners or documentation",
    rationale="Undocumented, unowned features cannot be fixed or retired safely; they become "
    "the hidden dependencies of technical debt.",
    source=cite("S2 #11"),
    fix="Name an owner for the feature set and give every feature a one-line description.",
)
def t04_owners(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    # Either an owner for the feature set or a description per feature lets someone maintain
    # it; the rule fires when features are undocumented, and says so when nobody owns them.
    features = plan.features
    undocumented = [f.name for f in features.features if blank(f.description)]
    if (
        undocumented
        and not blank(features.owners)
        and (
            _DOCUMENTED.search(features.owners or "")
            or all(_PLAIN_NAME.fullmatch(n.strip()) for n in undocumented)
        )
    ):
        return  # an owned set, documented elsewhere ('each feature has a description in the
        # library') or named in plain words ('channel, requester department')
    if not undocumented:
        if not features.features and blank(features.owners):
            yield Hit(
                "features.owners is empty and no feature is documented: nobody owns the feature set.",
                "features.owners",
            )
        return
    names = ", ".join(f"'{n}'" for n in undocumented[:5])
    more = f" and {len(undocumented) - 5} more" if len(undocumented) > 5 else ""
    first = next(i for i, f in enumerate(features.features) if blank(f.description))
    owner = " and nobody owns the feature set" if blank(features.owners) else ""
    yield Hit(
        f"Features {names}{more} have no description{owner}.",
        f"features.features[{first}].description",
    )


@rule(
    "T05",
    section=Section.MODEL,
    severity=Severity.INFO,
    title="Complex model first, no simple-model iteration",
    rationale="Starting with a deep or ensemble model hides pipeline bugs behind model "
    "complexity; a simple model first sets the bar and debugs the data path.",
    source=cite("S2 #4 #14", "S9"),
    fix="Start with a simple model (heuristic, linear, small tree) and list the iteration order "
    "towards the complex one, each step justified by validation gains.",
)
def t05_simple_first(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    model = plan.model
    primary = model.primary
    if primary.family not in _COMPLEX:
        return
    order = model.iteration_order
    name = primary.name.strip().lower()
    if order and name and name in order[0].lower():
        yield Hit(
            f"The iteration order starts with the primary model {q(order[0], 50)} "
            f"('{primary.family}').",
            "model.iteration_order",
        )
        return
    has_simple = (
        len(order) >= 2
        or not blank(model.baseline.name)
        or any(c.family in _SIMPLE for c in model.candidates)
    )
    if not has_simple:
        yield Hit(
            f"The primary model '{primary.name or primary.family}' is a '{primary.family}' and "
            "the plan lists no simpler model to try first.",
            "model.iteration_order",
        )


_ML_WORDS = re.compile(
    r"\b(?:model|ml|machine learning|regression|logit|boost\w*|xgboost|lightgbm|catboost|gbm|gbdt|"
    r"forest|neural|network|deep|cnn|lstm|transformer|bert|llm|gpt|embedding\w*|classifier|svm|"
    r"knn|two-tower|matrix factori[sz]ation|v\d+)\b",
    re.I,
)
_RULE_WORDS = re.compile(
    r"\b(?:rules?|heuristics?|manual\w*|by hand|hand[- ]\w+|schedule|checklist|lookup|points table|"
    r"factor|formula|spreadsheet|as (?:today|now|before)|today's|current (?:process|practice|"
    r"approach|method|ordering|ranking|list)|(?:nominations?|judge?ments?) (?:of|by|from))\b",
    re.I,
)


def _weighs_non_ml(plan: Plan) -> bool:
    """The plan measures the model against a non-ML way of doing the job (its baseline is a
    rule, today's process or a naive forecast), or keeps such a rule as the fallback: it has
    weighed the alternative, even without a section called 'alternatives'."""
    for text in (plan.evaluation.baseline, plan.model.baseline.name):
        if not blank(text) and not _ML_WORDS.search(text):
            return True
    fallback = plan.deployment.fallback
    return bool(
        fallback and says_positively(fallback, _RULE_WORDS) and not _ML_WORDS.search(fallback)
    )


@rule(
    "T06",
    section=Section.OVERVIEW,
    severity=Severity.INFO,
    title="No non-ML or heuristic alternative considered",
    rationale="Many problems are solved well enough by a rule, a report or a process change; "
    "a plan that never weighs them cannot show ML is worth its cost.",
    source=cite("S2 #1 #3"),
    fix="Add at least one non-ML or heuristic alternative to problem_framing.alternatives with "
    "its pros, cons and verdict.",
)
def t06_alternatives(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    alternatives = plan.problem_framing.alternatives
    if any(a.kind in ("non_ml", "heuristic") for a in alternatives):
        return
    if any(c.family is ModelFamily.HEURISTIC for c in plan.model.candidates):
        return
    if _weighs_non_ml(plan):
        return
    considered = ", ".join(f"{q(a.name, 30)} ({a.kind})" for a in alternatives[:3])
    listed = f" (only {considered})" if considered else ""
    yield Hit(
        f"No non-ML or heuristic alternative is considered{listed}.",
        "problem_framing.alternatives",
    )


@rule(
    "T07",
    section=Section.OVERVIEW,
    severity=Severity.WARNING,
    title="Business objective not mapped to an ML objective and success criteria",
    rationale="Projects fail when the model optimises something nobody asked for; the plan "
    "must say what is predicted, for which decision, and what counts as success.",
    source=cite("S12", "S7", "S15"),
    fix="State the ML objective (target, prediction point, decision it feeds) and measurable "
    "success criteria tied to the business objective.",
)
def t07_objective(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    overview = plan.overview
    missing = []
    if blank(overview.ml_objective):
        missing.append(("overview.ml_objective", "ML objective"))
    if not overview.success_criteria:
        missing.append(("overview.success_criteria", "success criteria"))
    if missing:
        names = no_list([name for _, name in missing])
        business = overview.business_problem or plan.brief.business_problem
        subject = "The overview" if blank(business) else f"The business problem {q(business, 60)}"
        yield Hit(f"{subject} has {names}.", missing[0][0])
