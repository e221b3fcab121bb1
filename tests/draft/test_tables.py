"""Decision tables are data the drafter trusts: every row must be backed by a real document."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlplan.draft.expert.tables import load_table
from mlplan.knowledge import catalog
from mlplan.resources import knowledge_dir

TABLES = sorted(p.stem for p in (knowledge_dir() / "tables").glob("*.yaml"))


@pytest.mark.parametrize("name", TABLES)
def test_every_row_cites_existing_documents(name: str) -> None:
    table = load_table(name)
    docs = catalog()
    for i, row in enumerate(table["rows"]):
        cites = row.get("cites") or table.get("cites")
        assert cites, f"{name} row {i} cites nothing"
        missing = [c for c in cites if c not in docs]
        assert not missing, f"{name} row {i} cites unknown documents {missing}"


@pytest.mark.parametrize(
    "name", ["metrics", "splits", "models", "serving", "framing", "feedback_loops"]
)
def test_first_match_tables_end_with_a_catch_all(name: str) -> None:
    rows = load_table(name)["rows"]
    tasks = {r["when"].get("task", [None])[0] for r in rows if "task" in r.get("when", {})}
    assert rows[-1].get("when") == {} or (name == "metrics" and len(tasks) >= 9)


def test_knowledge_docs_have_front_matter() -> None:
    docs = catalog()
    assert len(docs) >= 40
    for info in docs.values():
        assert info.title and info.sections and info.sources, info.id
        assert Path(info.path).stem == info.id
