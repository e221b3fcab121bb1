"""Slack's limits (50 blocks a message, 3,000 characters a text) without silent truncation."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlplan.adapters.slack import blocks as bk
from mlplan.domain import Finding, Plan
from mlplan.domain.enums import Section, Severity
from mlplan.service import PlanService

from .conftest import CHURN, MakeBot
from .test_plan_flow import _texts


def _findings(n: int, *, long: bool = False) -> list[Finding]:
    severities = [Severity.ERROR, Severity.WARNING, Severity.INFO]
    return [
        Finding(
            rule_id=f"T{i:02d}",
            severity=severities[i % 3],
            section=Section.EVALUATION,
            message=(f"finding {i} " + "x" * 4000) if long else f"finding number {i}",
            fix=f"fix {i}",
        )
        for i in range(n)
    ]


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=9000))
def test_split_text_keeps_every_non_blank_character(text: str) -> None:
    pieces = bk.split_text(text)
    assert all(0 < len(p) <= bk.MAX_TEXT for p in pieces)
    assert "".join("".join(p.split()) for p in pieces) == "".join(text.split())


def test_a_long_finding_continues_in_another_block_instead_of_being_cut() -> None:
    blocks = bk.finding_blocks(_findings(1, long=True))
    assert len(blocks) >= 2
    assert all(len(b["text"]["text"]) <= bk.MAX_TEXT for b in blocks)
    assert "fix 0" in blocks[-1]["text"]["text"]


def test_split_messages_respects_the_block_limit_and_order() -> None:
    blocks: list[dict[str, Any]] = [{"type": "section", "n": i} for i in range(120)]
    messages = bk.split_messages(blocks)
    assert [len(m) for m in messages] == [50, 50, 20]
    assert [b["n"] for m in messages for b in m] == list(range(120))


def test_headers_stay_within_slacks_limit_and_show_the_cut() -> None:
    block = bk.header("x" * 400)
    assert len(block["text"]["text"]) == bk.MAX_HEADER and block["text"]["text"].endswith("…")


def test_user_text_is_escaped() -> None:
    assert bk.escape("<!channel> & <@U1>") == "&lt;!channel&gt; &amp; &lt;@U1&gt;"


def test_findings_past_the_cap_are_counted_not_dropped() -> None:
    blocks = bk.finding_blocks(_findings(70), limit=50)
    assert blocks[-1]["type"] == "context" and "+20 more in the file" in _texts(blocks[-1:])


@pytest.fixture
def sixty_findings(slack_service: PlanService, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every plan comes back with 60 findings: a summary well past one message's 50 blocks."""
    real = slack_service.plan

    def plan(*args: Any, **kwargs: Any) -> Plan:
        return real(*args, **kwargs).model_copy(update={"findings": _findings(60)})

    monkeypatch.setattr(slack_service, "plan", plan)


def test_a_sixty_block_plan_is_split_over_several_messages(
    make_bot: MakeBot, sixty_findings: None
) -> None:
    with make_bot() as bot:
        ts = bot.mention(f"plan {CHURN}")
        bot.stub.wait_uploads(1)
        parts = [p for p in bot.stub.posted() if p.get("blocks")]
        assert len(parts) >= 2
        assert all(len(p["blocks"]) <= bk.MAX_BLOCKS for p in parts)
        assert all(p["thread_ts"] == ts for p in parts)
        assert parts[0]["text"].endswith(f"(1/{len(parts)})")
        every = [b for p in parts for b in p["blocks"]]
        assert every[0]["type"] == "header"
        for b in every:
            if b["type"] == "section" and "text" in b:
                assert len(b["text"]["text"]) <= bk.MAX_TEXT
        text = _texts(every)
        shown = [i for i in range(60) if f"finding number {i}\n" in text + "\n"]
        assert len(shown) == bk.MAX_FINDINGS_SHOWN
        assert "+10 more in the file" in text
        # errors first
        assert text.index("finding number 0") < text.index("finding number 1")
        content = bot.stub.calls_to("POST upload")[0].body.decode()
        assert all(f"finding number {i}" in content for i in range(60))


def test_the_data_summary_of_a_big_sampled_file_stays_compact(slack_service: PlanService) -> None:
    from mlplan.domain import (
        ColumnProfile,
        DataProfile,
        LeakageSuspect,
        PersonalDataColumn,
        TargetProfile,
    )

    columns = [
        ColumnProfile(name=f"col_{i}_" + "x" * 200, kind="numeric", missing_share=0.0,
                      n_unique=10, unique_share=0.1)
        for i in range(40)
    ]  # fmt: skip
    profile = DataProfile(
        source="sales<!channel>.parquet",
        file_format="parquet",
        total_rows=1_000_000,
        sample_rows=200_000,
        sampled=True,
        sample_method="uniform reservoir sample of 200,000 of 1,000,000 rows (seed 42)",
        columns=columns,
        target=TargetProfile(column="revenue", kind="regression", missing_share=0.0,
                             mean=1234.5, std=10.0, skew=2.5, minimum=0.0, median=900.0,
                             maximum=1e6),
        leakage=[LeakageSuspect(column=c.name, kind="predictive", score=0.99, detail="")
                 for c in columns],
        personal_data=[PersonalDataColumn(column="e`mail", kind="email", basis="name")],
    )  # fmt: skip
    plan = slack_service.plan(CHURN)
    plan = plan.model_copy(update={"data": plan.data.model_copy(update={"profile": profile})})
    blocks = bk.data_blocks(plan)
    assert all(len(b["text"]["text"]) <= bk.MAX_TEXT for b in blocks)
    text = _texts(blocks)
    assert "200,000 of 1,000,000 rows profiled (uniform sample)" in text
    assert "Target `revenue`: regression, mean 1,234, median 900, skew 2.50" in text
    assert "+32 more" in text and "`e'mail` (email)" in text
    assert "<!channel>" not in text and "&lt;!channel&gt;" in text
    assert len(text) < 2500
    # the plan summary carries it
    assert "*Data: `sales&lt;!channel&gt;.parquet`*" in _texts(
        bk.plan_blocks(plan, plan_id="pln_x", version=1)
    )
