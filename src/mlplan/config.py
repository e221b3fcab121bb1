"""One Settings object (env prefix MLPLAN_), served by get_settings() so tests can override it."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("mlplan", appauthor=False))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MLPLAN_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    """Everything mlplan stores by default lives here."""
    database_url: str | None = None
    chroma_url: str | None = None
    llm: Literal["none", "openai", "local"] = "none"
    llm_model: str = "gpt-4o-mini"
    llm_cache: Literal["on", "off"] = "on"
    slack_api_base_url: str | None = None
    max_brief_bytes: int = 100_000
    """Briefs larger than this are refused: a brief is a page, not a data dump."""
    embedder: Literal["none", "minilm", "openai", "chroma-default"] = "none"
    """Dense embedder for hybrid retrieval; `none` = lexical BM25 only (offline default)."""
    embedding_model: str = "text-embedding-3-small"
    """Model name for the `openai` embedder."""
    kb_dirs: list[Path] = Field(default_factory=list)
    """Extra knowledge folders (org policies) indexed beside the built-in knowledge base."""


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings; call ``get_settings.cache_clear()`` after changing env."""
    return Settings()
