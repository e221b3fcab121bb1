"""Health, readiness, metrics, knowledge search and the published OpenAPI schema."""

from __future__ import annotations

from mlplan.testing import MemoryStore

from .conftest import CHURN, Api, MakeApi


def test_health_and_readiness(api: Api) -> None:
    assert api.client.get("/healthz").json() == {"status": "ok", "checks": {}}
    ready = api.client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["checks"]["database"] == "ok"


def test_readyz_is_503_json_when_the_database_does_not_answer(make_api: MakeApi, store) -> None:
    if not isinstance(store, MemoryStore):
        store.ping = lambda: (_ for _ in ()).throw(ConnectionError("db down"))  # type: ignore[method-assign]
    else:
        store.fail_ping = True
    with make_api() as api:
        r = api.client.get("/readyz")
        assert r.status_code == 503
        assert r.json()["error"]["code"] == "not_ready"
        assert "database" in r.json()["error"]["message"]
        assert api.client.get("/healthz").status_code == 200


def test_metrics_count_requests_by_route_and_status(api: Api) -> None:
    api.post("/v1/plans", json={"brief": CHURN})
    api.get("/v1/plans/pln_missing")
    text = api.client.get("/metrics").text
    assert (
        'mlplan_http_request_duration_seconds_count{method="POST",route="/v1/plans",status="201"} 1.0'
        in text
    )
    assert 'route="/v1/plans/{plan_id}",status="404"' in text
    assert 'mlplan_plans_total{drafter="expert"} 1.0' in text
    assert "mlplan_llm_tokens_total" in text and "mlplan_llm_cache_hits_total" in text


def test_knowledge_search(api: Api) -> None:
    r = api.get("/v1/knowledge/search", params={"q": "class imbalance metric", "k": 3})
    assert r.status_code == 200
    results = r.json()["results"]
    assert 1 <= len(results) <= 3 and all(p["chunk_id"] and p["doc_id"] for p in results)
    scoped = api.get("/v1/knowledge/search", params={"q": "rollback", "section": "deployment"})
    assert scoped.status_code == 200 and scoped.json()["section"] == "deployment"


def test_openapi_is_published_with_bearer_auth_and_error_bodies(api: Api) -> None:
    schema = api.client.get("/openapi.json").json()
    paths = schema["paths"]
    for path in ("/v1/plans", "/v1/plans/{plan_id}", "/v1/plans/{plan_id}/revisions",
                 "/v1/plans/{plan_id}/versions", "/v1/reviews", "/v1/reviews/{review_id}",
                 "/v1/jobs/{job_id}", "/v1/jobs/{job_id}/events", "/v1/knowledge/search",
                 "/healthz", "/readyz", "/metrics"):  # fmt: skip
        assert path in paths, path
    create = paths["/v1/plans"]["post"]
    assert {"201", "202", "401", "413", "422", "429"} <= set(create["responses"])
    assert (
        "ErrorBody" in create["responses"]["422"]["content"]["application/json"]["schema"]["$ref"]
    )
    assert "multipart/form-data" in paths["/v1/reviews"]["post"]["requestBody"]["content"]
    assert schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
