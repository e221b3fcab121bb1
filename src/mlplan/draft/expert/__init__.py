"""Offline expert drafter driven by the decision tables in knowledge/tables."""

from mlplan.draft.expert.drafter import ExpertDrafter

__all__ = ["ExpertDrafter"]
