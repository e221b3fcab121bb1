"""Critique of plans people wrote: read the document, find its facts, review it against the rules.

``read_plan_document`` reads a file (Markdown, text, our JSON plan, .docx) or refuses it;
``parse_plan`` turns the text into a PlanDraft whose every fact carries its line and quote;
``review_draft`` turns the draft and the validators' findings into a ranked, capped Review
with coverage, scores, a verdict and a summary.
"""

from mlplan.critique.parse import parse_plan
from mlplan.critique.reader import MAX_PLAN_BYTES, read_plan_document
from mlplan.critique.review import NOT_FOR_PARSED_PLANS, review_draft

__all__ = [
    "MAX_PLAN_BYTES",
    "NOT_FOR_PARSED_PLANS",
    "parse_plan",
    "read_plan_document",
    "review_draft",
]
