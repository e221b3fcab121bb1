"""Eval runner: case loading errors, assertion outcomes, run folders, judges, compare, CLI."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlplan.adapters.cli import app
from mlplan.config import Settings
from mlplan.errors import UserInputError
from mlplan.prompt_evals import compare as cmp
from mlplan.prompt_evals.assertions import Observed, check
from mlplan.prompt_evals.cases import EvalCase, load_cases
from mlplan.prompt_evals.runner import RunOptions, run
from mlplan.service import build_service
from mlplan.testing import ScriptedChatClient

CHURN = "Predict churn for our subscription service; 10M CRM rows of monthly snapshots; ~4% churn"

SUITE = f"""
- id: churn
  tags: [binary]
  brief: "{CHURN}"
  assertions:
    - {{kind: schema_valid}}
    - {{kind: no_errors}}
    - {{kind: path_in, path: evaluation.primary_metric.name, values: [pr_auc, recall_at_precision]}}
    - {{kind: rule_absent, rule: M01}}
    - {{kind: min_items, path: open_questions, n: 1}}
    - {{kind: contains_any, values: ["PR-AUC"]}}
    - {{kind: python, check: "numbers:positives_stated"}}
- id: churn-wrong-expectation
  brief:
    text: "{CHURN}"
    team_size: 3
  assertions:
    - {{kind: path_in, path: evaluation.primary_metric.name, values: [accuracy]}}
"""

CHECKS = """
from mlplan.domain import Plan


def positives_stated(plan: Plan) -> str | None:
    return None if plan.data.positive_class_rate else "no positive rate"


def broken(plan: Plan) -> str | None:
    raise RuntimeError("bug in the check")
