"""Jobs are claimed once, log events in order, and survive a restart: re-run once, then fail."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest

from mlplan.errors import UserInputError
from mlplan.store import SqlStore


def test_job_lifecycle_create_claim_events_finish(store: SqlStore) -> None:
    job = store.create_job("plan", {"brief": "churn", "llm": "none"}, owner="key_a")
    assert job.job_id.startswith("job_")
    assert (job.state, job.attempts, job.request["brief"], job.owner) == (
        "queued",
        0,
        "churn",
        "key_a",
    )

    claimed = store.claim_job(job.job_id)
    assert claimed is not None and (claimed.state, claimed.attempts) == ("running", 1)
    assert store.claim_job(job.job_id) is None  # a second worker gets nothing
    assert store.claim_job("job_missing") is None

    for event, section in [("running", ""), ("drafted", "data"), ("validated", "")]:
        store.add_job_event(job.job_id, event, section=section, detail=f"{event} detail")
    events = store.job_events(job.job_id)
    assert [(e.seq, e.event, e.section) for e in events] == [
        (1, "running", ""),
        (2, "drafted", "data"),
        (3, "validated", ""),
    ]
    assert [e.event for e in store.job_events(job.job_id, after=1)] == ["drafted", "validated"]
    assert store.job_events(job.job_id, after=3) == []

    done = store.finish_job(job.job_id, result_id="pln_x")
    assert (done.state, done.result_id, done.error) == ("done", "pln_x", None)
    assert done.updated_at >= claimed.updated_at
    got = store.get_job(job.job_id)
    assert got is not None and got.state == "done"
    with pytest.raises(UserInputError, match="not running"):
        store.finish_job(job.job_id, error="late")


def test_a_failed_job_keeps_its_error(store: SqlStore) -> None:
    job = store.create_job("review", {"text": "# plan"})
    store.claim_job(job.job_id)
    failed = store.finish_job(job.job_id, error="LLM unavailable")
    assert (failed.state, failed.error, failed.result_id) == ("failed", "LLM unavailable", None)
    assert store.get_job("job_missing") is None
    with pytest.raises(UserInputError):
        store.finish_job("job_missing", result_id="x")
    with pytest.raises(UserInputError):
        store.add_job_event("job_missing", "running")


def test_only_one_of_many_concurrent_claims_wins(
    store: SqlStore, open_more: Callable[[], SqlStore]
) -> None:
    job = store.create_job("plan", {"brief": "b"})
    workers = [store, open_more(), open_more()]
    with ThreadPoolExecutor(max_workers=9) as pool:
        results = list(pool.map(lambda i: workers[i % 3].claim_job(job.job_id), range(9)))
    assert sum(r is not None for r in results) == 1
    got = store.get_job(job.job_id)
    assert got is not None and got.attempts == 1


def test_concurrent_events_get_distinct_ordered_seqs(store: SqlStore) -> None:
    job = store.create_job("plan", {"brief": "b"})
    store.claim_job(job.job_id)
    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(lambda i: store.add_job_event(job.job_id, "drafted", f"s{i}"), range(12)))
    events = store.job_events(job.job_id)
    assert [e.seq for e in events] == list(range(1, 13))
    assert sorted(e.section for e in events) == sorted(f"s{i}" for i in range(12))


def test_recover_requeues_an_interrupted_job_once_then_fails_it(
    store: SqlStore, open_more: Callable[[], SqlStore]
) -> None:
    crashed = store.create_job("plan", {"brief": "churn"})
    waiting = store.create_job("review", {"text": "# plan"})
    finished = store.create_job("plan", {"brief": "done"})
    store.claim_job(finished.job_id)
    store.finish_job(finished.job_id, result_id="pln_done")
    store.claim_job(crashed.job_id)  # ... and the process dies while it runs
    store.close()

    restarted = open_more()
    queued = restarted.recover_jobs(max_attempts=2)
    assert [j.job_id for j in queued] == [crashed.job_id, waiting.job_id]
    again = restarted.get_job(crashed.job_id)
    assert again is not None and (again.state, again.attempts) == ("queued", 1)
    assert restarted.job_events(crashed.job_id)[-1].event == "queued"

    assert restarted.claim_job(crashed.job_id) is not None  # second attempt; crashes again
    restarted.close()

    final = open_more()
    queued = final.recover_jobs(max_attempts=2)
    assert [j.job_id for j in queued] == [waiting.job_id]
    gave_up = final.get_job(crashed.job_id)
    assert gave_up is not None and gave_up.state == "failed" and gave_up.attempts == 2
    assert gave_up.error is not None and "gave up after 2" in gave_up.error
    last = final.job_events(crashed.job_id)[-1]
    assert last.event == "failed" and "interrupted 2" in last.detail
    done = final.get_job(finished.job_id)
    assert done is not None and done.state == "done"  # finished jobs are left alone
    assert final.recover_jobs(max_attempts=2) == queued  # nothing left running: idempotent


def test_create_job_rejects_unknown_kinds(store: SqlStore) -> None:
    with pytest.raises(UserInputError):
        store.create_job("train", {})  # type: ignore[arg-type]
