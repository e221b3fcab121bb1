"""Mask contact details and ID-like strings before a brief leaves the machine.

Briefs are pasted from tickets and e-mails; they carry the author's address, a phone number,
an account or ticket id. None of that helps a model plan, and sending it to a remote API is a
disclosure the user did not mean to make. The masks keep the kind ("[email]") so the text
still reads naturally; counts per kind are recorded in the plan.
"""

from __future__ import annotations

import re
from collections import Counter

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("email", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    ("phone", re.compile(r"(?<![\w.])[+(]?\d[\d ()-]{7,}\d(?![\w.%])")),
    # Letters and digits mixed, 8+ characters (customer, ticket, IBAN-like ids) or long
    # digit runs. Figures a plan needs (10M, 4%, 2024, 1,200) are shorter or punctuated.
    ("id", re.compile(r"\b(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9][A-Z0-9-]{7,}\b")),
    ("id", re.compile(r"\b\d{9,}\b")),
)


def redact(text: str) -> tuple[str, Counter[str]]:
    """Text with e-mail addresses, phone numbers and ID-like strings masked, and the counts."""
    counts: Counter[str] = Counter()
    for kind, pattern in _PATTERNS:

        def mask(m: re.Match[str], kind: str = kind) -> str:
            if kind == "phone" and sum(c.isdigit() for c in m.group()) < 9:
                return m.group()  # a date range or a spaced figure, not a phone number
            counts[kind] += 1
            return f"[{kind}]"

        text = pattern.sub(mask, text)
    return text, counts
