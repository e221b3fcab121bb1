"""The container packaging keeps its promises, checked without Docker: the Dockerfile is
multi-stage, runs as a non-root user, bakes the knowledge index and has a health check;
docker-compose.yml wires the API to PostgreSQL and Chroma with health checks and no secrets."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
INTERPOLATION = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)\}")
SECRET_NAME = re.compile(r"PASSWORD|SECRET|TOKEN|API_KEY", re.IGNORECASE)

Instruction = tuple[str, str]


def dockerfile_stages(text: str) -> list[list[Instruction]]:
    """Instructions (KEYWORD, arguments) per build stage; the first list holds global ARGs."""
    instructions: list[Instruction] = []
    buf = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue  # blank lines and comments, also inside a continued instruction
        if line.endswith("\\"):
            buf += line[:-1].rstrip() + " "
            continue
        keyword, _, args = (buf + line).partition(" ")
        instructions.append((keyword.upper(), args.strip()))
        buf = ""
    assert not buf, "Dockerfile ends inside a continued instruction"
    stages: list[list[Instruction]] = [[]]
    for keyword, args in instructions:
        if keyword == "FROM":
            stages.append([])
        stages[-1].append((keyword, args))
    return stages


@pytest.fixture(scope="module")
def stages() -> list[list[Instruction]]:
    return dockerfile_stages((ROOT / "Dockerfile").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _args(stage: list[Instruction], keyword: str) -> list[str]:
    return [args for kw, args in stage if kw == keyword]


def _index(stage: list[Instruction], keyword: str, needle: str = "") -> int:
    """Position of the first `keyword` instruction whose arguments contain `needle`."""
    for i, (kw, args) in enumerate(stage):
        if kw == keyword and needle in args:
            return i
    raise AssertionError(f"no {keyword} {needle!r} in this stage")


def _exec_form(args: str) -> list[str]:
    value = json.loads(args)
    assert isinstance(value, list), f"not exec (JSON) form: {args}"
    return [str(v) for v in value]


# -- Dockerfile ----------------------------------------------------------------------------


def test_dockerfile_is_multi_stage_from_a_pinned_slim_python(
    stages: list[list[Instruction]],
) -> None:
    builds = stages[1:]
    assert len(builds) >= 2
    assert builds[0][0][1].endswith("AS builder")
    images = [args.split()[0] for args in (stage[0][1] for stage in builds)]
    global_args = dict(a.split("=", 1) for a in _args(stages[0], "ARG") if "=" in a)
    resolved = [INTERPOLATION.sub(lambda m: global_args[m.group(1)], i) for i in images]
    for image in resolved:
        name, _, tag = image.partition(":")
        assert name == "python", image
        assert re.fullmatch(r"3\.11\.\d+-slim(-\w+)?", tag), f"base image not pinned: {image}"
    assert any("COPY --from=builder" in f"{kw} {a}" for kw, a in builds[-1])


def test_builder_builds_a_wheel_with_the_server_llm_and_data_extras_only(
    stages: list[list[Instruction]],
) -> None:
    builder = stages[1]
    runs = " ".join(_args(builder, "RUN"))
    assert "pip wheel" in runs
    extras = dict(a.split("=", 1) for a in _args(builder, "ARG") if "=" in a)["MLPLAN_EXTRAS"]
    assert set(extras.split(",")) == {"server", "llm", "data"}  # never dev or local-llm
    pip_installs = [r for r in _args(builder, "RUN") if "pip install" in r or "pip wheel" in r]
    assert pip_installs and all("--no-cache-dir" in r for r in pip_installs)


def test_runtime_runs_as_a_non_root_user_and_serves_on_8000(
    stages: list[list[Instruction]],
) -> None:
    runtime = stages[-1]
    users = _args(runtime, "USER")
    assert users, "the runtime stage never leaves root"
    assert users[-1].split(":")[0] not in ("root", "0")
    cmd = _index(runtime, "CMD")
    assert _index(runtime, "USER") < cmd
    assert _exec_form(runtime[cmd][1]) == [
        "mlplan", "serve", "--host", "0.0.0.0", "--port", "8000",
    ]  # fmt: skip
    assert _args(runtime, "EXPOSE") == ["8000"]
    env = " ".join(_args(runtime, "ENV"))
    for setting in ("PYTHONDONTWRITEBYTECODE=1", "PYTHONUNBUFFERED=1", "MLPLAN_DATA_DIR=/data"):
        assert setting in env
    assert any("org.opencontainers.image.title" in label for label in _args(runtime, "LABEL"))


def test_knowledge_index_is_built_at_image_build_time_before_the_volume(
    stages: list[list[Instruction]],
) -> None:
    runtime = stages[-1]
    ingest = _index(runtime, "RUN", "mlplan kb ingest")
    assert _index(runtime, "USER") < ingest, "the index must belong to the runtime user"
    # Docker initialises an empty named volume from the image's /data, so the baked index
    # has to be written before VOLUME declares /data.
    assert ingest < _index(runtime, "VOLUME", "/data")


def test_healthcheck_asks_healthz_with_the_python_stdlib(
    stages: list[list[Instruction]],
) -> None:
    (check,) = _args(stages[-1], "HEALTHCHECK")
    command = _exec_form(check.split(" CMD ", 1)[1])
    assert command[:2] == ["python", "-c"]
    assert "urllib.request" in command[2] and "/healthz" in command[2]


def test_dockerignore_keeps_secrets_and_local_state_out_of_the_context() -> None:
    ignored = set((ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines())
    for entry in (".env", ".venv/", ".ci-venv/", ".git/", ".pytest_cache/", "evals/runs/"):
        assert entry in ignored, entry


# -- docker-compose.yml --------------------------------------------------------------------


def _env(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {str(k): str(v) for k, v in env.items()}


def _resolve(value: str) -> str:
    """Compose interpolations replaced by the variable name, lower-cased (URL-safe)."""
    return INTERPOLATION.sub(lambda m: m.group(1).lower(), value)


def test_compose_has_the_three_services_with_health_checks(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert {"api", "postgres", "chroma"} <= set(services)
    for name in ("api", "postgres", "chroma"):
        test = services[name]["healthcheck"]["test"]
        assert test and test[0] in ("CMD", "CMD-SHELL"), name
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert services["postgres"]["image"].startswith("postgres:15")
    chroma_image = services["chroma"]["image"]
    assert chroma_image.startswith("chromadb/chroma:") and not chroma_image.endswith(":latest")


def test_compose_api_healthcheck_is_the_images(
    compose: dict[str, Any], stages: list[list[Instruction]]
) -> None:
    (check,) = _args(stages[-1], "HEALTHCHECK")
    image_command = _exec_form(check.split(" CMD ", 1)[1])
    assert compose["services"]["api"]["healthcheck"]["test"] == ["CMD", *image_command]


def test_api_uses_postgres_and_the_chroma_server_once_they_are_healthy(
    compose: dict[str, Any],
) -> None:
    api = compose["services"]["api"]
    assert api["build"] == "." or api["build"]["context"] == "."
    env = _env(api)
    db = urlparse(_resolve(env["MLPLAN_DATABASE_URL"]))
    assert db.scheme == "postgresql+psycopg"
    assert (db.hostname, db.port) == ("postgres", 5432)
    chroma = urlparse(env["MLPLAN_CHROMA_URL"])
    assert (chroma.hostname, chroma.port) == ("chroma", 8000)
    for dependency in ("postgres", "chroma"):
        assert api["depends_on"][dependency]["condition"] == "service_healthy"
    assert api["deploy"]["replicas"] >= 2


def test_migrations_run_once_before_the_replicas_start(compose: dict[str, Any]) -> None:
    services = compose["services"]
    api, migrate = services["api"], services["migrate"]
    assert api["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert _env(migrate)["MLPLAN_DATABASE_URL"] == _env(api)["MLPLAN_DATABASE_URL"]
    assert migrate["image"] == api["image"] and migrate["build"] == api["build"]
    assert "migrate()" in " ".join(migrate["command"])


def test_state_lives_in_named_volumes(compose: dict[str, Any]) -> None:
    declared = set(compose["volumes"])
    for name, target in (("postgres", "/var/lib/postgresql/data"), ("chroma", "/data")):
        mounts = [str(v).split(":") for v in compose["services"][name]["volumes"]]
        assert [target] == [m[1] for m in mounts if m[0] in declared], name


def test_compose_holds_no_plain_secrets(compose: dict[str, Any]) -> None:
    """Secret values come from .env by interpolation, with no default to fall back on."""
    for name, service in compose["services"].items():
        for key, value in _env(service).items():
            parsed = urlparse(_resolve(value))
            if SECRET_NAME.search(key):
                assert re.fullmatch(r"\$\{[A-Z_]+(:\?[^}]*)?\}", value), f"{name}.{key}"
            if parsed.password is not None:
                required = {
                    m.group(1).lower()
                    for m in INTERPOLATION.finditer(value)
                    if not m.group(2).startswith(":-")
                }
                assert parsed.password in required, f"{name}.{key}: password not from .env"
    assert ".env" in compose["services"]["api"]["env_file"]
    assert ".env" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_env_example_leaves_every_secret_blank() -> None:
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        key, sep, value = line.lstrip("# ").partition("=")
        if sep and SECRET_NAME.search(key):
            assert not value.strip(), f".env.example sets {key}"
