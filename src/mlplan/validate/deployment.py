"""Deployment rules (D01-D09): the model can be served within budget, and taken back safely.

D02 is the cross-section one: the model section's family against the latency budget the
deployment (or evaluation, or brief) commits to, and the mitigations the deployment lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mlplan.domain import ModelFamily, Plan, RolloutStrategy, Section, ServingMode, Severity
from mlplan.validate._facts import (
    ONLINE_MODES,
    affects_people,
    blank,
    fmt_num,
    latency_budget,
    metric_label,
    no_list,
    q,
)
from mlplan.validate._registry import Hit, ValidationContext, rule
from mlplan.validate._sources import cite

TIGHT_LATENCY_MS = 100.0
"""Below this p99 budget a heavy model needs a stated mitigation (D02)."""
TIGHT_STACK_MS = 2 * TIGHT_LATENCY_MS
"""A stack of heavy models costs several heavy models' time: its budget is tight sooner."""
_STACK_MITIGATION = re.compile(
    r"distil|quanti[sz]|int8|fp16|bf16|prun|cach|pre-?comput|benchmark|load[- ]test|smaller|"
    r"early[- ]exit|approximate|\bann\b|fewer (?:models|members)",
    re.I,
)
"""For a stack, a faster runtime (ONNX, a GPU) alone does not make five large models fit."""

_MITIGATION = re.compile(
    r"distil|quanti[sz]|int8|fp16|bf16|prun|cach|pre-?comput|benchmark|load[- ]test|onnx|"
    r"tensorrt|openvino|compil|smaller|early[- ]exit|batch|gpu|accelerat|approximate|\bann\b",
    re.I,
)
GATE_CRITERION = re.compile(
    r"beat|outperform|exceed|match|regress|worse|better|≥|>=|≤|<=|>|<|at least|at most|minimum|"
    r"maximum|threshold|criteri|metric|accuracy|precision|recall|sensitivity|specificity|auc|"
    r"\bf1\b|\bmae\b|\brmse\b|mape|wape|ndcg|error|\d+(?:\.\d+)?\s*%|\btargets?\b|parity|"
    r"test[- ]set|benchmark|slices?\b",
    re.I,
)
"""What makes a gate a quality gate: a measured criterion, not only a person's sign-off."""
_MODERATION = re.compile(
    r"\b(?:content|comment|post|user|account|review|listing|message)s? moderation\b|\bmoderat(?:e|es|"
    r"ing|ion of) (?:user |reader |customer )?(?:comments|posts|content|reviews|listings|messages)\b|"
    r"\bauto-?(?:hid(?:e|es|ing)|remov(?:e|es|al|ing)|block(?:s|ing)?|ban(?:s|ning)?|"
    r"suspend(?:s|ing)?)\b[^.;]{0,30}?\b(?:comments|posts|content|accounts|users|reviews|"
    r"listings|messages)\b",
    re.I,
)
"""Hiding or removing what a person posted is a decision about that person (appeal needed)."""
_TRAIN_AT_STARTUP = re.compile(
    r"\b(?:train|fit|retrain)\w*\b[^.;]{0,40}?\b(?:at|on|during|when)\s+(?:the\s+)?"
    r"(?:service|server|app|application|container|pod|api)?\s*(?:start[- ]?up|starts|boot|launch)|"
    r"\b(?:on|at|during)\s+(?:service\s+)?(?:start[- ]?up|boot)\b[^.;]{0,60}?\b(?:train|fit|retrain)\w*|"
    r"\b(?:train|fit)\w*\s+(?:the\s+)?(?:[\w-]+\s+){0,3}before\s+(?:taking|serving|accepting)\s+"
    r"(?:any\s+)?(?:traffic|requests)",
    re.I,
)


