"""POST /v1/plans with a data file: checked at once, profiled in a job, the plan grounded on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlplan.testing import CHURN_DATA_PII, write_churn_csv

from .conftest import Api, MakeApi

BRIEF = "Predict which subscribers churn next month from our CRM data; GDPR applies."


@pytest.fixture(scope="module")
def churn_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_churn_csv(tmp_path_factory.mktemp("upload") / "crm_export.csv")


def _upload(api: Api, path: Path, *, name: str | None = None, **fields: str) -> object:
    files = {"data": (name or path.name, path.read_bytes(), "text/csv")}
    return api.post("/v1/plans", data={"brief": BRIEF, **fields}, files=files)


def _uploads(api: Api) -> list[Path]:
    root = api.client.app.state.ctx.settings.data_dir / "uploads"  # type: ignore[attr-defined]
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _finished_plan(api: Api, response: object) -> dict:
    assert response.status_code == 202, response.text  # type: ignore[attr-defined]
    job_id = response.json()["job_id"]  # type: ignore[attr-defined]
    api.drain()
    job = api.get(f"/v1/jobs/{job_id}").json()
    assert job["state"] == "done", job
    return api.get(f"/v1/plans/{job['result_id']}").json()


def test_an_uploaded_csv_grounds_the_plan_and_is_deleted_after_the_job(
    api: Api, churn_csv: Path
) -> None:
    response = _upload(api, churn_csv, target="churned", time_column="signup")
    record = _finished_plan(api, response)
    plan = record["plan"]
    profile = plan["data"]["profile"]
    assert profile["source"] == "crm_export.csv" and profile["total_rows"] == 600
    assert [s["column"] for s in profile["leakage"]] == ["cancel_reason"]
    assert any(f["rule_id"] == "L13" and "cancel_reason" in f["message"] for f in plan["findings"])
    baselines = plan["evaluation"]["measured_baselines"]
    assert baselines["results"] and baselines["test_rows"] > 0
    assert "contact_email" in [p["column"] for p in profile["personal_data"]]
    assert CHURN_DATA_PII not in api.get(f"/v1/plans/{record['plan_id']}.md").text
    assert CHURN_DATA_PII not in str(record)
    assert _uploads(api) == []  # the upload lives only as long as its job


def test_the_job_reports_profiling_and_baselines_as_events(api: Api, churn_csv: Path) -> None:
    response = _upload(api, churn_csv, target="churned")
    _finished_plan(api, response)
    job_id = response.json()["job_id"]
    with api.client.stream("GET", f"/v1/jobs/{job_id}/events", headers=api.auth) as r:
        events = [line[7:] for line in r.iter_lines() if line.startswith("event: ")]
    assert events.index("profiling") < events.index("measuring") < events.index("done")


def test_a_target_that_is_not_a_column_is_refused_at_once_and_nothing_is_kept(
    api: Api, churn_csv: Path
) -> None:
    response = _upload(api, churn_csv, target="cancelled")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "bad_data_file"
    assert "'cancelled'" in error["message"] and "churned" in error["message"]
    assert str(api.client.app.state.ctx.settings.data_dir) not in error["message"]  # type: ignore[attr-defined]
    assert _uploads(api) == [] and api.get("/v1/plans").json()["items"] == []


def test_a_data_file_over_the_limit_is_413_and_leaves_nothing(
    make_api: MakeApi, churn_csv: Path
) -> None:
    with make_api(max_data_bytes=4_096) as api:
        response = _upload(api, churn_csv, target="churned")
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "body_too_large"
        assert _uploads(api) == []


def test_a_chunked_upload_without_length_is_cut_off_at_the_limit(
    make_api: MakeApi, churn_csv: Path
) -> None:
    import httpx

    request = httpx.Request(
        "POST",
        "http://test/v1/plans",
        data={"brief": BRIEF},
        files={"data": ("big.csv", churn_csv.read_bytes() * 4, "text/csv")},
    )
    body = request.read()

    def chunks():  # no Content-Length: the limit must hold while streaming
        for i in range(0, len(body), 8192):
            yield body[i : i + 8192]

    with make_api(max_data_bytes=16_384) as api:
        headers = {**api.auth, "content-type": request.headers["content-type"]}
        response = api.client.post("/v1/plans", content=chunks(), headers=headers)
        assert response.status_code == 413
        assert _uploads(api) == []


def test_a_small_upload_within_the_data_limit_passes_the_body_limit(
    make_api: MakeApi, churn_csv: Path
) -> None:
    """The data file may be larger than the JSON body limit: uploads have their own."""
    with make_api(api_max_body_bytes=4_096) as api:
        assert churn_csv.stat().st_size > 4_096
        _finished_plan(api, _upload(api, churn_csv, target="churned"))
        too_big = api.post("/v1/plans", json={"brief": "x" * 5_000})
        assert too_big.status_code == 413


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("sheet.xlsx", b"PK\x03\x04 binary", "unsupported data file type"),
        ("empty.csv", b"", "empty"),
        ("rows.parquet", b"not parquet at all", "cannot be read"),
    ],
)
def test_bad_data_files_get_a_clear_422(
    api: Api, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    response = _upload(api, path)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "bad_data_file"
    assert message in response.json()["error"]["message"]
    assert _uploads(api) == []


def test_multipart_without_a_data_part_or_brief_is_invalid(api: Api, churn_csv: Path) -> None:
    no_file = api.post("/v1/plans", data={"brief": BRIEF}, files={"other": ("a.txt", b"x")})
    assert no_file.status_code == 422
    only_brief = api.post(
        "/v1/plans", data={"brief": BRIEF}, files={"data": ("", b"")}
    )  # an empty file field is what a form sends when nothing was chosen
    assert only_brief.status_code == 422
    no_brief = api.post(
        "/v1/plans", data={"target": "churned"}, files={"data": ("a.csv", churn_csv.read_bytes())}
    )
    assert no_brief.status_code == 422
    assert no_brief.json()["error"]["code"] == "invalid_request"


def test_a_revision_keeps_the_measured_grounding_without_a_new_upload(
    api: Api, churn_csv: Path
) -> None:
    first = _finished_plan(api, _upload(api, churn_csv, target="churned"))
    revised = api.post(
        f"/v1/plans/{first['plan_id']}/revisions",
        json={"feedback": "Scores are needed once a day for the retention team."},
    )
    assert revised.status_code == 201, revised.text
    plan = revised.json()["plan"]
    assert plan["data"]["profile"]["total_rows"] == 600
    same_split = (
        plan["training"]["split"]["strategy"]
        == first["plan"]["evaluation"]["measured_baselines"]["split"]
    )
    assert (plan["evaluation"]["measured_baselines"] is not None) == same_split
    assert any(f["rule_id"] == "L13" for f in plan["findings"])


def test_a_job_whose_upload_is_gone_fails_with_a_reason(make_api: MakeApi, store) -> None:
    job = store.create_job(
        "plan",
        {
            "brief": BRIEF,
            "brief_text": BRIEF,
            "llm": "none",
            "data": {"path": "/nonexistent/uploads/x/crm.csv", "name": "crm.csv"},
        },
        owner=None,
    )
    store.claim_job(job.job_id)  # left running by a process that died
    with make_api() as api:
        api.drain()
        failed = api.get(f"/v1/jobs/{job.job_id}").json()
        assert failed["state"] == "failed"
        assert "crm.csv is no longer on the server" in failed["error"]


def test_a_server_without_the_data_extra_says_which_extra_to_install(
    api: Api, churn_csv: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "duckdb" else real(name, *a)
    )
    response = _upload(api, churn_csv, target="churned")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_config"
    assert "mlplan[data]" in response.json()["error"]["message"]
    assert _uploads(api) == []
