"""Decision tables: YAML rows with a `when` condition, interpreted here, cited by doc id.

A condition maps a fact name to an expected value or a list of accepted values; every
key must match (missing facts never match a non-empty condition). `{}` matches anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from mlplan.resources import knowledge_dir

Row = dict[str, Any]


@cache
def load_table(name: str, root: Path | None = None) -> dict[str, Any]:
    """Parse `knowledge/tables/<name>.yaml` once per process."""
    import yaml

    path = (root or knowledge_dir()) / "tables" / f"{name}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "rows" not in data:
        raise ValueError(f"decision table {path} has no 'rows'")
    return data


def _accepts(expected: Any, actual: Any) -> bool:
    if isinstance(actual, list | tuple | set | frozenset):
        wanted = expected if isinstance(expected, list) else [expected]
        return any(_accepts(w, a) for w in wanted for a in actual)
    if isinstance(expected, list):
        return any(_accepts(e, actual) for e in expected)
    return bool(expected == actual) or str(expected) == str(actual)


def matches(when: Mapping[str, Any], facts: Mapping[str, Any]) -> bool:
    return all(key in facts and _accepts(value, facts[key]) for key, value in when.items())


def first_row(name: str, facts: Mapping[str, Any]) -> Row:
    """The first row whose condition holds; every table ends with a catch-all or raises."""
    for row in load_table(name)["rows"]:
        if matches(row.get("when", {}), facts):
            return dict(row)
    raise LookupError(f"decision table '{name}' has no row for {dict(facts)}")


def all_rows(name: str, facts: Mapping[str, Any]) -> list[Row]:
    return [dict(row) for row in load_table(name)["rows"] if matches(row.get("when", {}), facts)]
