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
