"""The Slack door's small parts: intents, Slack file URLs, event dedupe."""

from __future__ import annotations

import pytest

from mlplan.adapters.slack.commands import mentions, parse, parse_data_options
from mlplan.adapters.slack.dedupe import EventDeduper
from mlplan.adapters.slack.files import DATA_FILES, check_file, is_data_file, is_slack_file_url
from mlplan.errors import DataFileError, PlanFileError
from mlplan.testing import MemoryStore


@pytest.mark.parametrize(
    ("text", "kind", "rest"),
    [
        ("plan Predict churn", "plan", "Predict churn"),
        ("<@UBOT> plan Predict churn", "plan", "Predict churn"),
        ("Plan: fraud", "plan", "fraud"),
        ("review\n# My plan\n## Data", "review", "# My plan\n## Data"),
        ("review", "review", ""),
        ("", "help", ""),
        ("<@UBOT>", "help", ""),
        ("help", "help", ""),
        ("make it real-time", "other", "make it real-time"),
    ],
)
def test_parse(text: str, kind: str, rest: str) -> None:
    intent = parse(text)
    assert (intent.kind, intent.text) == (kind, rest)


def test_mentions() -> None:
    assert mentions("hey <@UBOT> plan", "UBOT")
    assert not mentions("hey <@UOTHER>", "UBOT")
    assert not mentions("hey", None)


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://files.slack.com/files-pri/T1-F1/plan.md", True),
        ("http://files.slack.com/files-pri/T1-F1/plan.md", False),
        ("https://files.slack.com.evil.example/plan.md", False),
        ("https://user:pw@files.slack.com/plan.md", False),
        ("https://evil.example/https://files.slack.com/plan.md", False),
        ("http://127.0.0.1:9999/api/files-pri/T1-F1/plan.md", True),
        ("http://127.0.0.1:9999/other/plan.md", False),
        ("http://127.0.0.1:9999/api/../other/plan.md", False),
        ("http://127.0.0.1:8888/api/files-pri/plan.md", False),
        ("not a url", False),
    ],
)
def test_only_slack_file_urls_get_the_token(url: str, ok: bool) -> None:
    assert is_slack_file_url(url, api_base_url="http://127.0.0.1:9999/api/") is ok


def test_check_file_refuses_what_cannot_be_reviewed() -> None:
    check_file({"name": "plan.docx", "size": 10})
    with pytest.raises(PlanFileError, match=r"unsupported file type '\.png'"):
        check_file({"name": "diagram.png", "size": 10})
    with pytest.raises(PlanFileError, match="at most 2,000,000"):
        check_file({"name": "plan.md", "size": 2_000_001})
    with pytest.raises(PlanFileError, match="not stored in Slack"):
        check_file({"name": "plan.md", "size": 1, "mode": "external"})


def test_dedupe_claims_each_event_once() -> None:
    dedupe = EventDeduper(MemoryStore())
    assert dedupe.first_delivery({"event_id": "Ev1"}, {})
    assert not dedupe.first_delivery({"event_id": "Ev1"}, {"x-slack-retry-num": ["1"]})
    assert dedupe.first_delivery({"event_id": "Ev2"}, {"x-slack-retry-num": ["1"]})
    assert dedupe.first_delivery({"command": "/mlplan"}, {})  # commands are not retried
    assert dedupe.first_delivery({"command": "/mlplan"}, {})


@pytest.mark.parametrize(
    ("text", "target", "time", "group", "rest"),
    [
        ("target=churned", "churned", None, None, ""),
        ("Target: churned, time=signup_date group-column=customer_id", "churned",
         "signup_date", "customer_id", ""),
        ("--target churned --time-column ts please", "churned", "ts", None, "please"),
        ("make it real-time target = `is churned`", "is churned", None, None, "make it real-time"),
        ('Predict churn. target:"Churn Flag"', "Churn Flag", None, None, "Predict churn."),
        ("time_col=ts; group_column=cid", None, "ts", "cid", ""),
        ("TARGET=a target=b", "b", None, None, ""),
        ("our target audience is small", None, None, None, "our target audience is small"),
        ("targets=5 real-time:yes", None, None, None, "targets=5 real-time:yes"),
        ("target=a&amp;b.", "a&b", None, None, ""),
    ],
)  # fmt: skip
def test_parse_data_options(
    text: str, target: str | None, time: str | None, group: str | None, rest: str
) -> None:
    options, remaining = parse_data_options(text)
    assert (options.target, options.time_column, options.group_column) == (target, time, group)
    assert remaining == rest


def test_check_file_for_data_uses_the_data_types_and_limit() -> None:
    check_file({"name": "churn.csv", "size": 10_000_000}, max_bytes=50 * 2**20, kind=DATA_FILES)
    check_file({"name": "x.parquet", "size": 1}, max_bytes=2**20, kind=DATA_FILES)
    with pytest.raises(DataFileError, match=r"unsupported file type '\.xlsx'.*CSV"):
        check_file({"name": "churn.xlsx", "size": 1}, max_bytes=2**20, kind=DATA_FILES)
    with pytest.raises(DataFileError, match=r"at most 52,428,800 bytes \(50 MB\)"):
        check_file({"name": "a.csv", "size": 60 * 2**20}, max_bytes=50 * 2**20, kind=DATA_FILES)
    assert is_data_file({"name": "A.TSV"}) and is_data_file({"name": "x.ndjson"})
    assert not is_data_file({"name": "plan.json"}) and not is_data_file({"id": "F1"})
