"""The dense half of the index: chunk vectors in chromadb, synced by content hash.

chromadb is imported only here and only when a dense embedder is in use (it costs ~1 s).
Embeddings are always passed explicitly: chromadb's default embedding function would try
to download a model, which fails offline.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from mlplan.errors import ConfigError, RetrievalError
from mlplan.knowledge.chunking import Chunk
from mlplan.knowledge.embedders import Embedder, collection_name

_BATCH = 64


def section_key(section: str) -> str:
    """Boolean metadata key per plan section: `where` on a bool works on every chromadb 1.x."""
    return "sec_" + re.sub(r"[^a-z0-9]+", "_", section.lower()).strip("_")


def build_where(section: str | None, doc_ids: Collection[str] | None) -> dict[str, Any] | None:
    clauses: list[dict[str, Any]] = []
    if section:
        clauses.append({section_key(section): True})
    if doc_ids is not None:
        clauses.append({"doc_id": {"$in": sorted(doc_ids)}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _metadata(chunk: Chunk) -> dict[str, str | bool]:
    meta: dict[str, str | bool] = {
        "doc_id": chunk.doc_id,
        "title": chunk.title,
        "heading": chunk.heading,
        "hash": chunk.hash,
    }
    for s in chunk.sections:
        meta[section_key(s)] = True
    return meta


@dataclass
class SyncCounts:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0


def make_client(*, path: Path, chroma_url: str | None) -> Any:
    """PersistentClient under the data dir, or HttpClient for a shared Chroma server."""
    try:
        import chromadb
        from chromadb.config import Settings as ChromaSettings
    except ImportError as exc:  # pragma: no cover - chromadb is a core dependency
        raise RetrievalError(f"chromadb is not installed: {exc}") from exc
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if not chroma_url:
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    url = urlparse(chroma_url)
    if url.scheme not in ("http", "https") or not url.hostname:
        raise ConfigError(f"MLPLAN_CHROMA_URL must look like http://host:port, got {chroma_url!r}")
    ssl = url.scheme == "https"
    try:
        return chromadb.HttpClient(
            host=url.hostname,
            port=url.port or (443 if ssl else 8000),
            ssl=ssl,
            settings=chroma_settings,
        )
    except Exception as exc:
        raise RetrievalError(
            f"cannot reach the Chroma server at {chroma_url} (MLPLAN_CHROMA_URL): {exc}"
        ) from exc


class DenseStore:
    """One chromadb collection holding one embedder's vectors of the knowledge chunks."""

    def __init__(self, *, client: Any, embedder: Embedder) -> None:
        self._client = client
        self._embedder = embedder
        self.name = collection_name(embedder)
        self._collection: Any = None

    def _get(self) -> Any:
        if self._collection is None:
            try:
                self._collection = self._client.get_or_create_collection(
                    self.name,
                    embedding_function=None,
                    configuration={"hnsw": {"space": "cosine"}},
                    metadata={"embedder": self._embedder.name},
                )
            except Exception as exc:
                raise RetrievalError(f"chromadb collection {self.name}: {exc}") from exc
        return self._collection

    def count(self) -> int:
        try:
            return int(self._get().count())
        except RetrievalError:
            raise
        except Exception as exc:
            raise RetrievalError(f"chromadb count failed: {exc}") from exc

    def _stored_hashes(self) -> dict[str, str]:
        got = self._get().get(include=["metadatas"])
        metas = got.get("metadatas") or []
        return {
            cid: str((meta or {}).get("hash", ""))
            for cid, meta in zip(got["ids"], metas, strict=False)
        }

    def sync(
        self, chunks: Sequence[Chunk], *, progress: Callable[[int, int], None] | None = None
    ) -> SyncCounts:
        """Embed new and changed chunks, delete vanished ones, leave the rest untouched."""
        try:
            stored = self._stored_hashes()
            current = {c.id for c in chunks}
            todo = [c for c in chunks if stored.get(c.id) != c.hash]
            stale = sorted(set(stored) - current)
            counts = SyncCounts(
                added=sum(1 for c in todo if c.id not in stored),
                updated=sum(1 for c in todo if c.id in stored),
                removed=len(stale),
                unchanged=len(chunks) - len(todo),
            )
            if progress is not None:
                progress(0, len(todo))
            for start in range(0, len(todo), _BATCH):
                batch = todo[start : start + _BATCH]
                vectors = self._embedder.embed([c.retrieval_text for c in batch])
                if len(vectors) != len(batch):
                    raise RetrievalError(
                        f"embedder {self._embedder.name} returned {len(vectors)} vectors "
                        f"for {len(batch)} texts"
                    )
                # upsert per batch: an interrupted ingest keeps what it already paid for
                self._get().upsert(
                    ids=[c.id for c in batch],
                    embeddings=vectors,
                    documents=[c.text for c in batch],
                    metadatas=[_metadata(c) for c in batch],
                )
                if progress is not None:
                    progress(min(start + _BATCH, len(todo)), len(todo))
            if stale:
                self._get().delete(ids=stale)
        except RetrievalError:
            raise
        except Exception as exc:
            raise RetrievalError(f"dense ingest failed: {type(exc).__name__}: {exc}") from exc
        return counts

    def query(
        self,
        query: str,
        *,
        n: int,
        section: str | None = None,
        doc_ids: Collection[str] | None = None,
    ) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the `n` nearest chunks passing the filters."""
        if doc_ids is not None and not doc_ids:
            return []
        vector = self._embedder.embed([query])[0]
        try:
            got = self._get().query(
                query_embeddings=[vector],
                n_results=n,
                where=build_where(section, doc_ids),
                include=["distances"],
            )
        except Exception as exc:
            raise RetrievalError(f"dense search failed: {type(exc).__name__}: {exc}") from exc
        ids = got["ids"][0] if got.get("ids") else []
        distances = got["distances"][0] if got.get("distances") else [0.0] * len(ids)
        return [(cid, 1.0 - float(d)) for cid, d in zip(ids, distances, strict=False)]
