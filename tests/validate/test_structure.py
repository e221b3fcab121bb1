"""S01, S02, S04: complete sections, no leftover placeholders, citations that resolve."""

from __future__ import annotations

import pytest

from mlplan.domain import Citation, Metric, MetricName, Plan, SplitStrategy, Timeline
from mlplan.validate import ValidationContext

from ._plans import RuleProbe

# -- S01 sections ----------------------------------------------------------------------------


def test_s01_empty_section(plan: Plan, probe: RuleProbe) -> None:
    plan.timeline = Timeline()
    findings = probe.fires(plan, "S01", "Section 'timeline' is empty")
    assert findings[0].path == "timeline"


def test_s01_empty_section_with_only_citations_is_still_empty(plan: Plan, probe: RuleProbe) -> None:
    plan.timeline = Timeline(citations=[Citation(doc_id="timeline-and-risk-planning")])
    probe.fires(plan, "S01", "'timeline' is empty")


def test_s01_section_without_its_key_content(plan: Plan, probe: RuleProbe) -> None:
    plan.evaluation.primary_metric = Metric(name=MetricName.OTHER)
    plan.evaluation.secondary_metrics = []
    plan.evaluation.business_metrics = []
    findings = probe.fires(plan, "S01", "'evaluation' has no metric")
    assert findings[0].path == "evaluation.primary_metric"


def test_s01_secondary_metric_fills_the_section(plan: Plan, probe: RuleProbe) -> None:
    # which metric leads is a metrics question; the section is not empty
    plan.evaluation.primary_metric = Metric(name=MetricName.OTHER)
    plan.evaluation.secondary_metrics = [Metric(name=MetricName.RECALL)]
    probe.silent(plan, "S01")


def test_s01_unknown_split(plan: Plan, probe: RuleProbe) -> None:
    plan.training.split.strategy = SplitStrategy.UNKNOWN
    probe.fires(plan, "S01", "'training' has no split strategy")


def test_s01_metric_named_in_prose_counts(plan: Plan, probe: RuleProbe) -> None:
    plan.evaluation.primary_metric = Metric(name=MetricName.OTHER, display="Expected profit")
    probe.silent(plan, "S01")


# -- S02 placeholders ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("Retrain every [e.g. 30 days]", "[e.g. 30 days]"),
        ("Retrain every [e.g., 30 days]", "[e.g., 30 days]"),
        ("Owner: TBD", "TBD"),
        ("owner tbd.", "tbd"),
        ("TODO: pick a platform", "TODO"),
        ("Reduce churn by XX%", "XX"),
        ("Target precision 0.XXX", "XXX"),
        ("Saves $X per month", "$X"),
        ("Saves $XXk per month", "$XXk"),
        ("[Insert cost estimate here]", "[Insert cost estimate here]"),
        ("Use <placeholder> for the bucket", "<placeholder>"),
        ("Lorem ipsum dolor sit amet", "Lorem ipsum"),
    ],
)
def test_s02_placeholders(plan: Plan, probe: RuleProbe, text: str, token: str) -> None:
    plan.deployment.cost_estimate = text
    findings = probe.fires(plan, "S02", "deployment.cost_estimate", f"'{token}'", text)
    assert findings[0].path == "deployment.cost_estimate"


@pytest.mark.parametrize(
    "text",
    [
        "XXL instance with 64 GB",
        "TBDx is our internal codename",
        "The XGBoost model (xx-small)",
        "Export to $XYZ ticker feed",
        "Budget e.g. 30 days [see appendix]",
        "Write to-do items in Jira",
        "Route via <service-name> from config",
        "Roman numeral XXI",
    ],
)
def test_s02_near_misses(plan: Plan, probe: RuleProbe, text: str) -> None:
    plan.deployment.cost_estimate = text
    probe.silent(plan, "S02")


def test_s02_walks_nested_lists(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.monitoring.alerts[0].owner = "TBD"
    findings = probe.fires(plan, "S02", "deployment.monitoring.alerts[0].owner")
    assert findings[0].path == "deployment.monitoring.alerts[0].owner"


def test_s02_ignores_the_users_raw_brief(plan: Plan, probe: RuleProbe) -> None:
    plan.brief.raw_text += " Budget: TBD."
    probe.silent(plan, "S02")


# -- S04 citations ---------------------------------------------------------------------------


def test_s04_recommending_section_without_citations(plan: Plan, probe: RuleProbe) -> None:
    plan.training.citations = []
    findings = probe.fires(plan, "S04", "'training'", "cites nothing")
    assert findings[0].path == "training.citations"


def test_s04_framing_sections_need_no_citation(plan: Plan, probe: RuleProbe) -> None:
    plan.problem_framing.citations = []
    plan.timeline.citations = []
    probe.silent(plan, "S04")


def _context(plan: Plan) -> ValidationContext:
    cited = [c for _, c in plan.all_citations()]
    return ValidationContext.from_ids(
        doc_ids=[c.doc_id for c in cited], chunk_ids=[c.chunk_id for c in cited if c.chunk_id]
    )


def test_s04_unknown_doc_id(plan: Plan, probe: RuleProbe) -> None:
    context = _context(plan)
    plan.deployment.citations.append(Citation(doc_id="made-up-doc"))
    findings = probe.fires(plan, "S04", "'made-up-doc'", "not in the knowledge base",
                           context=context)  # fmt: skip
    assert findings[0].path == "deployment.citations[1].doc_id"


def test_s04_unknown_chunk_id(plan: Plan, probe: RuleProbe) -> None:
    context = _context(plan)
    plan.data.citations.append(
        Citation(doc_id="data-quality-and-governance", chunk_id="data-quality-and-governance#nope")
    )
    probe.fires(plan, "S04", "'data-quality-and-governance#nope'", context=context)


def test_s04_chunk_of_another_doc(plan: Plan, probe: RuleProbe) -> None:
    plan.data.citations.append(Citation(doc_id="baselines", chunk_id="split-grouped#why"))
    probe.fires(plan, "S04", "'split-grouped#why'", "does not belong to doc 'baselines'")


def test_s04_without_known_ids_existence_is_not_checked(plan: Plan, probe: RuleProbe) -> None:
    plan.deployment.citations.append(Citation(doc_id="made-up-doc"))
    probe.silent(plan, "S04")


def test_s04_known_doc_ids_without_chunk_ids(plan: Plan, probe: RuleProbe) -> None:
    docs = {c.doc_id for _, c in plan.all_citations()}
    probe.silent(plan, "S04", context=ValidationContext.from_ids(doc_ids=docs))
