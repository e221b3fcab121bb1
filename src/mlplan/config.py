"""One Settings object (env prefix MLPLAN_), served by get_settings() so tests can override it."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def _default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("mlplan", appauthor=False))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="MLPLAN_", env_file=".env", extra="ignore", populate_by_name=True
    )

    data_dir: Path = Field(default_factory=_default_data_dir)
    """Everything mlplan stores by default lives here."""
    database_url: str | None = None
    chroma_url: str | None = None
    llm: Literal["none", "openai", "local"] = "none"
    llm_model: str = "gpt-4o-mini"
    llm_cache: Literal["on", "off"] = "on"
    """`off` sends every LLM call; `on` answers repeats from the on-disk response cache."""
    llm_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("MLPLAN_LLM_BASE_URL", "OPENAI_BASE_URL")
    )
    """OpenAI-compatible server (vLLM, Ollama, llama.cpp, Azure). `local` defaults to
    http://127.0.0.1:8080/v1; `openai` to the OpenAI API."""
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "MLPLAN_OPENAI_API_KEY")
    )
    llm_prompts: str = "v1"
    """Prompt version: a folder under the prompts directory."""
    prompts_dir: Path | None = None
    """Where prompt versions live; default: the prompts shipped with mlplan."""
    llm_temperature: float = Field(default=0.2, ge=0.0, le=2.0)
    llm_timeout_s: float = Field(default=120.0, gt=0)
    llm_max_tokens: int = Field(default=1500, ge=64)
    """Output tokens per call; an answer cut at this length is retried shorter, not repaired."""
    llm_max_attempts: int = Field(default=2, ge=1, le=5)
    """Attempts per section (first draft + repairs) before it falls back to the expert draft."""
    llm_token_budget: int = Field(default=80_000, ge=1_000)
    """Input + output tokens one plan may spend; past it, failing sections fall back."""
    llm_concurrency: int = Field(default=4, ge=1, le=32)
    llm_retries: int = Field(default=4, ge=1, le=10)
    """Tries per call on 429 / 5xx / timeouts (exponential backoff with jitter)."""
    llm_response_format: Literal["auto", "json_schema", "json_object_schema", "json_object"] = (
        "auto"
    )
    """`auto`: OpenAI's strict `json_schema` for `openai`, llama.cpp's `json_object` + schema
    for `local`; `json_object` puts the schema in the prompt for servers that take neither."""
    llm_redact: Literal["auto", "on", "off"] = "auto"
    """Mask e-mail addresses, phone numbers and ID-like strings before a brief leaves the
    machine; `auto` = on for `openai`, off for `local`."""
    llm_understand: bool = False
    """Also read the brief with the LLM; stated facts keep their deterministic values."""
    llm_seed: int | None = 7
    """Sampling seed for servers that honour it (llama.cpp, OpenAI best effort)."""
    llm_prices: dict[str, tuple[float, float]] = Field(
        default_factory=lambda: {
            "gpt-4o-mini": (0.15, 0.60),
            "gpt-4o": (2.50, 10.00),
            "gpt-4.1": (2.00, 8.00),
            "gpt-4.1-mini": (0.40, 1.60),
            "gpt-4.1-nano": (0.10, 0.40),
        }
    )
    """USD per million input and output tokens, by model name; models not listed cost 0
    on `local` and are reported as unpriced on `openai`."""
    slack_api_base_url: str | None = None
    """Slack Web API base URL (default https://slack.com/api/); tests point it at a local stub."""
    slack_bot_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_BOT_TOKEN", "MLPLAN_SLACK_BOT_TOKEN")
    )
    """Bot token (xoxb-…): the Slack bot is mounted at /slack/events when this and the
    signing secret are set."""
    slack_signing_secret: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("SLACK_SIGNING_SECRET", "MLPLAN_SLACK_SIGNING_SECRET"),
    )
    """Verifies that HTTP requests to /slack/events come from Slack."""
    slack_app_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_APP_TOKEN", "MLPLAN_SLACK_APP_TOKEN")
    )
    """App-level token (xapp-…) for Socket Mode (`mlplan slack --socket`)."""
    max_brief_bytes: int = 100_000
    """Briefs larger than this are refused: a brief is a page, not a data dump."""
    profile_max_rows: int = Field(default=200_000, ge=100)
    """Rows of a data file profiled at most (`--data`, `mlplan profile`); larger files are
    reservoir-sampled to this many rows, and the plan says so."""
    baseline_budget_s: float = Field(default=60.0, gt=0)
    """Time budget for the measured baselines of `mlplan plan --data`."""
    baseline_row_cap: int = Field(default=50_000, ge=100)
    """Rows the measured baselines are fitted and scored on at most."""
    max_data_bytes: int = Field(default=50 * 1024 * 1024, ge=1_024)
    """Largest data file the API (multipart upload) and the Slack bot (a file shared in a
    plan's thread) accept for profiling; the CLI reads local files of any size (sampled)."""
    embedder: Literal["none", "minilm", "openai", "chroma-default"] = "none"
    """Dense embedder for hybrid retrieval; `none` = lexical BM25 only (offline default)."""
    embedding_model: str = "text-embedding-3-small"
    """Model name for the `openai` embedder."""
    kb_dirs: list[Path] = Field(default_factory=list)
    """Extra knowledge folders (org policies) indexed beside the built-in knowledge base."""
    # -- HTTP API (`mlplan serve`) -------------------------------------------------------------
    api_anonymous: bool = False
    """Serve /v1 without API keys. Off by default: only for a trusted network or a demo."""
    api_max_body_bytes: int = Field(default=2 * 1024 * 1024, ge=1_024)
    """Largest request body; bigger ones get 413 before anything parses them."""
    api_rate_limit_per_minute: int = Field(default=120, ge=0)
    """Requests per minute per API key (token bucket, per process); 0 turns the limit off."""
    api_cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    """Browser origins allowed by CORS (comma-separated in env); empty = CORS off."""
    api_job_max_attempts: int = Field(default=2, ge=1, le=10)
    """Times a job left running by a restart is tried before it is failed with a reason."""

    @field_validator("api_cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        """`MLPLAN_API_CORS_ORIGINS=https://a,https://b` reads as a list."""
        if isinstance(value, str):
            return [o.strip() for o in value.split(",") if o.strip()]
        return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings; call ``get_settings.cache_clear()`` after changing env."""
    return Settings()
