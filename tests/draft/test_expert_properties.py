"""Property: whatever the brief, the expert drafter's plan carries no error-severity finding."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlplan.domain import Level, Modality, ProjectBrief, Regulation, ServingMode, TaskType
from mlplan.draft.expert import ExpertDrafter
from mlplan.knowledge import catalog
from mlplan.validate import ValidationContext, validate_plan

_DOMAINS = [
    "general",
    "subscription",
    "payments",
    "lending",
    "healthcare",
    "retail",
    "manufacturing",
    "customer support",
    "advertising",
    "media",
]


@st.composite
def briefs(draw: st.DrawFn) -> ProjectBrief:
    task = draw(st.sampled_from(list(TaskType)))
    serving = draw(st.sampled_from(list(ServingMode)))
    return ProjectBrief(
        title="generated",
        business_problem="generated brief",
        objective="predict the thing",
        task_type=task,
        domain=draw(st.sampled_from(_DOMAINS)),
        modalities=draw(
            st.lists(st.sampled_from(list(Modality)), min_size=1, max_size=3, unique=True)
        ),
        total_rows=draw(st.none() | st.integers(min_value=50, max_value=5_000_000_000)),
        positive_class_rate=draw(st.none() | st.floats(min_value=0.0001, max_value=0.9999)),
        time_ordered=draw(st.booleans()),
        group_key=draw(st.none() | st.sampled_from(["customer_id", "patient_id", "device_id"])),
        personal_data=draw(st.booleans()),
        regulations=draw(st.lists(st.sampled_from(list(Regulation)), max_size=3, unique=True)),
        sensitive_attributes=draw(
            st.lists(
                st.sampled_from(["age", "gender", "postcode (proxy)"]), max_size=2, unique=True
            )
        ),
        affects_people=draw(st.booleans()),
        interpretability=draw(st.sampled_from(list(Level))),
        latency_p99_ms=draw(st.none() | st.floats(min_value=1, max_value=10_000))
        if serving is not ServingMode.BATCH
        else None,
        throughput_rps=draw(st.none() | st.floats(min_value=0.01, max_value=100_000)),
        serving_mode=serving,
        team_size=draw(st.none() | st.integers(min_value=1, max_value=40)),
        deadline_weeks=draw(st.none() | st.floats(min_value=1, max_value=104)),
        label_delay=draw(st.none() | st.sampled_from(["30 days", "2 weeks"])),
        current_solution=draw(st.none() | st.just("manual review")),
    )


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(briefs())
def test_expert_plans_have_no_error_findings(brief: ProjectBrief) -> None:
    plan = ExpertDrafter().draft(brief)
    findings = validate_plan(plan, context=ValidationContext(known_doc_ids=frozenset(catalog())))
    errors = [f"{f.rule_id}: {f.message}" for f in findings if f.severity.value == "error"]
    assert not errors, errors
