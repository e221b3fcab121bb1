"""On-disk response cache: the same request to the same model is answered once.

The key covers everything that can change an answer: provider, model, base URL, messages,
parameters, the response schema and a repeat index (so eval epochs can ask the same question
several times on purpose). Only complete answers are stored: errors, refusals and cut-off
answers are never cached, so a retry after a failure really reaches the model.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from mlplan.draft.llm.client import ChatClient, Completion, Message


def cache_key(
    client: ChatClient,
    messages: Sequence[Message],
    params: dict[str, Any],
    response_format: dict[str, Any],
    repeat: int,
) -> str:
    payload = {
        "provider": client.provider,
        "model": client.model,
        "base_url": client.base_url,
        "messages": list(messages),
        "params": params,
        "response_format": response_format,
        "repeat": repeat,
    }
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class CachingClient:
    """Wraps a ChatClient; answers repeats from `root/<k[:2]>/<k>.json`."""

    def __init__(self, inner: ChatClient, root: Path) -> None:
        self.inner = inner
        self.root = root
        self.provider = inner.provider
        self.model = inner.model
        self.base_url = inner.base_url

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
        params = {"max_tokens": max_tokens, "temperature": temperature, "seed": seed}
        key = cache_key(self.inner, messages, params, response_format, repeat)
        path = self.root / key[:2] / f"{key}.json"
        hit = _read(path)
        if hit is not None:
            return replace(hit, cached=True, latency_ms=0.0)
        answer = await self.inner.complete(
            messages,
            response_format=response_format,
            max_tokens=max_tokens,
            temperature=temperature,
            seed=seed,
            repeat=repeat,
        )
        if answer.finish_reason == "stop" and not answer.refusal:
            _write(path, answer)
        return answer


def _read(path: Path) -> Completion | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Completion(**data)
    except (OSError, ValueError, TypeError):
        return None  # missing or unreadable entries are misses, never errors


def _write(path: Path, answer: Completion) -> None:
    """Write atomically (temp file + rename) so a crash never leaves half an entry."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(asdict(answer), ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # a cache that cannot be written is a slower run, not a failed one
