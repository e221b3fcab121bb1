"""The door's safety: API keys, anonymous mode, body size, rate limit, idempotency, CORS."""

from __future__ import annotations

from collections.abc import Iterator

from .conftest import CHURN, Api, MakeApi


def _is_error(r, status: int, code: str) -> None:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert r.json()["error"]["code"] == code
    assert r.json()["error"]["message"]


def test_requests_without_a_valid_key_are_401_and_revoked_keys_403(api: Api) -> None:
    _is_error(api.client.get("/v1/plans"), 401, "unauthorized")
    _is_error(
        api.client.get("/v1/plans", headers={"Authorization": "Bearer nope"}), 401, "unauthorized"
    )
    _is_error(
        api.client.get("/v1/plans", headers={"Authorization": "Basic abc"}), 401, "unauthorized"
    )
    assert api.client.get("/v1/plans").headers["www-authenticate"] == "Bearer"
    assert api.get("/v1/plans").status_code == 200
    record, secret = api.store.create_api_key("soon-revoked")
    ok = {"Authorization": f"Bearer {secret}"}
    assert api.client.get("/v1/plans", headers=ok).status_code == 200
    api.store.revoke_api_key(record.key_id)
    _is_error(api.client.get("/v1/plans", headers=ok), 403, "key_revoked")
    # Health, readiness, metrics and the schema need no key.
    for path in ("/healthz", "/readyz", "/metrics", "/openapi.json"):
        assert api.client.get(path).status_code == 200, path


def test_anonymous_mode_only_when_enabled(make_api: MakeApi) -> None:
    with make_api(api_anonymous=True) as api:
        r = api.client.post("/v1/plans", json={"brief": CHURN})
        assert r.status_code == 201 and r.json()["owner"] is None
        # A key that is sent must still be valid.
        bad = api.client.get("/v1/plans", headers={"Authorization": "Bearer nope"})
        _is_error(bad, 401, "unauthorized")


def test_bodies_over_the_limit_are_413_by_header_or_by_stream(make_api: MakeApi) -> None:
    with make_api(api_max_body_bytes=2_000) as api:
        big = {"brief": "x" * 5_000}
        _is_error(api.post("/v1/plans", json=big), 413, "body_too_large")

        def chunks() -> Iterator[bytes]:  # no Content-Length: the streamed body is counted
            yield b'{"brief": "'
            for _ in range(10):
                yield b"y" * 500
            yield b'"}'

        _is_error(
            api.post("/v1/plans", content=chunks(), headers={"Content-Type": "application/json"}),
            413,
            "body_too_large",
        )
        assert api.post("/v1/plans", json={"brief": CHURN}).status_code == 201


def test_the_rate_limit_is_per_key_and_says_when_to_retry(make_api: MakeApi) -> None:
    with make_api(api_rate_limit_per_minute=3) as api:
        for _ in range(3):
            assert api.get("/v1/plans").status_code == 200
        r = api.get("/v1/plans")
        _is_error(r, 429, "rate_limited")
        assert int(r.headers["retry-after"]) >= 1
        _, other = api.store.create_api_key("other")
        assert (
            api.client.get("/v1/plans", headers={"Authorization": f"Bearer {other}"}).status_code
            == 200
        )


def test_an_idempotency_key_replays_the_answer_and_refuses_a_different_body(api: Api) -> None:
    key = {"Idempotency-Key": "req-123"}
    first = api.post("/v1/plans", json={"brief": CHURN}, headers=key)
    again = api.post("/v1/plans", json={"brief": CHURN}, headers=key)
    assert first.status_code == again.status_code == 201
    assert again.json()["plan_id"] == first.json()["plan_id"]
    assert again.headers["idempotent-replayed"] == "true"
    assert len(api.get("/v1/plans").json()["items"]) == 1
    _is_error(
        api.post("/v1/plans", json={"brief": CHURN + " More."}, headers=key),
        409,
        "idempotency_conflict",
    )
    # The same key from another API key is another request.
    _, other = api.store.create_api_key("other")
    r = api.client.post(
        "/v1/plans",
        json={"brief": CHURN + " More."},
        headers={**key, "Authorization": f"Bearer {other}"},
    )
    assert r.status_code == 201 and "idempotent-replayed" not in r.headers


def test_cors_headers_only_when_origins_are_configured(make_api: MakeApi) -> None:
    origin = {"Origin": "https://app.example"}
    with make_api() as api:
        assert (
            "access-control-allow-origin" not in api.client.get("/healthz", headers=origin).headers
        )
    with make_api(api_cors_origins=["https://app.example"]) as api:
        r = api.client.get("/healthz", headers=origin)
        assert r.headers["access-control-allow-origin"] == "https://app.example"
        pre = api.client.options(
            "/v1/plans",
            headers={
                **origin,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization",
            },
        )
        assert pre.status_code == 200
        other = api.client.get("/healthz", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


def test_every_error_is_json_with_a_code(api: Api) -> None:
    cases = [
        api.get("/nope"),
        api.client.put("/v1/plans"),
        api.post("/v1/plans", content=b"{not json", headers={"Content-Type": "application/json"}),
        api.post("/v1/plans", json={"brief": CHURN, "llm": "gpt"}),
        api.post("/v1/plans", json={}),
        api.get("/v1/plans?limit=0"),
        api.get("/v1/plans/x?version=-1"),
        api.get("/v1/knowledge/search"),
        api.get("/v1/knowledge/search?q=metric&section=nope"),
        api.post("/v1/reviews", json={"text": ""}),
        api.post("/v1/reviews", json={"text": "   "}),
        api.post(
            "/v1/reviews",
            content=b"--x\r\nbroken",
            headers={"Content-Type": "multipart/form-data; boundary=x"},
        ),
        api.post("/v1/plans", json={"brief": CHURN}, headers={"Idempotency-Key": ""}),
        # NUL bytes and odd text in ids and cursors (PostgreSQL refuses NUL in strings).
        api.get("/v1/plans/a%00b"),
        api.get("/v1/plans/a%00b.md"),
        api.get("/v1/plans/a%00b/versions"),
        api.post("/v1/plans/a%00b/revisions", json={"feedback": "online"}),
        api.get("/v1/plans?cursor=%00"),
        api.get("/v1/plans?cursor=eyJ0IjoiXHUwMDAwIiwiaWQiOiJ4In0"),
        api.get("/v1/reviews/%00"),
        api.get("/v1/jobs/%00"),
        api.get("/v1/jobs/%00/events"),
        api.post("/v1/plans", json={"brief": "churn \u0000 model"}),
        api.post("/v1/reviews", json={"text": "# Plan\n\u0000\n"}),
    ]
    for r in cases:
        assert 400 <= r.status_code < 500, (r.request.url, r.status_code, r.text)
        assert r.json()["error"]["code"], r.text


def test_a_tampered_cursor_holding_a_nul_is_not_a_server_error(api: Api, store) -> None:
    """{"t": <valid time>, "id": "\\u0000"}: well-formed base64 JSON, refused before the database."""
    cursor = "eyJ0IjoiMjAyNC0wMS0wMVQwMDowMDowMCswMDowMCIsImlkIjoiXHUwMDAwIn0"
    response = api.get(f"/v1/plans?cursor={cursor}")
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"]
