"""Every problem planted in a generated file is found, in CSV, Parquet and JSON Lines."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from mlplan.profile import profile_file
from mlplan.render.profile import render_profile_markdown

from ._planted import PLANTED, planted_rows


@pytest.fixture(scope="module")
def profiled(planted_csv: Path):  # type: ignore[no-untyped-def]
    return profile_file(planted_csv, target="churned").profile


def test_counts_types_and_target(profiled) -> None:  # type: ignore[no-untyped-def]
    assert profiled.total_rows == profiled.sample_rows == 6000
    assert not profiled.sampled
    assert len(profiled.columns) == len(planted_rows(10))
    t = profiled.target
    assert t is not None and t.kind == "binary" and t.positive_class == "1"
    assert 0.06 < (t.positive_rate or 0) < 0.10
    assert profiled.column("age").kind == "integer"
    assert profiled.column("plan_type").kind == "categorical"
    assert profiled.column("cancellation_reason").missing_share > 0.85


def test_leakage_suspects_are_named(profiled) -> None:  # type: ignore[no-untyped-def]
    kinds = {s.column: s.kind for s in profiled.leakage}
    assert kinds[PLANTED["leak_predictive"]] == "predictive"
    assert kinds[PLANTED["leak_post_outcome"]] == "post_outcome"
    assert kinds[PLANTED["row_id"]] == "identifier"
    # honest features are not suspects
    assert not {"age", "income", "monthly_spend", "support_calls", "plan_type"} & set(kinds)


def test_group_key_time_span_and_drift(profiled) -> None:  # type: ignore[no-untyped-def]
    assert profiled.group_key is not None
    assert profiled.group_key.column == PLANTED["group_key"]
    assert profiled.group_key.rows_per_group > 1.5
    assert profiled.time is not None and profiled.time.column == "event_date"
    assert profiled.time.granularity == "daily" and profiled.time.span_days > 700
    levels = {d.column: d.level for d in profiled.drift}
    assert levels[PLANTED["drifting"]] == "major"
    assert levels["age"] == "stable"


def test_personal_data_found_by_column_and_values_never_stored(profiled, planted_csv: Path) -> None:  # type: ignore[no-untyped-def]
    found = {p.column: p.kind for p in profiled.personal_data}
    for kind in ("email", "phone", "name", "national_id"):
        assert found[PLANTED[kind]] == kind
    dumped = profiled.model_dump_json() + render_profile_markdown(profiled)
    rows = planted_rows(6000)
    for col in ("contact_email", "phone", "full_name", "ssn"):
        assert not any(str(v) in dumped for v in rows[col][:200]), col


def test_constant_and_duplicate_columns_and_rows(tmp_path: Path, planted_csv: Path) -> None:
    dup = tmp_path / "dups.csv"
    lines = planted_csv.read_text(encoding="utf-8").splitlines()
    dup.write_text("\n".join([*lines, *lines[1:51]]) + "\n", encoding="utf-8")
    p = profile_file(dup).profile
    assert p.column(PLANTED["constant"]).constant
    assert p.column(PLANTED["duplicate"]).duplicate_of == "age"
    assert p.duplicate_rows == 50
    assert p.quality is not None and p.quality.uniqueness < 1.0


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_other_formats_give_the_same_facts(tmp_path: Path, planted_csv: Path, fmt: str) -> None:
    out = tmp_path / f"churn.{fmt}"
    spec = "(FORMAT parquet)" if fmt == "parquet" else "(FORMAT json)"
    duckdb.sql(f"COPY (SELECT * FROM read_csv('{planted_csv}')) TO '{out}' {spec}")
    p = profile_file(out, target="churned").profile
    assert p.file_format == fmt and p.total_rows == 6000
    assert {s.column for s in p.leakage} >= {"refund_flag_score", "cancellation_reason"}
    assert {c.column for c in p.personal_data} >= {"contact_email", "ssn"}


def test_large_files_are_sampled_with_a_stated_size(planted_csv: Path) -> None:
    p = profile_file(planted_csv, target="churned", max_rows=1000).profile
    assert p.sampled and p.sample_rows == 1000 and p.total_rows == 6000
    assert "1,000 of 6,000" in p.sample_method
    assert "refund_flag_score" in {s.column for s in p.leakage}


def test_quality_index_formula(profiled) -> None:  # type: ignore[no-untyped-def]
    q = profiled.quality
    expected = 100 * (
        0.35 * q.completeness + 0.25 * q.validity + 0.20 * q.uniqueness + 0.20 * q.consistency
    )
    assert q.index == pytest.approx(expected, abs=0.1)
    assert q.completeness < 1.0  # cancellation_reason is mostly empty


def test_a_named_id_column_is_not_mistaken_for_a_phone_number(tmp_path: Path) -> None:
    """`ssn` holding 3-3-4 digit groups looks like a phone number by value alone; the column
    name is the better witness, and a real phone column keeps its value-based basis."""
    path = tmp_path / "ids.csv"
    lines = ["ssn,mobile,amount"]
    lines += [
        f"{100 + i:03d}-{300 + i:03d}-{1000 + i:04d},+44 7700 9{i:05d},{i}" for i in range(200)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = {p.column: p for p in profile_file(path).profile.personal_data}
    assert found["ssn"].kind == "national_id" and "phone-shaped" in found["ssn"].basis
    assert found["mobile"].kind == "phone" and "sampled values" in found["mobile"].basis
