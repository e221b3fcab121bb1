"""The same index code against a real Chroma server (chromadb `HttpClient`) on loopback.

Growing past one machine means pointing MLPLAN_CHROMA_URL at a server; this proves that path
is the same code as the embedded PersistentClient, incremental sync included.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from mlplan.errors import RetrievalError
from mlplan.knowledge.index import KnowledgeIndex
from mlplan.testing import FakeEmbedder


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`chroma run` (shipped with chromadb) on a free loopback port, stopped by its pid."""
    port = _free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    cli = Path(sys.executable).parent / "chroma"
    proc = subprocess.Popen(
        [str(cli), "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("chroma server did not start") from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def test_ingest_and_search_through_a_chroma_server(
    chroma_url: str, tmp_path: Path, tiny_kb: Path
) -> None:
    first = KnowledgeIndex(
        data_dir=tmp_path / "a", kb_dirs=[tiny_kb], embedder=FakeEmbedder(), chroma_url=chroma_url
    )
    assert first.ingest().added == 7
    # a second replica with its own data dir shares the server: nothing to re-embed
    embedder = FakeEmbedder()
    replica = KnowledgeIndex(
        data_dir=tmp_path / "b", kb_dirs=[tiny_kb], embedder=embedder, chroma_url=chroma_url
    )
    report = replica.ingest()
    assert (report.added, report.unchanged, embedder.calls) == (0, 7, 0)
    hits = replica.search("GroupKFold customer fold", k=2, mode="dense", section="training")
    assert hits[0].chunk_id == "splits#group-split"
    assert replica.stats()["dense_indexed"] == 7


def test_unreachable_server_is_a_retrieval_error(tmp_path: Path, tiny_kb: Path) -> None:
    index = KnowledgeIndex(
        data_dir=tmp_path,
        kb_dirs=[tiny_kb],
        embedder=FakeEmbedder(),
        chroma_url=f"http://127.0.0.1:{_free_port()}",
    )
    with pytest.raises(RetrievalError, match="cannot reach the Chroma server"):
        index.search("drift", mode="dense")
