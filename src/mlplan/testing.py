"""Fakes for tests, shipped with the package so every door's tests (and users') can use them.

Each fake stands in for one outside system behind its protocol; it is deterministic and
never touches the network.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence

_WORD = re.compile(r"[a-z0-9]+")


class FakeEmbedder:
    """Hashed bag-of-words vectors: texts sharing words land close, so dense search is testable.

    Counts its calls so tests can assert that unchanged chunks are not re-embedded.
    """

    def __init__(self, dims: int = 256, *, name: str | None = None) -> None:
        self.dims = dims
        self.name = name or f"fake-{dims}"
        self.calls = 0
        """How many times `embed` was called."""
        self.texts_embedded = 0
        """How many texts all calls embedded together."""

    def _vector(self, text: str) -> list[float]:
        vec = [0.0] * self.dims
        for word in _WORD.findall(text.lower()):
            digest = hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest()
            slot = int.from_bytes(digest[:4], "little") % self.dims
            vec[slot] += 1.0 if digest[4] & 1 else -1.0
        norm = math.sqrt(sum(x * x for x in vec))
        if norm == 0.0:
            vec[0] = 1.0  # chromadb's cosine space needs a non-zero vector
            return vec
        return [x / norm for x in vec]

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        self.calls += 1
        self.texts_embedded += len(texts)
        return [self._vector(t) for t in texts]


__all__ = ["FakeEmbedder"]


class ScriptedChatClient:
    """A chat client that answers from a script, for unit tests of the LLM drafter.

    `script` maps a section name to a list of answers given in turn (the last one repeats);
    an answer is a JSON-able dict (sent as JSON), a raw string (sent as is, e.g. broken
    JSON), or a `Completion` (to script cut-offs, refusals, token counts). Sections without
    a script answer `{}`, which keeps the expert draft. Every request is kept in `requests`
    so tests can read the prompts and repair messages the drafter sent.
    """

    def __init__(
        self,
        script: dict[str, list[object]] | None = None,
        *,
        model: str = "scripted",
        provider: str = "fake",
        tokens: tuple[int, int] = (100, 20),
        delay_s: float = 0.0,
    ) -> None:
        self.script = {k: list(v) for k, v in (script or {}).items()}
        self.provider = provider
        self.model = model
        self.base_url = "scripted://"
        self.tokens = tokens
        self.delay_s = delay_s
        self.requests: list[dict[str, object]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        """Most requests open at once: shows whether sections really ran concurrently."""
        self._turns: dict[str, int] = {}

    async def complete(
        self,
        messages: Sequence[dict[str, str]],
        *,
        response_format: dict[str, object],
        max_tokens: int,
        temperature: float,
        seed: int | None = None,
        repeat: int = 0,
    ) -> object:
        import asyncio
        import json

        from mlplan.draft.llm.client import Completion

        section = _section_of(messages)
        self.requests.append(
            {"section": section, "messages": list(messages), "response_format": response_format}
        )
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delay_s)  # yields even at 0 s, so concurrency is real
        finally:
            self.in_flight -= 1
        answers = self.script.get(section, [{}])
        turn = self._turns.get(section, 0)
        self._turns[section] = turn + 1
        answer = answers[min(turn, len(answers) - 1)]
        if isinstance(answer, Completion):
            return answer
        content = answer if isinstance(answer, str) else json.dumps(answer)
        return Completion(
            content=content, input_tokens=self.tokens[0], output_tokens=self.tokens[1]
        )

    def calls_for(self, section: str) -> int:
        return sum(1 for r in self.requests if r["section"] == section)


_SECTION_LINE = re.compile(r"Write the `(\w+)` section")


def _section_of(messages: Sequence[dict[str, str]]) -> str:
    """The section a request is about, read from the first user prompt."""
    for m in messages:
        if m["role"] == "user":
            found = _SECTION_LINE.search(m["content"])
            if found:
                return found.group(1)
    return "unknown"
