"""LLM plans run as jobs: 202, events over SSE (replayable), durable across a restart."""

from __future__ import annotations

import json

from mlplan.service import PlanService
from mlplan.testing import ScriptedChatClient

from .conftest import CHURN, Api, MakeApi, llm_service

PR_AUC = {
    "primary_metric": {"name": "pr_auc", "rationale": "4 % churn: PR-AUC tracks the rare class"}
}
ACCURACY = {"primary_metric": {"name": "accuracy", "rationale": "simple"}}


def _events(api: Api, job_id: str, last_id: str | None = None) -> list[dict]:
    headers = {"Last-Event-ID": last_id} if last_id else {}
    out: list[dict] = []
    with api.client.stream(
        "GET", f"/v1/jobs/{job_id}/events", headers={**api.auth, **headers}
    ) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        current: dict = {}
        for line in r.iter_lines():
            if line.startswith("id: "):
                current["id"] = line[4:]
            elif line.startswith("event: "):
                current["event"] = line[7:]
            elif line.startswith("data: "):
                current["data"] = json.loads(line[6:])
            elif line == "" and current:
                out.append(current)
                current = {}
    return out


def test_an_llm_plan_is_a_job_whose_events_stream_until_done(
    make_api: MakeApi, api_service: PlanService
) -> None:
    client = ScriptedChatClient({"evaluation": [ACCURACY, PR_AUC]})
    with make_api(llm_service(api_service, client)) as api:
        r = api.post("/v1/plans", json={"brief": CHURN, "llm": "local"})
        assert r.status_code == 202, r.text
        job = r.json()
        assert (
            job["state"] in ("queued", "running") and r.headers["location"] == job["links"]["self"]
        )

        events = _events(api, job["job_id"])
        names = [e["event"] for e in events]
        assert names[0] == "queued" and names[-1] == "done"
        assert ("repairing", "evaluation") in [(e["event"], e["data"]["section"]) for e in events]
        assert ("drafted", "evaluation") in [(e["event"], e["data"]["section"]) for e in events]
        assert [int(e["id"]) for e in events] == sorted(int(e["id"]) for e in events)

        done = api.get(f"/v1/jobs/{job['job_id']}").json()
        assert done["state"] == "done" and done["attempts"] == 1
        plan = api.get(done["links"]["result"]).json()["plan"]
        assert plan["evaluation"]["primary_metric"]["name"] == "pr_auc"
        assert plan["meta"]["drafter"] == "llm:scripted"

        # Last-Event-ID resumes after that event: only what came later is replayed.
        later = _events(api, job["job_id"], last_id=events[-3]["id"])
        assert [e["id"] for e in later] == [e["id"] for e in events[-2:]]

        metrics = api.client.get("/metrics").text
        assert 'mlplan_llm_tokens_total{direction="input",model="scripted"}' in metrics
        assert 'mlplan_jobs_total{kind="plan",state="done"} 1.0' in metrics


def test_an_llm_revision_is_a_job_that_makes_version_2(
    make_api: MakeApi, api_service: PlanService
) -> None:
    with make_api(llm_service(api_service, ScriptedChatClient({}))) as api:
        pid = api.post("/v1/plans", json={"brief": CHURN, "llm": "none"}).json()["plan_id"]
        r = api.post(f"/v1/plans/{pid}/revisions", json={"feedback": "Serve it online, p99 50 ms."})
        assert r.status_code == 202
        api.drain()
        job = api.get(f"/v1/jobs/{r.json()['job_id']}").json()
        assert job["state"] == "done" and job["result_id"] == pid
        v2 = api.get(f"/v1/plans/{pid}").json()
        assert v2["version"] == 2 and v2["changes"]


def test_a_failing_llm_job_ends_failed_with_a_reason(
    make_api: MakeApi, api_service: PlanService
) -> None:
    broken = llm_service(api_service, ScriptedChatClient({}))
    broken.settings = broken.settings.model_copy(
        update={"prompts_dir": api_service.settings.data_dir / "none"}
    )
    with make_api(broken) as api:
        r = api.post("/v1/plans", json={"brief": CHURN, "llm": "local", "prompts": "v404"})
        assert r.status_code == 202
        events = _events(api, r.json()["job_id"])
        assert events[-1]["event"] == "failed" and events[-1]["data"]["detail"]
        job = api.get(f"/v1/jobs/{r.json()['job_id']}").json()
        assert job["state"] == "failed" and job["error"]


def _left_running(api_store, attempts: int) -> str:
    """A job a crashed process was working on: claimed `attempts` times, still `running`."""
    job = api_store.create_job(
        "plan", {"brief": CHURN, "brief_text": CHURN, "llm": "local", "prompts": None}
    )
    for n in range(attempts):
        if n:
            api_store.recover_jobs(max_attempts=99)
        api_store.claim_job(job.job_id)
    assert api_store.get_job(job.job_id).state == "running"
    return job.job_id


def test_after_a_restart_a_job_left_running_is_requeued_and_completes(
    make_api: MakeApi, api_service: PlanService, store
) -> None:
    job_id = _left_running(store, attempts=1)
    with make_api(llm_service(api_service, ScriptedChatClient({})), api_job_max_attempts=2) as api:
        api.drain()
        job = api.get(f"/v1/jobs/{job_id}").json()
        assert job["state"] == "done" and job["attempts"] == 2
        assert api.get(f"/v1/plans/{job['result_id']}").status_code == 200
        assert _events(api, job_id)[-1]["event"] == "done"


def test_after_a_restart_a_job_out_of_attempts_is_failed_not_left_running(
    make_api: MakeApi, api_service: PlanService, store
) -> None:
    job_id = _left_running(store, attempts=2)
    with make_api(llm_service(api_service, ScriptedChatClient({})), api_job_max_attempts=2) as api:
        job = api.get(f"/v1/jobs/{job_id}").json()
        assert job["state"] == "failed" and job["error"]
        assert _events(api, job_id)[-1]["event"] == "failed"


def test_unknown_jobs_are_404(api: Api) -> None:
    assert api.get("/v1/jobs/job_nope").json()["error"]["code"] == "not_found"
    assert api.get("/v1/jobs/job_nope/events").status_code == 404