"""


@pytest.fixture
def suite(tmp_path: Path) -> Path:
    (tmp_path / "plan").mkdir()
    (tmp_path / "checks").mkdir()
    (tmp_path / "plan" / "cases.yaml").write_text(SUITE, encoding="utf-8")
    (tmp_path / "checks" / "numbers.py").write_text(CHECKS, encoding="utf-8")
    return tmp_path / "plan"


def test_a_malformed_case_names_its_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "- id: ok\n  brief: x\n  assertions: [{kind: schema_valid}]\n"
        "- id: typo\n  brief: y\n  assertions:\n    - {kind: rule_presnt, rule: M01}\n",
        encoding="utf-8",
    )
    with pytest.raises(UserInputError, match=r"bad\.yaml:4: .*assertions\.0"):
        load_cases([bad])
    dup = tmp_path / "dup.yaml"
    dup.write_text(
        "- {id: a, brief: x, assertions: [{kind: no_errors}]}\n"
        "- {id: a, brief: y, assertions: [{kind: no_errors}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(UserInputError, match="duplicate case id 'a'"):
        load_cases([dup])
    empty_assertions = tmp_path / "none.yaml"
    empty_assertions.write_text("- {id: a, brief: x, assertions: []}\n", encoding="utf-8")
    with pytest.raises(UserInputError, match=r"none\.yaml:1"):
        load_cases([empty_assertions])


def test_assertions_pass_fail_and_error_honestly(suite: Path) -> None:
    plan = build_service().plan(CHURN)
    obs = Observed(latency_ms=10.0, tokens=0, cost_usd=None)
    checks = suite.parent / "checks"
    case = EvalCase.model_validate(
        {
            "id": "x",
            "brief": "x",
            "assertions": [
                {"kind": "path_in", "path": "training.split.strategy", "values": ["random"]},
                {"kind": "path_in", "path": "training.no_such_field", "values": [1]},
                {"kind": "python", "check": "numbers:broken"},
                {"kind": "python", "check": "numbers:missing_function"},
                {"kind": "rule_present", "rule": "M01"},
                {"kind": "latency_ms", "max": 5},
            ],
        }
    )
    verdicts = [check(a, plan, obs, checks).verdict for a in case.assertions]
    assert verdicts == ["fail", "error", "error", "error", "fail", "fail"]
    message = check(case.assertions[0], plan, obs, checks).message
    assert "training.split.strategy = " in message and "random" in message


def test_a_run_writes_manifest_and_one_row_per_case_and_epoch(suite: Path, tmp_path: Path) -> None:
    seen: list[str] = []
    result = run(
        build_service(),
        [suite],
        RunOptions(epochs=2, runs_dir=tmp_path / "runs"),
        progress=lambda d, t, w: seen.append(f"{d}/{t}"),
    )
    rows = [json.loads(x) for x in (result.path / "results.jsonl").read_text().splitlines()]
    assert len(rows) == 4 and seen[-1] == "4/4"
    by_case = {(r["case"], r["epoch"]): r for r in rows}
    assert by_case[("churn", 0)]["passed"] and by_case[("churn", 1)]["passed"]
    wrong = by_case[("churn-wrong-expectation", 0)]
    assert not wrong["passed"] and wrong["outcomes"][0]["verdict"] == "fail"
    manifest = json.loads((result.path / "manifest.json").read_text())
    assert manifest["backend"] == "expert" and manifest["totals"]["pass_rate"] == 0.5
    assert manifest["parameters"]["epochs"] == 2 and "git_sha" in manifest
    assert result.path.name.endswith("_expert_expert")


def test_llm_backend_rows_carry_tokens_and_cache_hits_by_epoch(suite: Path, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", llm="local", llm_cache="on")
    service = build_service(settings)
    service.llm_client = ScriptedChatClient({}, tokens=(50, 10))
    opts = RunOptions(backend="local", epochs=2, runs_dir=tmp_path / "runs")
    first = run(service, [suite], opts)
    assert all(r["tokens"] == 9 * 60 and r["cached"] == 0 for r in first.rows)
    again = run(service, [suite], opts)
    assert all(r["cached"] == 9 for r in again.rows)  # same case and epoch: from the cache
    assert first.manifest["prompts"] == "v1" and len(first.manifest["prompt_hash"]) == 64


def test_judge_verdicts_and_a_judge_that_cannot_answer(tmp_path: Path) -> None:
    cases = tmp_path / "plan"
    cases.mkdir()
    (cases / "j.yaml").write_text(
        f'- id: judged\n  brief: "{CHURN}"\n  assertions:\n'
        "    - {kind: llm_rubric, rubric: 'The metric suits 4 % churn.', section: evaluation}\n",
        encoding="utf-8",
    )
    settings = Settings(data_dir=tmp_path / "d", llm="local", llm_cache="off")
    service = build_service(settings)
    service.llm_client = ScriptedChatClient(
        {"unknown": [{"passed": False, "reason": "It picks accuracy."}, "not json"]}
    )
    opts = RunOptions(judge=True, runs_dir=tmp_path / "runs")
    first = run(service, [cases], opts).rows[0]["outcomes"][0]
    assert first == {"kind": "llm_rubric", "verdict": "fail", "message": "It picks accuracy."}
    second = run(service, [cases], opts).rows[0]["outcomes"][0]
    assert second["verdict"] == "error" and "judge" in second["message"]
    # Without --judge the rubric is not run at all (deterministic assertions only).
    skipped = run(service, [cases], RunOptions(runs_dir=tmp_path / "runs")).rows[0]
    assert skipped["outcomes"] == []


def _fake_run(root: Path, name: str, passed: dict[str, list[bool]], tokens: int) -> Path:
    path = root / name
    path.mkdir(parents=True)
    (path / "manifest.json").write_text(json.dumps({"backend": "local", "model": "m"}))
    rows = [
        {"suite": "s", "case": case, "epoch": e, "passed": ok, "outcomes": [], "tokens": tokens,
         "latency_ms": 10.0, "cost_usd": None, "error": None if ok else "boom"}
        for case, oks in passed.items()
        for e, ok in enumerate(oks)
    ]  # fmt: skip
    (path / "results.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return path


def test_compare_reports_flips_errors_and_gates_on_drop(tmp_path: Path) -> None:
    a = _fake_run(tmp_path, "a", {"x": [True, True], "y": [True, False], "z": [False, False]}, 100)
    b = _fake_run(tmp_path, "b", {"x": [False, False], "y": [True, False], "z": [True, True]}, 150)
    c = cmp.compare(cmp.load_run(a), cmp.load_run(b))
    assert c.flipped_to_fail == ["s::x"] and c.flipped_to_pass == ["s::z"]
    assert c.deltas["tokens"] == 50
    assert c.a.pass_rate()[1] == pytest.approx((0.5 * 0.5 / 6) ** 0.5)
    suite = ET.fromstring(cmp.to_junit(c))
    assert suite.get("tests") == "6" and suite.get("failures") == "3"
    assert "s::x" in cmp.to_html(c) and "Broke (1): s::x" in cmp.to_markdown(c)
    worse = _fake_run(
        tmp_path, "w", {"x": [False, False], "y": [False, False], "z": [False, False]}, 1
    )
    runner = CliRunner()
    ok = runner.invoke(app, ["eval", "compare", str(a), str(b), "--max-drop", "0.05"])
    assert ok.exit_code == 0, ok.output
    gate = runner.invoke(app, ["eval", "compare", str(a), str(worse), "--max-drop", "0.05"])
    assert gate.exit_code == 1 and "dropped" in gate.output
    missing = runner.invoke(app, ["eval", "compare", str(a), str(tmp_path / "nope")])
    assert missing.exit_code == 2


def test_cli_eval_run_prints_failures_and_honours_min_pass_rate(
    suite: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    args = ["eval", "run", str(suite), "--runs-dir", str(tmp_path / "runs")]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "1/2 passed" in result.output and "FAIL churn-wrong-expectation[0]" in result.output
    gated = runner.invoke(app, [*args, "--min-pass-rate", "0.9"])
    assert gated.exit_code == 1
    bad = runner.invoke(app, ["eval", "run", str(tmp_path / "missing")])
    assert bad.exit_code == 2
