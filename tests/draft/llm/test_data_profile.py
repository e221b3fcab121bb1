"""LLM mode with a data file: the section prompts quote the measured profile (figures and
column names, never a personal-data value) inside the delimited data block."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from mlplan.domain import Plan
from mlplan.draft.expert import ExpertDrafter
from mlplan.draft.llm import build_llm_drafter
from mlplan.service import PlanService
from mlplan.testing import ScriptedChatClient

pytest.importorskip("duckdb")

EMAIL = "user17@example.com"
SSN = "117-27-1017"


def _write_churn(path: Path, n: int = 1200, seed: int = 5) -> Path:
    """Customers over two years, a planted predictive leak, a post-outcome column, an e-mail
    and an SSN column (customer 17's values are the ones the prompts must never carry)."""
    rng = np.random.default_rng(seed)
    customers = rng.integers(0, n // 4, n)
    customers[0] = 17
    churned = rng.random(n) < 0.1
    days = np.sort(rng.integers(0, 730, n))
    lines = [
        "row_id,customer_id,event_date,contact_email,ssn,monthly_spend,refund_flag_score,"
        "cancellation_reason,churned"
    ]
    for i in range(n):
        c = int(customers[i])
        lines.append(
            f"{i + 1},C{c:05d},{np.datetime64('2022-01-01') + int(days[i])},user{c}@example.com,"
            f"{100 + c:03d}-{10 + c:02d}-{1000 + c:04d},{rng.gamma(2.0, 20.0):.2f},"
            f"{float(churned[i]) + rng.normal(0, 0.05):.4f},"
            f"{rng.choice(['price', 'moved']) if churned[i] else ''},{int(churned[i])}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def churn_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = _write_churn(tmp_path_factory.mktemp("llm-data") / "churn.csv")
    text = path.read_text(encoding="utf-8")
    assert EMAIL in text and SSN in text  # the values the prompts must not quote
    return path


def _system(client: ScriptedChatClient, section: str) -> str:
    for req in client.requests:
        if req["section"] == section:
            return str(req["messages"][0]["content"])  # type: ignore[index]
    raise AssertionError(f"no request for {section}")


def _user(client: ScriptedChatClient, section: str) -> str:
    for req in client.requests:
        if req["section"] == section:
            return str(req["messages"][1]["content"])  # type: ignore[index]
    raise AssertionError(f"no request for {section}")


def _data_block(prompt: str) -> str:
    assert "<<<DATA" in prompt and "DATA>>>" in prompt
    return prompt.split("<<<DATA", 1)[1].split("DATA>>>", 1)[0]


def test_a_plan_with_data_quotes_what_the_brief_measured(
    make_service: Callable[..., PlanService], churn_csv: Path
) -> None:
    client = ScriptedChatClient({})
    service = make_service(client)
    plan: Plan = service.plan(
        "Predict churn for our subscription service.",
        llm="local",
        data=churn_csv,
        target="churned",
    )
    profile = plan.data.profile
    assert profile is not None and profile.target is not None
    rate = f"{profile.target.positive_rate:.2%}"
    block = _data_block(_system(client, "features"))
    assert "refund_flag_score" in block and "cancellation_reason" in block  # leakage suspects
    assert rate in block  # the measured balance
    assert "contact_email" in block and "ssn" in block  # personal-data columns, by name
    sent = json.dumps([r["messages"] for r in client.requests])
    assert EMAIL not in sent and SSN not in sent and "user17" not in sent


def test_the_drafter_quotes_the_profile_itself_when_given(
    make_service: Callable[..., PlanService], churn_csv: Path
) -> None:
    client = ScriptedChatClient({})
    service = make_service(client)
    profiled = service.profile_data(churn_csv, target="churned", group_column="customer_id")
    profile = profiled.profile
    assert profile.target is not None and profile.target.positive_rate is not None
    from mlplan.understand.measured import ground_brief

    brief = ground_brief(service.understand("Predict churn for our subscription service."), profile)
    drafter = build_llm_drafter(
        service.settings, expert=ExpertDrafter(), retriever=None, client=client
    )
    drafter.draft(brief, profile=profile)
    for section in ("data", "features", "evaluation", "training"):
        block = _data_block(_system(client, section))
        assert "leakage suspects" in block and "'refund_flag_score' (predictive" in block
        assert "'cancellation_reason' (post outcome" in block
        assert f"positive class '1' is {profile.target.positive_rate:.2%}" in block
        assert "'customer_id' (" in block and "groups" in block  # the group key
        assert "'row_id'" in block  # an identifier
        assert "'contact_email' (email)" in block and "values withheld" in block
        assert "time axis: 'event_date'" in block and "Data Quality Index" in block
        assert "Data Availability Score" in block
    assert "Name every leakage suspect" in _user(client, "features")
    assert "group_time_based when the file has both" in _user(client, "training")
    sent = json.dumps([r["messages"] for r in client.requests])
    assert EMAIL not in sent and SSN not in sent and "user17" not in sent


def test_no_data_no_data_block(make_service: Callable[..., PlanService]) -> None:
    client = ScriptedChatClient({})
    make_service(client).plan("Predict churn; 10M rows; 4 % churn", llm="local")
    assert all("<<<DATA" not in _system(client, s) for s in ("data", "features"))
    assert "Name every leakage suspect" not in _user(client, "features")


def test_the_service_hands_the_profile_to_the_llm_and_a_revision_keeps_it(
    make_service: Callable[..., PlanService], churn_csv: Path
) -> None:
    """Through the service (as the CLI, API and Slack call it): the full profile view, not
    just the brief's facts, and a revision without a new file still shows the parent's data."""
    client = ScriptedChatClient({})
    service = make_service(client)
    brief = "Predict churn for our subscription service."
    first = service.plan(brief, llm="local", data=churn_csv, target="churned")
    block = _data_block(_system(client, "evaluation"))
    assert "Data Quality Index" in block and "Data Availability Score" in block
    client.requests.clear()
    service.plan(brief + " Latency under 50 ms.", llm="local", grounded_on=first)
    block = _data_block(_system(client, "evaluation"))
    assert "Data Quality Index" in block and "'cancellation_reason' (post outcome" in block
