"""Reading what a user typed (`/mlplan …`, `@mlplan …`, a DM) as one of a few intents."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["plan", "review", "help", "other"]

_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
_FIRST_WORD = re.compile(r"^(\S+)\s*")
_VERBS: dict[str, Kind] = {"plan": "plan", "review": "review", "help": "help", "?": "help"}


@dataclass(frozen=True)
class Intent:
    kind: Kind
    text: str
    """What follows the verb (the brief, the pasted plan); the whole text for `other`."""


def strip_mentions(text: str) -> str:
    return _MENTION.sub(" ", text or "").strip()


def parse(text: str) -> Intent:
    """`plan <brief>`, `review [plan text]`, `help` (or nothing); anything else is `other`."""
    text = strip_mentions(text)
    if not text:
        return Intent("help", "")
    first = _FIRST_WORD.match(text)
    assert first is not None  # text is non-empty and stripped
    verb, rest = first.group(1), text[first.end() :]
    kind = _VERBS.get(verb.lower().rstrip(":,"))
    if kind is None:
        return Intent("other", text)
    return Intent(kind, rest.strip())


def mentions(text: str, user_id: str | None) -> bool:
    """Whether `text` @-mentions `user_id` (then the app_mention listener answers it)."""
    return bool(user_id) and f"<@{user_id}" in (text or "")
