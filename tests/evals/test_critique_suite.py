"""The labelled critique benchmark (evals/critique/) is well formed; no review needed."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from ._bench import BENCHMARKS, critique_metrics

ROOT = Path(__file__).resolve().parents[2]
CRITIQUE = ROOT / "evals" / "critique"
LABELS = CRITIQUE / "labels.yaml"
PLANS = CRITIQUE / "plans"


M = critique_metrics()


@pytest.fixture(scope="module")
def labels() -> list:
    return M.load_labels(LABELS)


def _text(plan: object) -> str:
    return (CRITIQUE / plan.file).read_text(encoding="utf-8")  # type: ignore[attr-defined]


def test_suite_is_large_enough(labels: list) -> None:
    assert len(labels) >= 30


def test_labels_are_valid_against_the_files_and_the_rule_catalogue(labels: list) -> None:
    """Files exist, rule ids are in docs/rules.md, lines are inside the file and hold their
    quote, and no rule is both must_flag and must_not_flag."""
    rule_ids = M.catalog_rule_ids((ROOT / "docs" / "rules.md").read_text(encoding="utf-8"))
    assert M.validate_labels(labels, CRITIQUE, rule_ids) == []


def test_every_plan_file_is_labelled(labels: list) -> None:
    on_disk = {f"plans/{p.name}" for p in PLANS.iterdir() if p.is_file()}
    assert on_disk == {p.file for p in labels}


def test_plans_are_varied_in_format_style_and_domain(labels: list) -> None:
    suffixes = Counter(Path(p.file).suffix for p in labels)
    assert suffixes[".md"] >= 0.7 * len(labels)
    assert suffixes[".txt"] >= 2 and suffixes[".json"] >= 1
    styles = Counter(p.style for p in labels)
    for style in ("terse", "long prose", "interview", "template", "good", "hostile"):
        assert styles[style] >= 2, style
    assert len({p.domain for p in labels}) >= 15
    words = [len(_text(p).split()) for p in labels if p.style == "long prose"]
    assert sum(1 for n in words if 1500 <= n <= 3000) >= 3


def test_every_rule_family_is_exercised_both_ways(labels: list) -> None:
    """Per-family precision and recall need must_flag and must_not_flag labels in each family."""
    must = {M.family(e.rule) for p in labels for e in p.must_flag}
    must_not = {M.family(r) for p in labels for r in p.must_not_flag}
    assert must == set(M.FAMILIES)
    assert must_not == set(M.FAMILIES)


def test_all_verdicts_are_used(labels: list) -> None:
    verdicts = Counter(p.verdict for p in labels)
    assert set(verdicts) == set(M.VERDICTS)
    assert verdicts["ready"] >= 4


def test_seed_template_with_placeholders_must_come_out_not_ready(labels: list) -> None:
    seed = next(p for p in labels if p.file == "plans/template_seed_placeholders.md")
    assert seed.verdict == "not_ready"
    assert "S02" in seed.must_rules
    text = _text(seed)
    for heading in (
        "Problem Framing & Market Research",
        "Data Requirements",
        "Feature Engineering",
        "Model Selection",
        "Training Pipeline",
        "Evaluation Metrics",
        "Deployment",
        "Timeline",
    ):
        assert re.search(rf"^#+ .*{re.escape(heading)}", text, re.M), heading
    assert text.count("[e.g.,") >= 10 and "TBD" in text and "$X" in text


def test_good_plans_are_nearly_clean(labels: list) -> None:
    good = [p for p in labels if p.style == "good"]
    assert len(good) >= 4
    for plan in good:
        assert plan.verdict == "ready", plan.file
        assert len(plan.must_flag) <= 1, plan.file
        assert len(plan.must_not_flag) >= 25, plan.file


def test_hostile_plans_address_the_reviewer(labels: list) -> None:
    hostile = [p for p in labels if p.style == "hostile"]
    assert len(hostile) >= 2
    for plan in hostile:
        text = _text(plan).lower()
        assert "review" in text, plan.file
        assert any(w in text for w in ("no findings", "zero findings", "no issues")), plan.file
        assert plan.verdict != "ready", plan.file


def test_defects_with_evidence_carry_a_quote(labels: list) -> None:
    """A labelled line without its quote would silently drift when a plan is edited."""
    unquoted = [(p.file, e.rule) for p in labels for e in p.must_flag if e.line and not e.quote]
    assert unquoted == []


def test_eval_script_scores_one_plan_end_to_end(tmp_path: Path) -> None:
    """benchmarks/eval_critique.py runs the real review on a plan and writes its JSON report."""
    spec = importlib.util.spec_from_file_location("eval_critique", BENCHMARKS / "eval_critique.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    sys.modules["eval_critique"] = script  # dataclasses resolve their module through sys.modules
    spec.loader.exec_module(script)  # its `_critique_metrics` import finds the module loaded above
    out = tmp_path / "critique.json"
    assert script.main(["--plan", "churn_terse", "--json", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["plans"] == 1
    (outcome,) = report["outcomes"]
    assert outcome["file"] == "plans/churn_terse.md" and outcome["error"] is None
    assert outcome["verdict"]["label"] == "not_ready"
    assert set(report["families"]) == set(M.FAMILIES)
    assert "uncapped" in report
