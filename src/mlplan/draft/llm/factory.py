"""Settings -> a ready LLM drafter: provider, base URL, key, cache, prompt version, options."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mlplan.errors import ConfigError

if TYPE_CHECKING:
    from mlplan.config import Settings
    from mlplan.draft.base import Drafter, Retriever
    from mlplan.draft.llm.client import ChatClient
    from mlplan.draft.llm.drafter import EventSink, LlmDrafter
    from mlplan.draft.llm.schema import ResponseStyle

LOCAL_BASE_URL = "http://127.0.0.1:8080/v1"
"""Where `--llm local` looks when no base URL is set: llama.cpp server's default port."""


def make_client(settings: Settings, provider: str | None = None) -> ChatClient:
    """The chat client for `provider` (default: settings.llm); caching is added by the drafter."""
    provider = provider or settings.llm
    if provider not in ("openai", "local"):
        raise ConfigError(f"no LLM client for --llm {provider!r}; use openai or local")
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
    base_url = settings.llm_base_url
    if provider == "openai" and not key:
        raise ConfigError("--llm openai needs OPENAI_API_KEY (or use --llm local / none)")
    if provider == "local":
        base_url = base_url or LOCAL_BASE_URL
    from mlplan.draft.llm.client import LangchainChatClient

    try:  # the client imports langchain-openai when it is built
        return LangchainChatClient(
            provider=provider,
            model=settings.llm_model,
            base_url=base_url,
            api_key=key,
            timeout_s=settings.llm_timeout_s,
            retries=settings.llm_retries,
        )
    except ImportError as exc:
        raise ConfigError(
            f"LLM mode needs the llm extra: pip install 'mlplan[llm]' ({exc.name} missing)"
        ) from exc


def response_style(settings: Settings, provider: str) -> ResponseStyle:
    if settings.llm_response_format != "auto":
        return settings.llm_response_format
    return "json_schema" if provider == "openai" else "json_object_schema"


def build_llm_drafter(
    settings: Settings,
    *,
    expert: Drafter,
    retriever: Retriever | None,
    provider: str | None = None,
    prompts: str | None = None,
    client: ChatClient | None = None,
    events: EventSink | None = None,
    repeat: int = 0,
) -> LlmDrafter:
    """An LLM drafter configured from settings; `client` overrides the real one (tests)."""
    from mlplan.draft.llm.drafter import LlmDrafter, LlmOptions
    from mlplan.draft.llm.prompts import load_prompts

    provider = provider or settings.llm
    prompt_set = load_prompts(prompts or settings.llm_prompts, base=settings.prompts_dir)
    client = client or make_client(settings, provider)
    if settings.llm_cache == "on":
        from mlplan.draft.llm.cache import CachingClient

        client = CachingClient(client, settings.data_dir / "llm-cache")
    # A local server costs nothing per token, whatever model name it is given (the default
    # name is an OpenAI one); remote models are priced from the table or reported unpriced.
    price = settings.llm_prices.get(settings.llm_model) if provider == "openai" else (0.0, 0.0)
    redact = settings.llm_redact == "on" or (settings.llm_redact == "auto" and provider == "openai")
    options = LlmOptions(
        temperature=settings.llm_temperature,
        max_tokens=settings.llm_max_tokens,
        max_attempts=settings.llm_max_attempts,
        token_budget=settings.llm_token_budget,
        concurrency=settings.llm_concurrency,
        style=response_style(settings, provider),
        redact=redact,
        seed=settings.llm_seed,
        price_per_mtok=price,
        understand=settings.llm_understand,
        repeat=repeat,
    )
    return LlmDrafter(
        client, prompt_set, expert=expert, retriever=retriever, options=options, events=events
    )
