"""Embedder selection from settings, and the FakeEmbedder's contract."""

from __future__ import annotations

import math

import pytest

from mlplan.config import Settings
from mlplan.errors import RetrievalError
from mlplan.knowledge import embedders
from mlplan.knowledge.embedders import Embedder, collection_name, get_embedder
from mlplan.testing import FakeEmbedder


def test_none_means_bm25_only() -> None:
    assert get_embedder(Settings(embedder="none")) is None


def test_openai_without_key_names_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.setattr(embedders, "_installed", lambda module: True)
    with pytest.raises(RetrievalError, match="OPENAI_API_KEY"):
        get_embedder(Settings(embedder="openai"))


def test_openai_with_key_is_named_after_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setattr(embedders, "_installed", lambda module: True)
    embedder = get_embedder(Settings(embedder="openai", embedding_model="text-embedding-3-large"))
    assert embedder is not None and embedder.name == "openai-text-embedding-3-large"
    assert collection_name(embedder) == "mlplan-openai-text-embedding-3-large"


def test_missing_extras_name_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedders, "_installed", lambda module: False)
    with pytest.raises(RetrievalError, match=r"mlplan\[local-embeddings\]"):
        get_embedder(Settings(embedder="minilm"))
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    with pytest.raises(RetrievalError, match=r"mlplan\[llm\]"):
        get_embedder(Settings(embedder="openai"))


def test_minilm_is_chosen_lazily_when_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedders, "_installed", lambda module: True)
    embedder = get_embedder(Settings(embedder="minilm"))
    assert isinstance(embedder, embedders.MiniLMEmbedder) and embedder.name == "minilm"


def test_chroma_default_without_cached_model_refuses_to_download(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    from pathlib import Path

    monkeypatch.setattr(embedders, "_CHROMA_ONNX", Path(str(tmp_path)) / "onnx")
    with pytest.raises(RetrievalError, match="does not download"):
        get_embedder(Settings(embedder="chroma-default"))


def test_fake_embedder_is_deterministic_normalised_and_counts_calls() -> None:
    fake = FakeEmbedder()
    assert isinstance(fake, Embedder)
    a, b, c = fake.embed(["data drift alert", "data drift alert", "canary rollout"])
    assert a == b and a != c and len(a) == 256
    assert math.isclose(math.sqrt(sum(x * x for x in a)), 1.0)
    assert fake.embed([""])[0][0] == 1.0  # never a zero vector
    assert (fake.calls, fake.texts_embedded) == (2, 4)


def test_fake_embedder_puts_shared_words_closer() -> None:
    fake = FakeEmbedder()
    q, near, far = fake.embed(["psi drift", "psi drift monitoring", "sample size test"])

    def cos(x: list[float], y: list[float]) -> float:
        return sum(i * j for i, j in zip(x, y, strict=True))

    assert cos(q, near) > cos(q, far)
