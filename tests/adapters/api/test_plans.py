"""Plans through the API: offline create, fetch as JSON and Markdown, list, revise, versions."""

from __future__ import annotations

from .conftest import CHURN, Api


def _plan(api: Api, brief: object = CHURN) -> dict:
    r = api.post("/v1/plans", json={"brief": brief})
    assert r.status_code == 201, r.text
    return r.json()


def test_an_offline_plan_is_created_and_fetched_as_json_and_markdown(api: Api) -> None:
    created = _plan(api)
    assert created["version"] == 1 and created["parent_version"] is None
    assert created["plan"]["brief"]["task_type"] == "binary_classification"
    assert created["plan"]["evaluation"]["primary_metric"]["name"]
    pid = created["plan_id"]

    got = api.get(f"/v1/plans/{pid}")
    assert got.status_code == 200
    assert got.json()["plan"] == created["plan"]

    md = api.get(f"/v1/plans/{pid}", headers={"Accept": "text/markdown"})
    assert md.headers["content-type"].startswith("text/markdown")
    assert md.text.startswith("# ML project plan")
    assert api.get(f"/v1/plans/{pid}.md").text == md.text
    assert api.get(f"/v1/plans/{pid}?version=1").json()["version"] == 1
    assert api.get(f"/v1/plans/{pid}?version=2").status_code == 404


def test_a_structured_brief_is_read_with_its_fields(api: Api) -> None:
    created = _plan(api, {"text": "Forecast daily demand per store", "task_type": "forecasting"})
    assert created["plan"]["brief"]["task_type"] == "forecasting"


def test_brief_text_that_looks_like_a_path_is_read_as_text_not_opened(api: Api) -> None:
    created = _plan(api, "/etc/hostname")
    assert created["plan"]["brief"]["raw_text"].startswith("/etc/hostname")


def test_bad_briefs_are_422_with_a_code(api: Api) -> None:
    r = api.post("/v1/plans", json={"brief": {"text": "predict churn", "bogus": 1}})
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "bad_brief"
    assert "/tmp" not in r.json()["error"]["message"]  # the private file's folder never leaks
    r = api.post("/v1/plans", json={"brief": "x" * 200_000})
    assert r.status_code == 422 and r.json()["error"]["code"] == "bad_brief"
    r = api.post("/v1/plans", json={"brief": CHURN, "prompts": "../../etc"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"


def test_plans_are_listed_newest_first_with_a_cursor(api: Api) -> None:
    ids = [_plan(api, f"{CHURN} Variant {n}.")["plan_id"] for n in range(3)]
    first = api.get("/v1/plans?limit=2").json()
    assert [p["plan_id"] for p in first["items"]] == ids[::-1][:2]
    assert first["next_cursor"]
    second = api.get(f"/v1/plans?limit=2&cursor={first['next_cursor']}").json()
    assert [p["plan_id"] for p in second["items"]] == [ids[0]]
    assert second["next_cursor"] is None
    bad = api.get("/v1/plans?cursor=not-a-cursor")
    assert bad.status_code in (400, 422) and bad.json()["error"]["code"]


def test_a_revision_is_version_2_and_lists_what_changed(api: Api) -> None:
    pid = _plan(api)["plan_id"]
    r = api.post(
        f"/v1/plans/{pid}/revisions",
        json={"feedback": "Serve predictions online in real time with p99 latency under 50 ms."},
    )
    assert r.status_code == 201, r.text
    v2 = r.json()
    assert (v2["plan_id"], v2["version"], v2["parent_version"]) == (pid, 2, 1)
    assert any(c.startswith("serving mode: batch -> ") for c in v2["changes"])
    assert any(c.startswith("p99 latency (ms)") for c in v2["changes"])
    assert "real time" in v2["brief_text"] and CHURN in v2["brief_text"]

    versions = api.get(f"/v1/plans/{pid}/versions").json()["versions"]
    assert [v["version"] for v in versions] == [1, 2]
    assert versions[0]["changes"] == [] and versions[1]["changes"] == v2["changes"]
    assert api.get(f"/v1/plans/{pid}").json()["version"] == 2
    assert (
        api.get(f"/v1/plans/{pid}?version=1").json()["plan"]["deployment"]["serving_mode"]
        == "batch"
    )


def test_brief_changes_make_a_revision_too(api: Api) -> None:
    pid = _plan(api)["plan_id"]
    r = api.post(f"/v1/plans/{pid}/revisions", json={"brief_changes": {"task_type": "regression"}})
    assert r.status_code == 201, r.text
    assert "task type: binary_classification -> regression" in r.json()["changes"]


def test_revision_needs_something_to_change_and_an_existing_plan(api: Api) -> None:
    pid = _plan(api)["plan_id"]
    r = api.post(f"/v1/plans/{pid}/revisions", json={"feedback": "  "})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"
    r = api.post("/v1/plans/pln_missing/revisions", json={"feedback": "online"})
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    assert api.get("/v1/plans/pln_missing/versions").status_code == 404
