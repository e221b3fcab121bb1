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


@dataclass(frozen=True)
class DataOptions:
    """Columns named in the message that shares a data file (`target=churned`, …)."""

    target: str | None = None
    time_column: str | None = None
    group_column: str | None = None

    def named(self) -> dict[str, str]:
        """The options given, as the user would write them (`target`, `time`, `group`)."""
        pairs = (("target", self.target), ("time", self.time_column), ("group", self.group_column))
        return {k: v for k, v in pairs if v}


_COLUMN_WORD = r"(?:[ _-]?col(?:umn)?)?"
_OPTION = re.compile(
    r"(?<![\w-])(?P<dash>--)?(?P<key>target|time" + _COLUMN_WORD + r"|group" + _COLUMN_WORD + r")"
    r"(?:\s*[=:]\s*|(?(dash)\s+|(?!)))"
    r"(?P<value>`[^`\n]+`|\"[^\"\n]+\"|'[^'\n]+'|“[^”\n]+”|‘[^’\n]+’|(?:&(?:amp|lt|gt);|[^\s,;])+)",
    re.IGNORECASE,
)
_QUOTES = ("``", '""', "''", "“”", "‘’")


def _column(value: str) -> str:
    if len(value) >= 2 and value[0] + value[-1] in _QUOTES:
        value = value[1:-1]
    else:
        value = value.rstrip(".)!?")
    # Slack escapes these three in message text
    return value.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()


def parse_data_options(text: str) -> tuple[DataOptions, str]:
    """`target=COL` / `target: COL` / `--target COL`, `time=COL` / `time-column=COL`,
    `group=COL` / `group-column=COL` (any case; a column with spaces in quotes or
    backticks) out of `text`; the rest of the text is returned as written."""
    found: dict[str, str] = {}
    for match in _OPTION.finditer(text or ""):
        key = match.group("key").lower()
        column = _column(match.group("value"))
        if column:  # the last mention of an option wins
            found[next(k for k in ("target", "time", "group") if key.startswith(k))] = column
    rest = _OPTION.sub(" ", text or "")
    rest = re.sub(r"[ \t]*([,;])(?:[ \t]*[,;])+", r"\1", rest)
    rest = re.sub(r"[ \t]{2,}", " ", rest)
    rest = re.sub(r"(?m)^[ \t,;]+|[ \t,;]+$", "", rest).strip()
    options = DataOptions(found.get("target"), found.get("time"), found.get("group"))
    return options, rest
