"""Drafting plans: the Drafter and Retriever protocols, the offline expert drafter (and later the LLM drafter)."""

from mlplan.draft.base import Drafter, PassageLike, Retriever

__all__ = ["Drafter", "PassageLike", "Retriever"]
