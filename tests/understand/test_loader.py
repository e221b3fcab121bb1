"""Reading a brief from text or a file; refusing bad input with one readable line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mlplan.domain import Origin, Regulation, ServingMode, TaskType
from mlplan.errors import BriefError, UserInputError
from mlplan.understand import MAX_BRIEF_BYTES, load_brief, parse_text, read_brief_bytes

CHURN = "Predict churn for our subscription service; 10M CRM rows; ~4 % churn; GDPR applies."


def brief_error(arg: str) -> str:
    """The message a door would print; it must be one line and name no Python internals."""
    with pytest.raises(BriefError) as info:
        load_brief(arg)
    message = str(info.value)
    assert isinstance(info.value, UserInputError)  # doors map this to exit code 2
    assert "\n" not in message and "Traceback" not in message
    assert message == info.value.message
    return message


# --- text and text files -----------------------------------------------------------------


def test_text_argument_is_parsed_as_a_brief() -> None:
    brief = load_brief(CHURN)
    assert brief == parse_text(CHURN)
    assert brief.task_type is TaskType.BINARY_CLASSIFICATION


def test_long_single_line_text_is_not_mistaken_for_a_path() -> None:
    text = "Predict churn for our subscription customers using CRM and billing data. " * 8
    assert len(text) > 255 and "\n" not in text
    assert load_brief(text).task_type is TaskType.BINARY_CLASSIFICATION


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_text_file_is_read(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"brief{suffix}"
    path.write_text(CHURN + "\n", encoding="utf-8")
    brief = load_brief(str(path))
    assert brief.raw_text == CHURN + "\n"
    assert brief.total_rows == 10_000_000


def test_file_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "brief.txt"
    path.write_bytes(b"\xef\xbb\xbf" + CHURN.encode())
    assert load_brief(str(path)).raw_text == CHURN


def test_file_without_a_known_suffix_is_read_when_it_exists(tmp_path: Path) -> None:
    path = tmp_path / "BRIEF"
    path.write_text(CHURN, encoding="utf-8")
    assert load_brief(str(path)).regulations == [Regulation.GDPR]


# --- structured briefs -------------------------------------------------------------------


def test_yaml_fields_override_the_prose(tmp_path: Path) -> None:
    path = tmp_path / "brief.yaml"
    path.write_text(
        "text: |\n"
        "  Predict churn for our subscription service. Team of 3. Batch scoring is fine.\n"
        "team_size: 5\n"
        "serving_mode: realtime\n"
        "regulations: [gdpr, ccpa]\n",
        encoding="utf-8",
    )
    brief = load_brief(str(path))
    assert brief.team_size == 5
    assert brief.serving_mode is ServingMode.REALTIME
    assert brief.regulations == [Regulation.GDPR, Regulation.CCPA]
    assert brief.facts["team_size"].origin is Origin.STATED
    assert brief.facts["team_size"].reason == "set in the brief file"
    assert brief.task_type is TaskType.BINARY_CLASSIFICATION  # still read from the prose


def test_json_brief_with_text_and_fields(tmp_path: Path) -> None:
    path = tmp_path / "brief.json"
    payload = {"text": CHURN, "task_type": "multiclass_classification", "n_classes": 3}
    path.write_text(json.dumps(payload), encoding="utf-8")
    brief = load_brief(str(path))
    assert brief.task_type is TaskType.MULTICLASS_CLASSIFICATION
    assert brief.n_classes == 3
    assert brief.total_rows == 10_000_000


def test_explicit_task_drops_what_was_inferred_from_the_prose_task(tmp_path: Path) -> None:
    path = tmp_path / "brief.yaml"
    path.write_text("text: Predict churn.\ntask_type: regression\n", encoding="utf-8")
    brief = load_brief(str(path))
    assert brief.task_type is TaskType.REGRESSION
    assert brief.n_classes is None and "n_classes" not in brief.facts


def test_yaml_brief_without_text_uses_the_named_fields(tmp_path: Path) -> None:
    path = tmp_path / "brief.yml"
    path.write_text(
        "title: Demand forecast\n"
        "business_problem: Forecast weekly demand per store for the next 8 weeks\n"
        "team_size: 2\n",
        encoding="utf-8",
    )
    brief = load_brief(str(path))
    assert brief.task_type is TaskType.FORECASTING
    assert brief.title == "Demand forecast"
    assert brief.team_size == 2


# --- refusals ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n\t \n"])
def test_empty_or_whitespace_text_is_refused(text: str) -> None:
    assert "empty" in brief_error(text)


@pytest.mark.parametrize("content", [b"", b"   \n\n\t  "])
def test_empty_or_whitespace_file_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "brief.txt"
    path.write_bytes(content)
    message = brief_error(str(path))
    assert "empty" in message and str(path) in message


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "brief.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    message = brief_error(str(path))
    assert "binary" in message and str(path) in message


def test_mostly_unprintable_text_is_refused() -> None:
    with pytest.raises(BriefError, match="binary"):
        read_brief_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 20 + b"churn", name="brief")


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "brief.md"
    path.write_text("Predict churn. " * (MAX_BRIEF_BYTES // 10), encoding="utf-8")
    message = brief_error(str(path))
    assert "100,000 bytes" in message and str(path) in message


def test_oversized_text_is_refused() -> None:
    assert "at most 100,000 bytes" in brief_error("Predict churn.\n" * 8_000)


def test_invalid_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "brief.txt"
    path.write_bytes("Prédire le churn".encode("latin-1"))
    message = brief_error(str(path))
    assert "not UTF-8" in message and "byte 2" in message


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "brief.yaml"
    path.write_text("text: churn\nteam_size: 3\nregulations: [gdpr, ccpa\n", encoding="utf-8")
    message = brief_error(str(path))
    assert "not valid YAML" in message and "line 4" in message


def test_invalid_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "brief.json"
    path.write_text('{\n  "text": "churn",\n  "team_size": 3,\n}\n', encoding="utf-8")
    message = brief_error(str(path))
    assert "not valid JSON" in message and "line 4" in message


def test_yaml_list_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "brief.yaml"
    path.write_text("- predict churn\n- 10M rows\n", encoding="utf-8")
    assert "must hold a mapping of brief fields, not list" in brief_error(str(path))


def test_unknown_field_is_named(tmp_path: Path) -> None:
    path = tmp_path / "brief.yaml"
    path.write_text("text: Predict churn.\nteam_sise: 3\n", encoding="utf-8")
    assert "unknown field 'team_sise'" in brief_error(str(path))


def test_computed_fields_cannot_be_set(tmp_path: Path) -> None:
    path = tmp_path / "brief.yaml"
    path.write_text("text: Predict churn.\nfacts: {}\n", encoding="utf-8")
    assert "field 'facts'" in brief_error(str(path))


def test_wrong_enum_value_names_the_field(tmp_path: Path) -> None:
    path = tmp_path / "brief.yaml"
    path.write_text("text: Predict churn.\ntask_type: regresion\n", encoding="utf-8")
    message = brief_error(str(path))
    assert "field 'task_type'" in message and "regression" in message


def test_wrong_nested_value_names_the_path(tmp_path: Path) -> None:
    path = tmp_path / "brief.yaml"
    path.write_text(
        "text: Predict churn.\ndata_sources:\n  - name: crm\n    modality: video\n",
        encoding="utf-8",
    )
    assert "field 'data_sources.0.modality'" in brief_error(str(path))


def test_wrong_type_names_the_field(tmp_path: Path) -> None:
    path = tmp_path / "brief.json"
    path.write_text(json.dumps({"text": "Predict churn.", "team_size": "three"}), "utf-8")
    assert "field 'team_size'" in brief_error(str(path))


def test_text_field_must_be_text(tmp_path: Path) -> None:
    path = tmp_path / "brief.yaml"
    path.write_text("text: [predict, churn]\n", encoding="utf-8")
    assert "field 'text' must be text" in brief_error(str(path))


def test_structured_brief_needs_some_prose(tmp_path: Path) -> None:
    path = tmp_path / "brief.yaml"
    path.write_text("team_size: 3\n", encoding="utf-8")
    assert "give at least `text`" in brief_error(str(path))


@pytest.mark.parametrize("name", ["missing.yaml", "missing.json", "missing.txt", "missing.md"])
def test_missing_file_is_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    assert brief_error(str(path)) == f"brief file {path} does not exist"


def test_directory_is_refused(tmp_path: Path) -> None:
    assert "is a directory" in brief_error(str(tmp_path))
