"""The CLI through its front door (Typer's CliRunner): outputs, contracts and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlplan.adapters.cli import app

runner = CliRunner()
CHURN = "Predict churn for our subscription service; 10M CRM rows; ~4 % churn; GDPR applies"


def test_plan_markdown_has_every_section_and_brief_specific_numbers() -> None:
    result = runner.invoke(app, ["plan", CHURN])
    assert result.exit_code == 0, result.output
    out = result.stdout
    for heading in (
        "1. Problem framing",
        "2. Overview",
        "3. Data requirements",
        "4. Feature engineering",
        "5. Model selection",
        "6. Training pipeline",
        "7. Evaluation",
        "8. Deployment",
        "9. Timeline",
        "## Assumptions",
        "## Open questions",
        "## References",
    ):
        assert heading in out, heading
    assert "PR-AUC" in out and "7,000,000" in out and "GDPR" in out
    assert "Accuracy" not in out.split("## 7. Evaluation")[1].split("##")[0]


def test_plan_json_contract_fields() -> None:
    result = runner.invoke(app, ["plan", CHURN, "--format", "json"])
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert plan["brief"]["task_type"] == "binary_classification"
    assert plan["evaluation"]["primary_metric"]["name"] == "pr_auc"
    assert plan["training"]["split"]["strategy"] == "group_time_based"
    assert plan["deployment"]["serving_mode"] == "batch"
    assert plan["deployment"]["rollback"]["mechanism"]
    assert plan["data"]["privacy"]["pseudonymisation"]
    assert isinstance(plan["findings"], list) and isinstance(plan["assumptions"], list)
    assert isinstance(plan["open_questions"], list) and plan["evaluation"]["citations"]
    assert not [f for f in plan["findings"] if f["severity"] == "error"]
    assert not [f for f in plan["findings"] if f["rule_id"] == "S04"]


def test_plan_cites_passages_chosen_for_the_brief() -> None:
    """Citations point at chunks of the knowledge base, picked by the brief's facts."""
    churn = json.loads(runner.invoke(app, ["plan", CHURN, "--format", "json"]).stdout)
    fraud = json.loads(
        runner.invoke(
            app, ["plan", "Card fraud at checkout, 0.1% fraud, p99 80ms", "--format", "json"]
        ).stdout
    )

    def chunks(plan: dict[str, object], section: str) -> set[str]:
        cites = plan[section]["citations"]  # type: ignore[index]
        return {c["chunk_id"] for c in cites if c["chunk_id"]}

    assert "use-case-patterns#customer-churn" in chunks(churn, "problem_framing")
    assert "use-case-patterns#payment-fraud" in chunks(fraud, "problem_framing")
    for section in ("data", "features", "model", "training", "evaluation", "deployment"):
        for chunk_id in chunks(churn, section):
            doc_id = chunk_id.split("#")[0]
            assert doc_id in {c["doc_id"] for c in churn[section]["citations"]}


def test_plan_reads_yaml_brief_and_writes_out_file(tmp_path: Path) -> None:
    brief = tmp_path / "brief.yaml"
    brief.write_text(
        "text: Predict churn for a telecom, 2M customers, 3% churn\nteam_size: 6\n",
        encoding="utf-8",
    )
    out = tmp_path / "plan.md"
    result = runner.invoke(app, ["plan", str(brief), "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "6 people" in text and "3 %" in text


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x00\x01\x02binary", "binary"),
        (b"\xff\xfe\xfa not utf8", "UTF-8"),
        (b"x" * 100_001, "at most 100,000 bytes"),
    ],
)
def test_bad_brief_files_exit_2_with_one_line(tmp_path: Path, content: bytes, needle: str) -> None:
    path = tmp_path / "brief.txt"
    path.write_bytes(content)
    result = runner.invoke(app, ["plan", str(path)])
    assert result.exit_code == 2
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("mlplan: error:") and needle in lines[0]
    assert "Traceback" not in result.output


def test_empty_and_oversized_inline_briefs_exit_2() -> None:
    assert runner.invoke(app, ["plan", "   "]).exit_code == 2
    assert runner.invoke(app, ["plan", "churn " * 20_000]).exit_code == 2


def test_missing_brief_file_exit_2() -> None:
    result = runner.invoke(app, ["plan", "no-such-brief.yaml"])
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_malformed_yaml_brief_names_the_problem(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_text("text: [unclosed\n", encoding="utf-8")
    result = runner.invoke(app, ["plan", str(path)])
    assert result.exit_code == 2 and "not valid YAML" in result.stderr


def test_schema_and_version() -> None:
    schema = json.loads(runner.invoke(app, ["schema"]).stdout)
    assert "evaluation" in schema["properties"] and "$defs" in schema
    brief_schema = json.loads(runner.invoke(app, ["schema", "--brief"]).stdout)
    assert "task_type" in brief_schema["properties"]
    version = runner.invoke(app, ["--version"])
    assert version.exit_code == 0 and version.stdout.startswith("mlplan ")


def test_validate_round_trip_and_fail_on(tmp_path: Path) -> None:
    plan = json.loads(runner.invoke(app, ["plan", CHURN, "--format", "json"]).stdout)
    good = tmp_path / "good.json"
    good.write_text(json.dumps(plan), encoding="utf-8")
    assert runner.invoke(app, ["validate", str(good)]).exit_code == 0
    plan["training"]["split"]["strategy"] = "random"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(plan), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(bad), "--format", "json"])
    assert result.exit_code == 1
    assert "L01" in {f["rule_id"] for f in json.loads(result.stdout)["findings"]}
    assert runner.invoke(app, ["validate", str(bad), "--fail-on", "never"]).exit_code == 0


def test_validate_rejects_non_plan_files(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"brief": 3}', encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2 and "field 'brief'" in result.stderr


def test_rules_lists_the_catalog() -> None:
    result = runner.invoke(app, ["rules", "--format", "json"])
    assert result.exit_code == 0
    ids = {r["id"] for r in json.loads(result.stdout)}
    assert {"L01", "M01", "P01", "D04", "O01", "S04"} <= ids


def test_unknown_option_is_usage_error() -> None:
    assert runner.invoke(app, ["plan", CHURN, "--format", "pdf"]).exit_code == 2


def test_a_command_without_its_extra_says_what_to_install(monkeypatch) -> None:
    """`mlplan serve` on a core install: one line naming the extra, exit 2, no traceback."""
    import builtins

    from typer.testing import CliRunner

    from mlplan.adapters.cli import app

    real_import = builtins.__import__

    def no_fastapi(name: str, *args: object, **kwargs: object) -> object:
        if name.split(".")[0] in ("fastapi", "uvicorn"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_fastapi)
    result = CliRunner().invoke(app, ["serve", "--port", "1"])
    assert result.exit_code == 2, result.output
    assert "pip install 'mlplan[server]'" in result.output
    assert "Traceback" not in result.output
