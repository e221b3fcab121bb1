"""Knowledge fixtures: a writable copy of the shipped docs and a tiny hand-made knowledge base."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mlplan.resources import knowledge_dir

from ._docs import write_doc


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped knowledge base (docs only), for edit/delete tests."""
    dest = tmp_path / "kb"
    shutil.copytree(knowledge_dir() / "docs", dest / "docs")
    return dest


@pytest.fixture
def tiny_kb(tmp_path: Path) -> Path:
    """Three small docs whose expected hits are obvious."""
    root = tmp_path / "tiny"
    write_doc(
        root / "docs",
        "drift",
        "# Drift\n\nWatch inputs in production.\n\n## Population stability index\n\n"
        "PSI compares binned feature distributions; alert above 0.2.\n\n"
        "## Label delay\n\nLabels arrive weeks late, so watch proxies.\n",
        sections="[monitoring]",
        tags="[drift, psi]",
    )
    write_doc(
        root / "docs",
        "splits",
        "Intro about splitting.\n\n## Group split\n\nKeep each customer in one fold "
        "with GroupKFold.\n\n## Time split\n\nTrain on the past, test on the future.\n",
        sections="[training, evaluation]",
    )
    write_doc(
        root / "docs",
        "privacy",
        "## Right to erasure\n\nDelete a person's rows on request and retrain.\n",
        sections="[data]",
    )
    return root
