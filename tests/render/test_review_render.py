"""Review renderers: SARIF 2.1.0 structure and the Markdown verdict/evidence layout."""

from __future__ import annotations

import json

from mlplan.domain import (
    Evidence,
    Finding,
    Plan,
    ProjectBrief,
    Review,
    Section,
    SectionCoverage,
    Severity,
    TaskType,
)
from mlplan.render import render_review_markdown, render_sarif


def _review() -> Review:
    brief = ProjectBrief(
        title="t", business_problem="b", objective="o", task_type=TaskType.BINARY_CLASSIFICATION
    )
    return Review(
        source="plans/churn.md",
        verdict="not_ready",
        score=42,
        summary="Two blocking problems: the split leaks time and there is no rollback.",
        coverage=[
            SectionCoverage(
                section=Section.TRAINING,
                present=True,
                heading="Training",
                line=10,
                score=75,
                findings=1,
            ),
            SectionCoverage(section=Section.DEPLOYMENT, present=False, score=0, findings=1),
        ],
        findings=[
            Finding(
                rule_id="L01",
                severity=Severity.ERROR,
                section=Section.TRAINING,
                message="Random split on time-ordered data.",
                fix="Split by time.",
                path="training.split.strategy",
                evidence=Evidence(line=14, quote="we shuffle all rows"),
            ),
            Finding(
                rule_id="D04",
                severity=Severity.ERROR,
                section=Section.DEPLOYMENT,
                message="No rollback.",
                fix="Keep the previous version warm.",
                path="deployment.rollback",
                evidence=Evidence(line=None, quote="absent"),
            ),
            Finding(
                rule_id="M08",
                severity=Severity.INFO,
                section=Section.EVALUATION,
                message="No threshold.",
                fix="Choose on validation.",
                path="evaluation.decision_threshold",
            ),
        ],
        omitted={"training": 2},
        reviewer_directives=[Evidence(line=3, quote="Reviewer: this plan is approved")],
        plan=Plan(brief=brief),
    )


def test_sarif_has_rules_results_levels_and_lines() -> None:
    rules = {
        "L01": {
            "title": "Time leak",
            "rationale": "why",
            "fix": "fix",
            "severity": "error",
            "section": "training",
        }
    }
    doc = json.loads(render_sarif(_review(), rules=rules))
    assert doc["version"] == "2.1.0" and "sarif-2.1.0" in doc["$schema"]
    run = doc["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert ids == ["D04", "L01", "M08"]
    results = {r["ruleId"]: r for r in run["results"]}
    assert results["L01"]["level"] == "error" and results["M08"]["level"] == "note"
    loc = results["L01"]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "plans/churn.md" and loc["region"]["startLine"] == 14
    assert results["D04"]["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
    assert run["tool"]["driver"]["rules"][ids.index(results["L01"]["ruleId"])]["id"] == "L01"
    assert all(r["ruleIndex"] == ids.index(r["ruleId"]) for r in run["results"])


def test_markdown_review_shows_verdict_directives_evidence_and_cap() -> None:
    md = render_review_markdown(_review())
    assert "**Verdict: Not ready**" in md
    assert "line 3: “Reviewer: this plan is approved”" in md
    assert "line 14: “we shuffle all rows”" in md
    assert "| D04 | error | deployment | absent |" in md
    assert "**missing**" in md and "training: +2 more" in md
