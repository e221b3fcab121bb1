"""Monitoring rules (O01-O06): the plan notices when the model stops working, and reacts.

O03 is cross-section: retraining triggers that fire on drift or on a metric need the
monitoring section to measure that signal, and monitoring without any retraining policy
leaves alerts with nothing to trigger.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mlplan.domain import Plan, Section, Severity
from mlplan.validate._facts import blank, metric_label, no_list, q, task_type
from mlplan.validate._registry import Hit, ValidationContext, rule
from mlplan.validate._sources import cite

_DRIFT_TRIGGER = re.compile(r"drift|\bpsi\b|\bks\b|distribution|population\s+stability", re.I)
_METRIC_TRIGGER = re.compile(
    r"performance|metric|accuracy|auc|recall|precision|\bf1\b|error|degrad|\bmae\b|\brmse\b|"
    r"\bndcg\b|calibration",
    re.I,
)
FEEDBACK_LOOP = re.compile(
    r"\bfeedback loops?\b|\bself-(?:fulfilling|reinforcing)\b|\bfeeds? back into\b|"
    r"\b(?:the |our |its )?(?:model'?s? |system'?s? |own )?(?:decisions?|actions?|choices|selections?|"
    r"interventions?|recommendations?|rankings?|forecasts?|predictions?|scores?|lists?|plans?) "
    r"(?:\w+ ){0,3}?(?:shapes?|affects?|influences?|changes?|determines?|bias(?:es)?|censors?|"
    r"decides?|hides?|removes?) (?:\w+ ){0,4}?(?:(?:future|next|later|new|training|its own|their) "
    r"(?:[\w-]+ )?(?:labels?|outcomes?|data|targets?)|what (?:we|it) (?:sees?|observes?|learns?))\b|"
    r"\b(?:learns?|learnt|learned|retrain\w*|trained) (?:\w+ ){0,3}?(?:on|from) (?:the )?(?:[\w'-]+ ){0,3}?"
    r"(?:previous|last|prior|earlier|its own|our own|current) (?:[\w'-]+ ){0,2}?(?:model|version|"
    r"system)(?:'s)? (?:selected|chose|picked|flagged|approved|recommended|showed|targeted|ranked)\b|"
    r"\bonly (?:the )?(?:[\w-]+ ){0,2}?(?:audited|approved|treated|selected|inspected|contacted|called|"
    r"shown|accepted|flagged|investigated|funded|hired|granted|visited) (?:[\w-]+ ){0,2}?(?:have|has|"
    r"get|gets|receive|receives|produce|produces|yield|yields|carry|carries) (?:an? |any )?(?:outcomes?|"
    r"labels?|results?|feedback|ground truth)\b|"
    r"\b(?:the model|we) (?:ranks?|scores?|flags?|forecasts?|predicts?|rates?|mark) (?:as )?(?:low|"
    r"lowest|high|busy|unlikely|safe|low-risk)\b[^.;]{0,40}?\b(?:are|is|get|gets|will be)\b[^.;]{0,20}?"
    r"\b(?:never|rarely|seldom|less|quieter|not)\b|"
    r"\bif (?:[\w-]+ ){1,3}?(?:avoid|follow|act on|ignore|respond to|skip)\w* (?:[\w-]+ ){0,4}?(?:we|the "
    r"model|it) (?:forecast|predict|flag|recommend|rank|show|mark)\w*|"
    r"\b(?:learnt|learned|read|treated|counted) as\b[^.;]{0,40}?\bon retraining\b|"
    r"\b(?:incl\.?|including) (?:the )?(?:ones|cases|items|claims|those|invoices|reports) (?:that )?"
    r"(?:the model|it) (?:closed|chose|flagged|selected|approved|rejected|sent|decided|routed)\b|"
    r"\blabels? (?:come|comes|will come|are taken) from (?:the )?(?:[\w-]+ ){0,3}?(?:that )?(?:the model|"
    r"it) (?:sends?|flags?|selects?|picks?|chooses?|routes?|queues?)\b|\b(?:confident|high-confidence) "
    r"(?:[\w-]+ )?(?:matches|predictions|labels|outputs) (?:are )?(?:taken|treated|accepted|used|kept) "
    r"as (?:correct|ground truth|labels|true)\b|\b(?:worked|acted) (?:from|on) the model'?s (?:list|"
    r"scores?|flags?|ranking)\b|\b(?:from|on) its (?:alerts|flags|picks|recommendations|referrals) "
    r"becomes? (?:a )?new (?:positive |negative )?labels?\b|\boutcomes of the (?:[\w-]+ ){1,2}?"
    r"(?:the model|it) (?:picked|chose|selected|showed|played|recommended|ranked)\b|\bincluding the "
    r"(?:months|weeks|days|periods?|seasons?|winters?) (?:in which|when) the (?:warning|model|alerts?|"
    r"system|scores?) (?:was|were) (?:live|on|running|in use)\b|"
    # 'retrain on the latest appointments, which from launch on include the overbooked slots',
    # 'retrained on all appointments, including those where the call team rang the patient'
    r"\bwhich (?:after|from|since) (?:the )?(?:launch|go-?live|roll-?out)(?: on(?:wards)?)?,? "
    r"(?:are|include|includes|will include|will be)\b|"
    r"\bretrain\w*\b[^.;]{0,100}?\bincluding (?:those|the ones|the cases|cases|appointments|"
    r"patients|customers|accounts|claims) (?:where|in which|that|whom) (?:the )?(?:[\w-]+ ){0,2}?"
    r"(?:rang|called|phoned|contacted|visited|reminded|intervened|treated|offered)\b|"
    r"\bretrain\w*\b[^.;]{0,60}?\b(?:decisions|cases|outcomes|records|appointments|claims) "
    r"(?:made|taken|decided|collected|logged|closed) since (?:the )?(?:launch|go-?live|roll-?out)\b",
    re.I,
)
"""The plan itself says its outputs shape the labels it will learn from next."""
_FEEDBACK_DOMAIN = re.compile(
    r"\b(?:fraud|pricing|price|credit|loan|lending|underwrit)|content\s+moderation|recommend|ranking|"
    r"\bsearch\b|"
    r"\bads?\b|advertis|bidding|hiring|recruit|dispatch|policing|churn|retention|collections?\b|"
    r"up-?sell|cross-?sell|propensity|next[- ]best|\boffers?\b|campaign|targeting|outreach|"
    r"rebalanc\w*|(?:audit|inspection|investigation)s? (?:selection|targeting)|select\w* (?:[\w-]+ ){0,4}?"
    r"for (?:desk |field |tax )?(?:audit|inspection|investigation)",
    re.I,
)


@rule(
    "O01",
    section=Section.MONITORING,
    severity=Severity.ERROR,
    title="No monitoring of input invariants or data drift",
    rationale="Upstream changes (a renamed field, a new category, a unit change) break models "
    "silently; only input checks and drift monitoring catch them before the metrics do.",
    source=cite("S1 Monitor 2", "S6 E.3", "S10"),
    fix="Monitor input invariants (schema, ranges, null rates) and feature drift (PSI or KS per "
    "feature, against the training window) with alert thresholds.",
)
def o01_input_drift(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    monitoring = plan.deployment.monitoring
    if blank(monitoring.data_drift) and blank(monitoring.data_quality):
        yield Hit(
            "deployment.monitoring has neither data_drift nor data_quality: inputs are not "
            "watched.",
            "deployment.monitoring.data_drift",
        )


@rule(
    "O02",
    section=Section.MONITORING,
    severity=Severity.WARNING,
    title="No prediction-quality monitoring, or label delay not stated",
    rationale="Model quality can only be measured once labels arrive; the plan must say how "
    "quality is tracked and how long the blind spot lasts.",
    source=cite("S1 Monitor 7", "S2 #10"),
    fix="Track the primary metric on labelled outcomes as they arrive, state the label delay, "
    "and use proxy signals (score distribution, override rate) during the delay.",
)
def o02_quality_monitoring(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    monitoring = plan.deployment.monitoring
    if blank(monitoring.performance):
        yield Hit(
            f"deployment.monitoring.performance is empty: {metric_label(plan)} is not "
            "tracked in production.",
            "deployment.monitoring.performance",
        )
    delays = (monitoring.label_delay, plan.data.labelling.label_delay, plan.brief.label_delay)
    if all(blank(d) for d in delays):
        yield Hit(
            "No section states the label delay (deployment.monitoring.label_delay, "
            "data.labelling.label_delay and brief.label_delay are empty).",
            "deployment.monitoring.label_delay",
        )


@rule(
    "O03",
    section=Section.MONITORING,
    severity=Severity.WARNING,
    title="No retraining trigger, schedule or freshness requirement",
    rationale="Models decay as the world moves; without a schedule or a trigger tied to "
    "monitoring, nobody decides when to retrain.",
    source=cite("S2 #8", "S1 Model 4 Monitor 4", "S10"),
    fix="State a retraining schedule and/or triggers tied to monitored signals (drift, metric "
    "drop), and make monitoring measure every signal a trigger uses.",
)
def o03_retraining(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    retraining, monitoring = plan.deployment.retraining, plan.deployment.monitoring
    if blank(retraining.frequency) and not retraining.triggers:
        watched = [
            name
            for name, text in (("data drift", monitoring.data_drift),
                               ("performance", monitoring.performance))
            if not blank(text)
        ]  # fmt: skip
        hint = (
            f"; monitoring watches {' and '.join(watched)} but nothing acts on it"
            if watched
            else ""
        )
        yield Hit(
            f"deployment.retraining has no frequency and no triggers{hint}.",
            "deployment.retraining",
        )
        return
    for i, trigger in enumerate(retraining.triggers):
        if _DRIFT_TRIGGER.search(trigger) and blank(monitoring.data_drift):
            yield Hit(
                f"Retraining trigger {q(trigger, 60)} fires on drift, but "
                "deployment.monitoring.data_drift is empty, so nothing measures it.",
                f"deployment.retraining.triggers[{i}]",
            )
        elif _METRIC_TRIGGER.search(trigger) and blank(monitoring.performance):
            yield Hit(
                f"Retraining trigger {q(trigger, 60)} fires on model quality, but "
                "deployment.monitoring.performance is empty, so nothing measures it.",
                f"deployment.retraining.triggers[{i}]",
            )


@rule(
    "O04",
    section=Section.MONITORING,
    severity=Severity.WARNING,
    title="Feedback loop without mitigation",
    rationale="When the model's own decisions shape the next labels (blocked fraud has no "
    "chargeback, unshown items get no clicks, treated customers do not churn), retraining on "
    "those labels reinforces the model's past choices.",
    source=cite("S3", "S2 #34–36"),
    fix="Keep a small randomised holdout or exploration share, log propensities, and evaluate "
    "on the holdout; say which labels are censored by the model's actions.",
)
def o04_feedback_loop(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    if not blank(plan.deployment.monitoring.feedback_loop_mitigation):
        return
    task = task_type(plan)
    stated = next((g for g in plan.data.gaps if FEEDBACK_LOOP.search(g)), None)
    if stated is not None:
        why = f"the plan says so: {q(stated, 70)}"
    elif task.value.is_ranking:
        why = f"the task is {task.value}"
    else:
        brief = plan.brief
        texts = (brief.domain, brief.title, brief.business_problem, brief.objective,
                 plan.overview.action)  # fmt: skip
        match = next((m for t in texts if (m := _FEEDBACK_DOMAIN.search(t))), None)
        if match is None:
            return
        why = f"the project is about '{match.group(0).lower()}'"
    yield Hit(
        f"The model's outputs shape its future labels ({why}) but "
        "deployment.monitoring.feedback_loop_mitigation is empty.",
        "deployment.monitoring.feedback_loop_mitigation",
    )


@rule(
    "O05",
    section=Section.MONITORING,
    severity=Severity.INFO,
    title="No alert owners or thresholds, or upstream dependencies undeclared",
    rationale="An alert without an owner and a threshold is noise; undeclared upstream "
    "dependencies are how a data change upstream becomes a silent model failure.",
    source=cite("S8", "S1 Monitor 1", "S3"),
    fix="Give every alert a threshold and an owning team, and list the upstream data and "
    "services the model depends on.",
)
def o05_alerts(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    monitoring = plan.deployment.monitoring
    alerts = monitoring.alerts
    if not alerts:
        yield Hit("deployment.monitoring.alerts is empty.", "deployment.monitoring.alerts")
    # One owner and one threshold cover the plan's alerts: 'alerts go to the on-call' is the
    # owner of the drift alert stated a sentence earlier.
    missing = [
        n for n in ("owner", "threshold") if alerts and all(blank(getattr(a, n)) for a in alerts)
    ]
    if missing:
        yield Hit(
            f"Alert on {q(alerts[0].signal, 40)} has {no_list(missing)}, and no other alert "
            "states one.",
            f"deployment.monitoring.alerts[0].{missing[0]}",
        )
    declared = plan.data.sources or not blank(plan.data.provenance)
    if not monitoring.upstream_dependencies and not declared:
        yield Hit(
            "deployment.monitoring.upstream_dependencies is empty: the data feeds the model "
            "relies on are not declared.",
            "deployment.monitoring.upstream_dependencies",
        )


@rule(
    "O06",
    section=Section.OVERVIEW,
    severity=Severity.INFO,
    title="No intended / out-of-scope use, or no timeline",
    rationale="Stating intended and out-of-scope uses prevents the model being reused where it "
    "was never validated; milestones make the plan schedulable and reviewable.",
    source=cite("S4", "S6 E.4", "S8", "S12"),
    fix="State the intended use and explicit out-of-scope uses, and give the timeline phases "
    "with milestones and exit criteria.",
)
def o06_scope_and_timeline(plan: Plan, ctx: ValidationContext) -> Iterator[Hit]:
    framing, timeline = plan.problem_framing, plan.timeline
    missing = []
    if blank(framing.intended_use) and not framing.out_of_scope_use:
        # a plan that draws the boundary ('wheat only; barley is out of scope') states its use
        missing.append(("problem_framing.intended_use", "intended use"))
    if not framing.out_of_scope_use:
        missing.append(("problem_framing.out_of_scope_use", "out-of-scope uses"))
    if not timeline.milestones and not timeline.phases:
        missing.append(("timeline.milestones", "timeline (no phases or milestones)"))
    if missing:
        names = no_list([name for _, name in missing])
        yield Hit(f"The plan states {names}.", missing[0][0])
