"""Where the shipped knowledge base and prompts live: inside the wheel, or the source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PKG = Path(__file__).resolve().parent


@cache
def _data_root(name: str) -> Path:
    """Wheel installs carry `mlplan/_data/<name>`; editable installs read the repo folder."""
    packaged = _PKG / "_data" / name
    if packaged.is_dir():
        return packaged
    checkout = _PKG.parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(
        f"mlplan data folder '{name}' not found (looked in {packaged} and {checkout})"
    )


def knowledge_dir() -> Path:
    return _data_root("knowledge")


def prompts_dir() -> Path:
    return _data_root("prompts")
