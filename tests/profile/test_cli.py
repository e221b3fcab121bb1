"""`mlplan profile` and `mlplan plan --data` through the front door."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from mlplan.adapters.cli import app

runner = CliRunner()


def test_profile_markdown_and_json(planted_csv: Path) -> None:
    md = runner.invoke(app, ["profile", str(planted_csv), "--target", "churned"])
    assert md.exit_code == 0, md.output
    assert "# Data profile: churn.csv" in md.output and "refund_flag_score" in md.output
    assert "@example.com" not in md.output
    js = runner.invoke(
        app, ["profile", str(planted_csv), "--target", "churned", "--format", "json"]
    )
    data = json.loads(js.output)
    assert data["target"]["kind"] == "binary" and data["total_rows"] == 6000


def test_plan_with_data_json(planted_csv: Path) -> None:
    res = runner.invoke(
        app,
        [
            "plan",
            "Predict churn for our subscription service",
            "--data",
            str(planted_csv),
            "--target",
            "churned",
            "--time-column",
            "event_date",
            "--group-column",
            "customer_id",
            "--format",
            "json",
        ],
    )
    assert res.exit_code == 0, res.output
    plan = json.loads(res.output)
    assert plan["data"]["profile"]["time"]["explicit"] is True
    assert plan["data"]["profile"]["group_keys"][0] == {
        "column": "customer_id",
        "n_groups": plan["data"]["profile"]["group_keys"][0]["n_groups"],
        "rows_per_group": plan["data"]["profile"]["group_keys"][0]["rows_per_group"],
        "explicit": True,
    }
    assert plan["evaluation"]["measured_baselines"]["time_budget_s"] == 60
    assert "L13" in {f["rule_id"] for f in plan["findings"]}


def test_bad_data_files_exit_2(tmp_path: Path, planted_csv: Path) -> None:
    missing = runner.invoke(app, ["profile", str(tmp_path / "nope.csv")])
    assert missing.exit_code == 2 and "not found" in missing.output
    bad_type = tmp_path / "data.xlsx"
    bad_type.write_bytes(b"PK")
    assert runner.invoke(app, ["profile", str(bad_type)]).exit_code == 2
    no_col = runner.invoke(app, ["profile", str(planted_csv), "--target", "nope"])
    assert no_col.exit_code == 2 and "--target 'nope'" in no_col.output
