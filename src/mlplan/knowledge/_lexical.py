"""BM25 over chunk text (bm25s): always available, no model, no chromadb import.

Lexical search is the floor that keeps retrieval working offline and catches exact terms
(PSI, MASE, HIPAA) that small embedding models blur.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from functools import cache
from typing import Any

import bm25s  # type: ignore[import-untyped]
import numpy as np

from mlplan.knowledge.chunking import Chunk

# bm25s sets its own logger to DEBUG on import; index-build chatter is not the user's business
logging.getLogger("bm25s").setLevel(logging.WARNING)

_TOKEN = re.compile(r"(?u)\b\w\w+\b")


@cache
def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN  # type: ignore[import-untyped]

    return frozenset(STOPWORDS_EN)


@cache
def _stemmer() -> Any:
    """Snowball English via PyStemmer (what bm25s recommends); identity if it is missing."""
    try:
        import Stemmer  # type: ignore[import-not-found, unused-ignore]
    except ImportError:  # pragma: no cover - PyStemmer is a core dependency
        return None
    return Stemmer.Stemmer("english")


def tokenize(text: str) -> list[str]:
    """Lowercase word tokens, English stopwords dropped, stemmed ('splits' ~ 'split')."""
    stop = _stopwords()
    words = [w for w in _TOKEN.findall(text.lower()) if w not in stop]
    stemmer = _stemmer()
    return list(stemmer.stemWords(words)) if stemmer is not None else words


def lexical_text(chunk: Chunk) -> str:
    """Title, heading and tags are strong keywords, so they are indexed with the body."""
    return f"{chunk.title}\n{chunk.heading}\n{' '.join(chunk.tags)}\n{chunk.text}"


class LexicalIndex:
    """An in-memory BM25 index over a fixed list of chunks (rebuilt in ~tens of ms)."""

    def __init__(self, chunks: Sequence[Chunk]) -> None:
        self._n = len(chunks)
        self._bm25 = bm25s.BM25()
        corpus = [tokenize(lexical_text(c)) or [""] for c in chunks]
        if corpus:
            self._bm25.index(corpus, show_progress=False)
        self._vocab: dict[str, int] = dict(getattr(self._bm25, "vocab_dict", {}) or {})

    def scores(self, query: str) -> np.ndarray[Any, np.dtype[np.float32]]:
        """BM25 score of every chunk for `query` (zeros when no query term is indexed)."""
        ids = sorted({self._vocab[t] for t in tokenize(query) if t in self._vocab})
        if not ids or self._n == 0:
            return np.zeros(self._n, dtype=np.float32)
        out: np.ndarray[Any, np.dtype[np.float32]] = self._bm25.get_scores_from_ids(ids)
        return out

    def top(
        self, query: str, *, n: int, mask: np.ndarray[Any, np.dtype[np.bool_]] | None = None
    ) -> list[tuple[int, float]]:
        """(chunk position, score) of the best `n` chunks with a positive score, best first."""
        scores = self.scores(query)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        positive = np.flatnonzero(scores > 0)
        if positive.size == 0:
            return []
        # stable sort on -score keeps corpus order among ties, so results are deterministic
        order = positive[np.argsort(-scores[positive], kind="stable")][:n]
        return [(int(i), float(scores[i])) for i in order]
