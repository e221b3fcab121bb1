"""Plans keep every version with its parent and changes; lists page stably; LLM calls get rows."""

from __future__ import annotations

from datetime import UTC
from threading import Thread

import pytest
from sqlalchemy import text

from mlplan.domain import Plan, Review
from mlplan.errors import UserInputError
from mlplan.store import SqlStore


def test_save_get_and_versions_keep_parent_and_changes(store: SqlStore, expert_plan: Plan) -> None:
    v1 = store.save_plan(expert_plan, brief_text="churn brief", owner="key_a")
    assert v1.plan_id.startswith("pln_") and v1.version == 1 and v1.parent_version is None
    assert v1.created_at.tzinfo is not None and v1.created_at.utcoffset() == UTC.utcoffset(None)

    revised = expert_plan.model_copy(deep=True)
    revised.overview.title = "Revised: weekly churn scores for the retention team."
    v2 = store.save_plan(
        revised, brief_text="churn brief", plan_id=v1.plan_id, changes=["overview: weekly scores"]
    )
    assert (v2.version, v2.parent_version, v2.changes) == (2, 1, ["overview: weekly scores"])

    latest = store.get_plan(v1.plan_id)
    assert latest is not None and latest.version == 2
    assert latest.plan.overview.title.startswith("Revised")
    first = store.get_plan(v1.plan_id, version=1)
    assert first is not None and first.plan == expert_plan and first.owner == "key_a"
    assert first.brief_text == "churn brief" and first.created_at == v1.created_at

    versions = store.plan_versions(v1.plan_id)
    assert [(r.version, r.parent_version) for r in versions] == [(1, None), (2, 1)]
    assert store.get_plan("pln_missing") is None
    assert store.get_plan(v1.plan_id, version=9) is None
    assert store.plan_versions("pln_missing") == []


def test_a_revision_can_branch_from_an_older_version(store: SqlStore, expert_plan: Plan) -> None:
    v1 = store.save_plan(expert_plan, brief_text="b")
    store.save_plan(expert_plan, brief_text="b", plan_id=v1.plan_id)
    v3 = store.save_plan(expert_plan, brief_text="b", plan_id=v1.plan_id, parent_version=1)
    assert (v3.version, v3.parent_version) == (3, 1)
    with pytest.raises(UserInputError, match="no version 7"):
        store.save_plan(expert_plan, brief_text="b", plan_id=v1.plan_id, parent_version=7)


def test_concurrent_revisions_get_distinct_version_numbers(
    store: SqlStore, expert_plan: Plan
) -> None:
    v1 = store.save_plan(expert_plan, brief_text="b")
    errors: list[BaseException] = []

    def revise() -> None:
        try:
            store.save_plan(expert_plan, brief_text="b", plan_id=v1.plan_id)
        except BaseException as exc:
            errors.append(exc)

    threads = [Thread(target=revise) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert [r.version for r in store.plan_versions(v1.plan_id)] == list(range(1, 8))


def test_list_plans_pages_with_a_cursor_stable_under_inserts(
    store: SqlStore, expert_plan: Plan
) -> None:
    ids = [store.save_plan(expert_plan, brief_text=f"brief {i}").plan_id for i in range(25)]
    newest_first = list(reversed(ids))
    store.save_plan(expert_plan, brief_text="rev", plan_id=ids[3])  # a revision moves nothing

    page1, cursor = store.list_plans(limit=10)
    assert [r.plan_id for r in page1] == newest_first[:10]
    assert cursor is not None

    late = store.save_plan(expert_plan, brief_text="arrived between pages")

    page2, cursor = store.list_plans(limit=10, cursor=cursor)
    page3, end = store.list_plans(limit=10, cursor=cursor)
    assert [r.plan_id for r in page2] == newest_first[10:20]
    assert [r.plan_id for r in page3] == newest_first[20:]
    assert end is None

    seen = [r.plan_id for r in page1 + page2 + page3]
    assert len(seen) == len(set(seen)) == 25 and late.plan_id not in seen
    revised = next(r for r in page1 + page2 + page3 if r.plan_id == ids[3])
    assert revised.version == 2  # the list shows each plan's latest version

    again, _ = store.list_plans(limit=1)
    assert again[0].plan_id == late.plan_id


def test_list_plans_filters_by_owner_and_rejects_bad_cursors(
    store: SqlStore, expert_plan: Plan
) -> None:
    mine = [store.save_plan(expert_plan, brief_text="m", owner="key_me").plan_id for _ in range(3)]
    store.save_plan(expert_plan, brief_text="t", owner="key_them")
    page, cursor = store.list_plans(owner="key_me", limit=2)
    rest, end = store.list_plans(owner="key_me", limit=2, cursor=cursor)
    assert [r.plan_id for r in page + rest] == list(reversed(mine)) and end is None
    assert store.list_plans(owner="nobody") == ([], None)
    with pytest.raises(UserInputError, match="cursor"):
        store.list_plans(cursor="not-a-cursor")
    with pytest.raises(UserInputError):
        store.list_plans(limit=0)


def test_llm_calls_of_a_plan_get_one_row_each(store: SqlStore, llm_plan: Plan) -> None:
    assert llm_plan.meta.llm is not None
    record = store.save_plan(llm_plan, brief_text="churn")
    rows = store.llm_calls(record.plan_id)
    calls = llm_plan.meta.llm.calls
    assert len(rows) == len(calls) > 0
    assert [(r.section, r.attempt, r.outcome) for r in rows] == [
        (c.section, c.attempt, c.outcome) for c in calls
    ]
    assert sum(r.input_tokens for r in rows) == sum(c.input_tokens for c in calls)
    with store._read() as s:
        count = s.execute(
            text("SELECT count(*) FROM llm_calls WHERE plan_id = :p"), {"p": record.plan_id}
        ).scalar_one()
    assert count == len(calls)
    got = store.get_plan(record.plan_id)
    assert got is not None and got.plan.meta.llm == llm_plan.meta.llm


def test_expert_plans_have_no_llm_rows(store: SqlStore, expert_plan: Plan) -> None:
    record = store.save_plan(expert_plan, brief_text="b")
    assert store.llm_calls(record.plan_id) == []
    assert store.llm_calls("pln_missing") == []


def test_reviews_round_trip(store: SqlStore, review: Review) -> None:
    saved = store.save_review(review, source="plan.md", owner="U123")
    assert saved.review_id.startswith("rev_")
    got = store.get_review(saved.review_id)
    assert got is not None
    assert got.review == review and got.source == "plan.md" and got.owner == "U123"
    assert got.created_at == saved.created_at
    assert store.get_review("rev_missing") is None
