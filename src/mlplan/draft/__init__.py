"""Drafting plans: the Drafter protocol, the offline expert drafter (and later the LLM drafter)."""

from mlplan.draft.base import Drafter

__all__ = ["Drafter"]