@rule(
    "D01",
    section=Section.DEPLOYMENT,
    severity=Severity.WARNING,
    title="Real-time serving without a latency target",
    rationale="An online model with no latency budget cannot be sized, load-tested or chosen "
    "against alternatives; the budget constrains the model family.",
    source=cite("S8", "S15"),
    fix="Set a p99 latency target in deployment.latency_ms_p99 (and evaluation.latency_target_ms) "
    "from the caller's budget.",
)
def d01_latency_target(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    deployment = plan.deployment
    if deployment.serving_mode not in ONLINE_MODES:
        return
    if deployment.latency_ms_p99 is None and plan.evaluation.latency_target_ms is None:
        stated = plan.brief.latency_p99_ms
        hint = f"; the brief asks for {fmt_num(stated)} ms p99" if stated is not None else ""
        yield Hit(
            f"Serving mode is '{deployment.serving_mode}' but the plan sets no latency "
            f"target{hint}.",
            "deployment.latency_ms_p99",
        )


@rule(
    "D02",
    section=Section.DEPLOYMENT,
    severity=Severity.ERROR,
    title="Heavy model under a tight latency budget without mitigation",
    rationale="Large DNNs, LLMs and big ensembles routinely miss sub-100 ms budgets at p99; "
    "without distillation, quantisation, caching or precomputation (and a benchmark) the "
    "latency target is a hope.",
    source=cite("S15", "S1 Monitor 6"),
    fix="List the latency mitigations in deployment.optimisation (distil, quantise, cache, "
    "precompute) and a benchmark of p99 on target hardware, or choose a lighter model family.",
)
def d02_heavy_model_latency(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    family = plan.model.primary.family
    budget = latency_budget(plan)
    stack = _heavy_stack(plan)
    giant = very_large_model(plan.brief.raw_text) if not stack else None
    limit = TIGHT_STACK_MS if stack or giant else TIGHT_LATENCY_MS
    if not (family.is_heavy or stack or giant) or budget is None:
        return
    if not (budget.value <= limit if giant else budget.value < limit):
        return  # a very large model is over budget at the limit itself
    optimisation = plan.deployment.optimisation
    mitigation = _STACK_MITIGATION if stack or giant else _MITIGATION
    if any(mitigation.search(item) for item in optimisation):
        return
    listed = (
        f"deployment.optimisation lists only {', '.join(q(o, 40) for o in optimisation[:3])}"
        if optimisation
        else "deployment.optimisation is empty"
    )
    name = f" {q(plan.model.primary.name, 40)}" if not blank(plan.model.primary.name) else ""
    path = "deployment.optimisation"
    if giant is not None and not stack:
        name = f" ({q(giant, 40)})"
    if stack:
        name, family = f" stack ({', '.join(stack[:4])})", ModelFamily.ENSEMBLE
        if not optimisation:  # nothing listed: point at the stack the plan describes
            names = [m.name or str(m.family) for m in plan.model.candidates]
            path = f"model.candidates[{names.index(stack[0])}]"
    yield Hit(
        f"The primary model{name} ('{family}') must meet a {fmt_num(budget.value)} ms p99 budget "
        f"({budget.basis}), but {listed}.",
        path,
    )


_PARAM_COUNT = re.compile(
    r"(?:\d+(?:\.\d+)?\s?(?:b|bn|billion)|\d{3,}\s?(?:m|million))[- ]?$|\d+(?:\.\d+)? (?:billion|bn) $"
)
_LARGE_NAMED = re.compile(
    r"(?:bert|roberta|xlm-?r(?:oberta)?|vit|whisper|t5|deberta|clip|wav2vec2?)[- ](?:large|xl|xxl|l|h)"
    r"\b|large-v\d\b|\d+(?:\.\d+)?b (?:[\w-]+ ){0,2}?(?:llm|multimodal|vision|language|decoder|model)\b"
)


def very_large_model(text: str) -> str | None:
    """A model stated at hundreds of millions of parameters or more ('a transformer, about 2
    billion parameters', 'XLM-RoBERTa-large', 'a 7B multimodal LLM'), as written; a GPU alone
    does not bring it under a tight p99 budget: distillation, quantisation, caching or a
    benchmark must. Searched by the literal 'param' first: the document can be 60,000
    characters long."""
    low = text.lower()
    at = low.find("param")
    while at != -1:
        before = low[max(0, at - 24) : at]
        m = _PARAM_COUNT.search(before)
        if m is not None:
            return text[at - len(before) + m.start() : at + 10].strip()
        at = low.find("param", at + 5)
    for key in _LARGE_KEYS:  # literal search first, then the pattern around each hit
        at = low.find(key)
        while at != -1:
            lo = max(0, at - 24)
            named = _LARGE_NAMED.search(low, lo, at + 24)
            if named is not None:
                return text[named.start() : named.end()]
            at = low.find(key, at + len(key))
    return None


_LARGE_KEYS = ("large", "xl", "vit-", "b llm", "b multimodal", "b vision", "b language",
               "b decoder", "b model", "llm")  # fmt: skip


def _heavy_stack(plan: Plan) -> list[str]:
    """Heavy models the plan stacks or ensembles in the serving path ('an ensemble of five ViT-L
    models', 'LightGBM + an LSTM + a transformer, blended'), by name; [] when there is none."""
    model = plan.model
    families = [model.primary.family, *(c.family for c in model.candidates)]
    if ModelFamily.ENSEMBLE not in families:
        return []
    baseline = model.baseline.name
    heavy = [m.name or str(m.family) for m in model.candidates
             if m.family.is_heavy and m.family is not ModelFamily.ENSEMBLE
             and (not m.name or m.name != baseline)]  # fmt: skip
    return list(dict.fromkeys(heavy))


@rule(
    "D03",
    section=Section.DEPLOYMENT,
    severity=Severity.INFO,
    title="No cost or throughput estimate",
    rationale="Serving cost and peak throughput decide hardware, batch vs online and whether "
    "the model pays for itself.",
    source=cite("S8", "S11"),
    fix="Estimate peak throughput (requests/s or rows per batch window) and the monthly "
    "serving and training cost.",
)
def d03_cost(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    deployment = plan.deployment
    missing = []
    if blank(deployment.cost_estimate):
        missing.append(("deployment.cost_estimate", "cost estimate"))
    # on-device inference has no shared server to size: the device is the hardware
    online = (
        deployment.serving_mode in ONLINE_MODES and deployment.serving_mode is not ServingMode.EDGE
    )
    if online and deployment.throughput_rps is None and deployment.scaling.peak_rps is None:
        missing.append(("deployment.throughput_rps", "throughput estimate"))
    if missing:
        names = no_list([name for _, name in missing])
        yield Hit(f"The '{deployment.serving_mode}' deployment has {names}.", missing[0][0])


@rule(
    "D04",
    section=Section.DEPLOYMENT,
    severity=Severity.ERROR,
    title="No rollback mechanism",
    rationale="Every model release can go wrong; without a tested way back to the previous "
    "version an incident lasts as long as a retrain.",
    source=cite("S1 Infra 7", "S6 E.2", "S11"),
    fix="Describe the rollback: previous model version kept deployable, the switch (registry "
    "alias, traffic shift), automatic triggers and the time it takes.",
)
def d04_rollback(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    rollback = plan.deployment.rollback
    if rollback is None:
        yield Hit("deployment.rollback is not defined.", "deployment.rollback")
    elif blank(rollback.mechanism):
        yield Hit(
            f"deployment.rollback.mechanism is {q(rollback.mechanism)}: no way back to the "
            "previous model is described.",
            "deployment.rollback.mechanism",
        )


@rule(
    "D05",
    section=Section.DEPLOYMENT,
    severity=Severity.WARNING,
    title="Rollout is not gradual",
    rationale="Shadow, canary, blue-green or A/B rollouts expose a new model to a small share "
    "of traffic first; a big-bang switch turns every bug into a full outage.",
    source=cite("S1 Infra 6", "S11"),
    fix="Roll out through shadow mode and a canary (e.g. 1 % → 10 % → 50 % → 100 %) with "
    "promotion criteria per stage.",
)
def d05_rollout(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    strategy = plan.deployment.rollout.strategy
    if strategy is RolloutStrategy.BIG_BANG:
        yield Hit("Rollout is 'big_bang': all traffic moves to the new model at once.",
                  "deployment.rollout.strategy")  # fmt: skip
    elif strategy is RolloutStrategy.NONE:
        yield Hit("deployment.rollout.strategy is 'none': the plan does not say how the model "
                  "reaches traffic.", "deployment.rollout.strategy")  # fmt: skip


@rule(
    "D06",
    section=Section.DEPLOYMENT,
    severity=Severity.WARNING,
    title="No quality gate before serving",
    rationale="A retrained model must beat the current one on held-out data and pass sanity "
    "checks before it serves traffic; otherwise automation ships regressions.",
    source=cite("S1 Infra 4", "S2 #9", "S10"),
    fix="Define the gate: minimum primary metric, no regression versus the production model "
    "and per-slice checks, evaluated automatically before promotion.",
)
def d06_quality_gate(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    gate, retraining = plan.deployment.quality_gate, plan.deployment.retraining
    start_up = _fits_at_start_up(plan)
    if start_up is not None:
        path, text = start_up
        yield Hit(
            f"{path} fits the model when the service starts ({q(text, 60)}): every deploy serves "
            "a model no gate has checked.",
            path,
        )
        return
    retrains = not blank(retraining.frequency) or bool(retraining.triggers)
    if not blank(gate) and retrains and not GATE_CRITERION.search(gate):
        when = retraining.frequency if not blank(retraining.frequency) else retraining.triggers[0]
        yield Hit(
            f"deployment.quality_gate is a sign-off ({q(gate, 60)}) with no measured criterion, "
            f"yet the model is retrained ({q(when, 50)}): nothing checks a retrained model "
            "against the current one before it serves.",
            "deployment.quality_gate",
        )
        return
    if blank(gate):
        minimum = plan.evaluation.primary_metric.minimum
        hint = (
            f"; evaluation sets a minimum {metric_label(plan)} of "
            f"{fmt_num(minimum)} that could be the gate"
            if minimum is not None
            else ""
        )
        yield Hit(f"deployment.quality_gate is empty{hint}.", "deployment.quality_gate")


@rule(
    "D07",
    section=Section.DEPLOYMENT,
    severity=Severity.WARNING,
    title="No model registry or versioning",
    rationale="Serving an unversioned artefact (or training at service start-up) makes "
    "rollback, audit and reproducibility impossible.",
    source=cite("S11"),
    fix="Register every trained model with its version, metrics and lineage; the service loads "
    "a registered version, never trains at start-up.",
)
def d07_registry(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    deployment, training = plan.deployment, plan.training
    start_up = _fits_at_start_up(plan)
    if start_up is not None:  # the sharper finding: there is no artefact to version at all
        path, text = start_up
        yield Hit(f"{path} trains the model when the service starts: {q(text, 70)}.", path)
    elif (
        blank(deployment.versioning)
        and blank(training.model_registry)
        and blank(training.versioning.models)
    ):
        yield Hit(
            "Neither deployment.versioning, training.model_registry nor "
            "training.versioning.models says how models are versioned.",
            "deployment.versioning",
        )


def _fits_at_start_up(plan: Plan) -> tuple[str, str] | None:
    """The field that says the service trains its model as it starts, and its text."""
    deployment, training = plan.deployment, plan.training
    for path, text in (
        ("deployment.platform", deployment.platform),
        ("deployment.resources", deployment.resources),
        ("training.orchestration", training.orchestration),
        *((f"training.steps[{i}]", s) for i, s in enumerate(training.steps)),
    ):
        if _TRAIN_AT_STARTUP.search(text):
            return path, text
    return None


@rule(
    "D08",
    section=Section.DEPLOYMENT,
    severity=Severity.WARNING,
    title="No fallback when the model is unavailable",
    rationale="Model servers time out and fail; callers need a defined default (rule, cached "
    "score, previous model) instead of an error.",
    source=cite("S11"),
    fix="Define the fallback (heuristic, last cached prediction, safe default) and when it "
    "kicks in (timeout, error, low confidence).",
)
def d08_fallback(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    if blank(plan.deployment.fallback):
        mode = plan.deployment.serving_mode
        when = "a request times out" if mode is not ServingMode.BATCH else "a scoring run fails"
        yield Hit(
            f"deployment.fallback is empty: the plan does not say what happens when {when}.",
            "deployment.fallback",
        )


@rule(
    "D09",
    section=Section.DEPLOYMENT,
    severity=Severity.WARNING,
    title="Decisions about people without a redress path",
    rationale="People affected by an automated decision need a way to contest it and reach a "
    "human; many regulations require it.",
    source=cite("S6 E.1", "S8"),
    fix="Describe how an affected person learns of the decision, contests it and gets a human "
    "review, and how outcomes feed back into the model.",
)
def d09_redress(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    people = affects_people(plan) if plan.brief.affects_people else None
    # fairness slices alone (a voice model checked per accent) decide nothing about a person
    basis = people.basis if people is not None else _moderates_people(plan)
    if basis is not None and blank(plan.deployment.redress):
        yield Hit(
            f"Decisions affect people ({basis}) but deployment.redress is empty.",
            "deployment.redress",
        )


def _moderates_people(plan: Plan) -> str | None:
    """The plan moderates what people post: the project's own description says so."""
    brief, overview = plan.brief, plan.overview
    for path, text in (("brief.title", brief.title), ("brief.domain", brief.domain),
                       ("brief.business_problem", brief.business_problem),
                       ("brief.objective", brief.objective), ("overview.action", overview.action),
                       ("overview.ml_objective", overview.ml_objective),
                       ("overview.business_problem", overview.business_problem)):  # fmt: skip
        m = _MODERATION.search(text)
        if m is not None:
            return f"{path} moderates what people post: '{m.group(0)}'"
    return None
