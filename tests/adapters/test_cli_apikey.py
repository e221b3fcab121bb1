"""`mlplan apikey create|list|revoke` against the embedded SQLite store; the CLI stays light."""

from __future__ import annotations

import json
import subprocess
import sys

from typer.testing import CliRunner

from mlplan.adapters.cli import app
from mlplan.store import open_store

runner = CliRunner()


def test_a_key_is_printed_once_listed_by_prefix_and_revoked() -> None:
    created = runner.invoke(app, ["apikey", "create", "--name", "ci"])
    assert created.exit_code == 0, created.output
    secret = created.stdout.strip().splitlines()[0]
    assert secret.startswith("mlp_")

    listed = runner.invoke(app, ["apikey", "list", "--format", "json"])
    keys = json.loads(listed.stdout)
    assert [k["name"] for k in keys] == ["ci"] and secret.startswith(keys[0]["prefix"])
    assert secret not in listed.stdout

    store = open_store()
    try:
        assert store.verify_api_key(secret) is not None
        assert runner.invoke(app, ["apikey", "revoke", "ci"]).exit_code == 0
        assert store.verify_api_key(secret) is None
    finally:
        store.close()
    assert runner.invoke(app, ["apikey", "revoke", "no-such-key"]).exit_code == 2


def test_mlplan_plan_does_not_import_the_server_stack() -> None:
    code = (
        "import sys; from mlplan.adapters import cli; "
        "print(sorted(m for m in ('fastapi', 'starlette', 'sqlalchemy', 'uvicorn', "
        "'prometheus_client') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
