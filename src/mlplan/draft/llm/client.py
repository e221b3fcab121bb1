"""Chat clients: the one seam between the LLM drafter and a model server.

The drafter speaks to a `ChatClient`; the real one goes through langchain-openai to OpenAI or
any OpenAI-compatible server, a scripted fake (`mlplan.testing.ScriptedChatClient`) drives
the unit tests. Transient failures (429, 5xx, timeouts, dropped connections) are retried here
with exponential backoff and jitter; everything else surfaces at once, because retrying a
bad request or a wrong key only burns time.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from mlplan.errors import ConfigError, LLMError, LLMUnavailable

Message = dict[str, str]
"""{"role": "system" | "user" | "assistant", "content": ...}"""


@dataclass(frozen=True, slots=True)
class Completion:
    """One model answer and what it cost; `finish_reason` tells a cut-off from a full answer."""

    content: str
    finish_reason: str = "stop"
    input_tokens: int = 0
    output_tokens: int = 0
    refusal: str | None = None
    cached: bool = False
    latency_ms: float = 0.0


class ChatClient(Protocol):
    """What the drafter needs of a model server."""

    provider: str
    model: str
    base_url: str

    async def complete(
        self,
        messages: Sequence[Message],
        *,
        response_format: dict[str, Any],
        max_tokens: int,
        temperature: float,
        seed: int | None = None,
        repeat: int = 0,
    ) -> Completion:
        """One chat completion; `repeat` distinguishes deliberate repeats (eval epochs)."""
        ...


def _transient(exc: BaseException) -> bool:
    """429, 5xx, timeouts and dropped connections are worth another try; nothing else is."""
    import openai

    if isinstance(exc, openai.APITimeoutError | openai.APIConnectionError | openai.RateLimitError):
        return True
    return isinstance(exc, openai.APIStatusError) and exc.status_code >= 500


class LangchainChatClient:
    """langchain-openai's ChatOpenAI against OpenAI or an OpenAI-compatible base URL."""

    def __init__(
        self,
        *,
        provider: str,
        model: str,
        base_url: str | None,
        api_key: str | None,
        timeout_s: float,
        retries: int,
        backoff_s: float = 0.5,
    ) -> None:
        import langchain_openai  # noqa: F401 - fail here, at construction, when the extra is missing

        self.provider = provider
        self.model = model
        self.base_url = base_url or "https://api.openai.com/v1"
        self._given_base_url = base_url
        self._api_key = api_key or "not-needed"
        self._timeout_s = timeout_s
        self._retries = retries
        self._backoff_s = backoff_s
        self._chats: dict[int, Any] = {}

    def _chat(self) -> Any:
        """One ChatOpenAI per event loop: its HTTP connection pool belongs to the loop that
        opened it, and every `asyncio.run` (one per CLI plan) starts a new loop."""
        import asyncio

        import httpx
        from langchain_openai import ChatOpenAI

        loop = id(asyncio.get_running_loop())
        if loop not in self._chats:
            self._chats = {}  # earlier loops are closed; drop their clients
            self._chats[loop] = ChatOpenAI(
                model=self.model,
                base_url=self._given_base_url,
                api_key=self._api_key,
                timeout=self._timeout_s,
                # tenacity below owns retries, so they are counted and bounded in one place.
                max_retries=0,
                # A plain httpx client: the standard transport, proxies from the environment.
                http_async_client=httpx.AsyncClient(timeout=self._timeout_s),
            )
        return self._chats[loop]

    async def complete(
        self,
        messages: Sequence[Message],
        *,
        response_format: dict[str, Any],
        max_tokens: int,
        temperature: float,
        seed: int | None = None,
        repeat: int = 0,
    ) -> Completion:
        import openai
        from tenacity import (
            AsyncRetrying,
            retry_if_exception,
            stop_after_attempt,
            wait_exponential_jitter,
        )

        lc_messages = [(m["role"], m["content"]) for m in messages]
        kwargs: dict[str, Any] = {
            "response_format": response_format,
            "max_tokens": max_tokens,
            "temperature": temperature,
        }
        if seed is not None:
            kwargs["seed"] = seed
        if self.provider != "openai":
            # langchain sends `max_completion_tokens`; OpenAI-compatible servers such as
            # llama.cpp read only `max_tokens` and would otherwise run to the context limit.
            kwargs["extra_body"] = {"max_tokens": max_tokens}
        started = time.perf_counter()
        try:
            async for attempt in AsyncRetrying(
                retry=retry_if_exception(_transient),
                wait=wait_exponential_jitter(multiplier=self._backoff_s, max=20.0),
                stop=stop_after_attempt(self._retries),
                reraise=True,
            ):
                with attempt:
                    msg = await self._chat().ainvoke(lc_messages, **kwargs)
        except openai.LengthFinishReasonError as exc:
            # langchain parses structured answers; a cut-off one raises instead of returning.
            return _cut_off(exc.completion, time.perf_counter() - started)
        except openai.ContentFilterFinishReasonError:
            return Completion(content="", refusal="stopped by the provider's content filter")
        except (openai.APIConnectionError, openai.APITimeoutError) as exc:
            raise LLMUnavailable(
                f"cannot reach the LLM server at {self.base_url} after {self._retries} tries "
                f"({type(exc).__name__}); is it running? (set MLPLAN_LLM_BASE_URL)"
            ) from exc
        except openai.AuthenticationError as exc:
            raise ConfigError(
                f"the LLM server at {self.base_url} rejected the API key (OPENAI_API_KEY)"
            ) from exc
        except openai.APIStatusError as exc:
            raise LLMError(
                f"the LLM server answered HTTP {exc.status_code}: {_short(exc.message)}"
            ) from exc
        except openai.OpenAIError as exc:
            raise LLMError(f"LLM call failed: {_short(str(exc))}") from exc
        return _completion(msg, time.perf_counter() - started)


def _completion(msg: Any, seconds: float) -> Completion:
    """langchain's AIMessage -> Completion (usage and finish reason live in its metadata)."""
    usage = getattr(msg, "usage_metadata", None) or {}
    meta = getattr(msg, "response_metadata", None) or {}
    extra = getattr(msg, "additional_kwargs", None) or {}
    content = msg.content if isinstance(msg.content, str) else str(msg.content)
    return Completion(
        content=content,
        finish_reason=str(meta.get("finish_reason") or "stop"),
        input_tokens=int(usage.get("input_tokens", 0)),
        output_tokens=int(usage.get("output_tokens", 0)),
        refusal=extra.get("refusal") or None,
        latency_ms=round(seconds * 1000, 1),
    )


def _cut_off(completion: Any, seconds: float) -> Completion:
    usage = getattr(completion, "usage", None)
    choices = getattr(completion, "choices", None) or []
    content = (choices[0].message.content or "") if choices else ""
    return Completion(
        content=content,
        finish_reason="length",
        input_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
        output_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
        latency_ms=round(seconds * 1000, 1),
    )


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
