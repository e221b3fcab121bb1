"""API keys are stored as salted hashes only; idempotency records and Slack links round-trip."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from mlplan.errors import UserInputError
from mlplan.store import SqlStore


def test_api_key_secret_is_never_stored_in_plain_text(store: SqlStore) -> None:
    record, secret = store.create_api_key("ci")
    assert record.key_id.startswith("key_") and secret.startswith(record.prefix + "_")
    assert record.prefix.startswith("mlp_") and len(secret) > 40
    with store._read() as s:
        rows = s.execute(text("SELECT * FROM api_keys")).mappings().all()
    assert len(rows) == 1
    stored = " ".join(str(v) for v in rows[0].values())
    assert secret not in stored and secret[len(record.prefix) :] not in stored


def test_verify_accepts_the_secret_and_nothing_else(store: SqlStore) -> None:
    record, secret = store.create_api_key("ci")
    ok = store.verify_api_key(secret)
    assert ok is not None and ok.key_id == record.key_id and ok.last_used_at is not None
    assert store.verify_api_key(secret[:-1] + ("A" if secret[-1] != "A" else "B")) is None
    assert store.verify_api_key(record.prefix + "_wrong") is None
    assert store.verify_api_key("") is None
    assert store.verify_api_key("Bearer nonsense") is None
    listed = store.list_api_keys()
    assert [k.key_id for k in listed] == [record.key_id] and listed[0].last_used_at is not None


def test_revoked_keys_fail_verification(store: SqlStore) -> None:
    a, secret_a = store.create_api_key("alice")
    b, secret_b = store.create_api_key("bob")
    revoked = store.revoke_api_key(a.key_id)
    assert revoked is not None and revoked.revoked_at is not None
    assert store.verify_api_key(secret_a) is None
    by_name = store.revoke_api_key("bob")
    assert by_name is not None and by_name.key_id == b.key_id
    assert store.verify_api_key(secret_b) is None
    assert store.revoke_api_key("nobody") is None
    again = store.revoke_api_key(a.key_id)
    assert again is not None and again.revoked_at == revoked.revoked_at  # revoking twice: no-op


def test_list_shows_prefixes_only_and_names_stay_unique(store: SqlStore) -> None:
    record, secret = store.create_api_key("ci")
    with pytest.raises(UserInputError, match="already named"):
        store.create_api_key("ci")
    store.revoke_api_key("ci")
    renewed, _ = store.create_api_key("ci")  # a revoked key's name can be reused
    listed = store.list_api_keys()
    assert [k.key_id for k in listed] == [record.key_id, renewed.key_id]
    dumped = " ".join(k.model_dump_json() for k in listed)
    assert record.prefix in dumped and secret not in dumped


def test_idempotency_first_response_wins(store: SqlStore) -> None:
    assert store.idempotent_get("key_a", "req-1") is None
    store.idempotent_put("key_a", "req-1", "fp1", 202, {"job_id": "job_1"})
    store.idempotent_put("key_a", "req-1", "fp2", 500, {"error": "later"})
    assert store.idempotent_get("key_a", "req-1") == ("fp1", 202, {"job_id": "job_1"})
    assert store.idempotent_get("key_b", "req-1") is None  # keys are per owner


def test_slack_thread_links_a_plan(store: SqlStore) -> None:
    assert store.plan_for_thread("C1", "1700000000.000100") is None
    store.link_thread("C1", "1700000000.000100", "pln_a")
    assert store.plan_for_thread("C1", "1700000000.000100") == "pln_a"
    store.link_thread("C1", "1700000000.000100", "pln_b")
    assert store.plan_for_thread("C1", "1700000000.000100") == "pln_b"
    assert store.plan_for_thread("C2", "1700000000.000100") is None
