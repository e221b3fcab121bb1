"""Phrasings a careful reader understands without a keyword list: label structure from how
the classes are described, rates named by the outcome itself, rows versus the entities that
produce them, and derived service numbers."""

from __future__ import annotations

import json

import pytest

from mlplan.domain import Modality, Origin, ProjectBrief, ServingMode, TaskType
from mlplan.understand import parse_structured, parse_text


@pytest.mark.parametrize(
    "text",
    [
        "Label incoming support emails with any of our 15 tags; 200k emails",
        "Tag songs by mood; a song can belong to several; 80k songs",
        "Classify product photos into 30 attributes - attributes are not mutually exclusive",
        "Each claim may receive more than one denial code; predict the codes from the claim text",
    ],
)
def test_several_labels_per_item_is_multilabel(text: str) -> None:
    assert parse_text(text).task_type is TaskType.MULTILABEL_CLASSIFICATION


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("Categorise inbound calls as billing, outage, sales or other; 50k transcripts", 4),
        ("Grade each weld photo as good, porous, cracked, or undercut; 12k photos", 4),
        ("Mark forum posts as harmless, borderline and abusive; 400k posts", 3),
    ],
)
def test_named_classes_are_counted(text: str, n: int) -> None:
    brief = parse_text(text)
    assert brief.task_type is TaskType.MULTICLASS_CLASSIFICATION
    assert brief.n_classes == n
    assert brief.origin("n_classes") is Origin.STATED


def test_two_named_outcomes_stay_binary() -> None:
    brief = parse_text("Classify card payments as fraudulent or genuine; 5M payments")
    assert brief.task_type is TaskType.BINARY_CLASSIFICATION
    assert brief.n_classes == 2


def test_a_count_of_commands_is_a_class_count() -> None:
    brief = parse_text("Recognise 12 voice commands for the car dashboard; 60k recordings")
    assert brief.task_type is TaskType.MULTICLASS_CLASSIFICATION
    assert brief.n_classes == 12


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("Predict which members will lapse at renewal; 40k members; 12 % lapse each year", 0.12),
        ("Detect counterfeit listings; 2M listings; roughly 0.5 % turn out counterfeit", 0.005),
        ("Identify pupils likely to repeat a year; 30k pupil records; 3 % repeat", 0.03),
    ],
)
def test_a_percentage_followed_by_the_outcome_is_the_positive_rate(text: str, rate: float) -> None:
    brief = parse_text(text)
    assert brief.positive_class_rate == pytest.approx(rate)
    assert brief.origin("positive_class_rate") is Origin.STATED


def test_a_percentage_about_something_else_is_not_a_rate() -> None:
    brief = parse_text("Predict house sale prices; 20k sales; prices rose 5 % last year")
    assert brief.positive_class_rate is None


def test_windows_are_rows_and_patients_are_entities() -> None:
    brief = parse_text(
        "Detect seizures in EEG recordings split into 30-second epochs; 500 patients; 2M epochs"
    )
    assert brief.total_rows == 2_000_000
    assert brief.n_entities == 500
    assert Modality.TIME_SERIES in brief.modalities
    assert brief.time_ordered is False and brief.origin("time_ordered") is Origin.INFERRED
    assert brief.group_key == "patient_id"


def test_clips_from_speakers_are_grouped_by_speaker() -> None:
    brief = parse_text("Spot 20 keywords; 50k two-second clips from 600 speakers")
    assert brief.group_key == "speaker_id"
    assert brief.n_entities == 600


@pytest.mark.parametrize(
    "text",
    [
        "Fall detection that runs on a wearable from accelerometer data; 3k labelled falls",
        "Gesture recognition on the smartwatch, fully on-device; 40k gesture recordings",
        "The model runs on each drone to spot damaged power lines in photos",
    ],
)
def test_device_wording_means_edge_serving(text: str) -> None:
    assert parse_text(text).serving_mode is ServingMode.EDGE


@pytest.mark.parametrize(
    "text",
    [
        "Predict support ticket volume per day; demand depends on device type; 3 years of data",
        "Predict churn of our smartwatch subscription customers; 2M customers",
    ],
)
def test_devices_named_as_context_are_not_edge_serving(text: str) -> None:
    assert parse_text(text).serving_mode is not ServingMode.EDGE


def test_a_daily_volume_of_scored_records_gives_a_throughput() -> None:
    brief = parse_text("Flag malicious connections as they arrive; 50M connections per day")
    assert brief.throughput_rps == pytest.approx(50e6 / 86_400, rel=1e-3)


@pytest.mark.parametrize(
    "text",
    [
        "Flag pupils at risk of failing the year so teachers can intervene; 20k pupil records; FERPA",
        "Find students who may drop out of the programme; 9k student records; FERPA",
    ],
)
def test_at_risk_flags_about_students_affect_people(text: str) -> None:
    brief = parse_text(text)
    assert brief.affects_people is True
    assert brief.origin("affects_people") is Origin.INFERRED


def test_credit_applications_are_time_ordered() -> None:
    brief = parse_text("Score mortgage applications; 400k applications; 4 % bad rate; ECOA")
    assert brief.time_ordered is True


def _structured(fields: dict[str, object]) -> ProjectBrief:
    return parse_structured(json.dumps(fields), name="brief.json", suffix=".json")


def test_structured_latency_field_implies_online_serving() -> None:
    brief = _structured({"text": "Predict churn; 1M customers; 5 % churn", "latency_p99_ms": 80})
    assert brief.serving_mode is ServingMode.REALTIME
    assert brief.origin("serving_mode") is Origin.INFERRED


def test_structured_request_rate_field_implies_online_serving() -> None:
    brief = _structured({"text": "Predict churn; 1M customers", "throughput_rps": 400})
    assert brief.serving_mode is ServingMode.REALTIME


def test_structured_serving_mode_field_wins_over_latency() -> None:
    fields = {"text": "Predict churn", "latency_p99_ms": 80, "serving_mode": "batch"}
    assert _structured(fields).serving_mode is ServingMode.BATCH


def test_snapshots_and_measurements_are_rows() -> None:
    from mlplan.understand import load_brief

    assert (
        load_brief("Predict lapse; 3.5M monthly policy snapshots; 2 % lapse").total_rows
        == 3_500_000
    )
    assert load_brief("Flag faulty meters from 40M hourly measurements").total_rows == 40_000_000
