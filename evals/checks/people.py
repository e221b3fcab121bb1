"""Privacy and fairness: what a plan owes the people in its data and affected by its outputs."""

from __future__ import annotations

from mlplan.domain import Plan


def personal_data_measures_complete(plan: Plan) -> str | None:
    """Personal data: lawful basis, minimisation, pseudonymisation, retention, deletion, encryption."""
    pr = plan.data.privacy
    if not (plan.data.contains_personal_data and pr.contains_personal_data):
        return "the plan does not recognise personal data"
    missing = [
        name
        for name in (
            "lawful_basis",
            "minimisation",
            "pseudonymisation",
            "retention",
            "deletion",
            "encryption",
        )
        if not (getattr(pr, name) or "").strip()
    ]
    if missing:
        return f"data.privacy lacks {', '.join(missing)}"
    if not plan.data.access_control.strip():
        return "no access control for personal data"
    regs = set(plan.brief.regulations)
    if not regs <= set(pr.regulations):
        return f"privacy plan covers {sorted(pr.regulations)}, brief names {sorted(regs)}"
    return None


def fairness_and_redress(plan: Plan) -> str | None:
    """Decisions about people: fairness groups and metrics, mitigations and a redress path."""
    f = plan.evaluation.fairness
    if not plan.brief.affects_people:
        return "the plan does not recognise that its outputs drive decisions about people"
    if not f.applicable:
        return "fairness assessment marked not applicable"
    if len(f.groups) < 2 or not f.metrics:
        return f"fairness needs >= 2 groups and a metric, has groups={f.groups} metrics={f.metrics}"
    if not f.mitigations:
        return "fairness assessment lists no mitigations"
    if not (plan.deployment.redress or "").strip():
        return "no redress path for affected people"
    return None


def regulated_privacy_review_scheduled(plan: Plan) -> str | None:
    """A named regulation puts a privacy/compliance review phase in the timeline."""
    if not plan.brief.regulations:
        return "no regulation read from the brief"
    names = [p.name.lower() for p in plan.timeline.phases]
    if not any("privacy" in n or "compliance" in n for n in names):
        return f"no privacy/compliance phase in the timeline: {names}"
    return None
