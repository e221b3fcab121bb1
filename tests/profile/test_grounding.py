"""Measured facts ground the brief (stated > measured > inferred > assumed) and the plan."""

from __future__ import annotations

from pathlib import Path

from mlplan.domain import Origin
from mlplan.service import build_service
from mlplan.understand.measured import disagreements, ground_brief


def test_measured_facts_fill_what_the_brief_left_open(planted_csv: Path) -> None:
    service = build_service()
    brief = service.understand("Predict which customers will churn next month.")
    profile = service.profile_data(planted_csv, target="churned").profile
    grounded = ground_brief(brief, profile)
    for field in (
        "total_rows",
        "positive_class_rate",
        "group_key",
        "time_ordered",
        "personal_data",
    ):
        assert grounded.origin(field) is Origin.MEASURED, field
        assert grounded.is_known(field)
    assert grounded.total_rows == 6000 and grounded.group_key == "customer_id"
    assert grounded.positive_class_rate == profile.target.positive_rate  # type: ignore[union-attr]
    assert "churn.csv" in grounded.facts["total_rows"].reason
    assert disagreements(grounded, profile) == []


def test_stated_facts_win_but_a_large_disagreement_is_asked(planted_csv: Path) -> None:
    service = build_service()
    brief = service.understand("Predict churn; 2M rows; ~40 % churn; no personal data.")
    profile = service.profile_data(planted_csv, target="churned").profile
    grounded = ground_brief(brief, profile)
    assert grounded.origin("positive_class_rate") is Origin.STATED
    assert grounded.positive_class_rate == 0.40 and grounded.total_rows == 2_000_000
    found = " ".join(disagreements(grounded, profile))
    assert "40.00% positives" in found


def test_plan_with_data_carries_profile_baselines_and_thresholds(planted_csv: Path) -> None:
    plan = build_service().plan(
        "Predict churn for our subscription service; GDPR applies",
        data=planted_csv,
        target="churned",
    )
    assert plan.data.profile is not None and plan.data.quality is not None
    assert plan.data.availability is not None and 0 < plan.data.availability.score <= 1
    assert plan.brief.facts["positive_class_rate"].origin is Origin.MEASURED
    assert plan.training.split.strategy.respects_time  # measured time order and group key
    b = plan.evaluation.measured_baselines
    assert b is not None and {r.kind for r in b.results} == {"trivial", "quick"}
    primary = plan.evaluation.primary_metric
    best = b.best(primary.name)
    assert best is not None and primary.minimum == round(best.score(primary.name) or 0, 4)
    assert primary.target is not None and primary.target > primary.minimum
    assert "relative to baselines measured on churn.csv" in primary.rationale
    l13 = {f.message.split("'")[1] for f in plan.findings if f.rule_id == "L13"}
    assert l13 == {"refund_flag_score", "cancellation_reason"}
    l14 = {f.message.split("'")[1]: f.fix for f in plan.findings if f.rule_id == "L14"}
    assert set(l14) == {"row_id", "customer_id"}
    assert "already keeps its groups together" in l14["customer_id"]  # group-time split on it
    assert any("contact_email" in g for g in plan.data.gaps)
    assert any("'customer_id'" in g and "group key" in g for g in plan.data.gaps)
    assert "each customer_id group on the side of its first event_date" in b.split_note


def test_plan_without_data_imports_no_data_libraries() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from mlplan.service import build_service; "
        "build_service().plan('Predict churn; 10M rows; 4 % churn'); "
        "print(sorted(m for m in ('duckdb', 'sklearn', 'polars') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
