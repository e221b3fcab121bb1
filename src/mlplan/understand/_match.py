"""Cue patterns that skip the regex when the brief cannot contain a match.

Most cue entries match nothing in a given brief. A substring test for the literal words a
match must start with ('gdpr', 'hipaa', 'customer') costs a fraction of a microsecond; a
regex scan of a 2,000-character brief costs tens. `Cue` derives those literals from the
pattern itself, conservatively: when it cannot tell, it always runs the regex.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TypeVar

K = TypeVar("K")
_META = frozenset("\\()[]{}?*+|.^$")
_OPTIONAL_NEXT = frozenset("?*{")


def _structure(pattern: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """Yield (index, char, depth after it) for chars outside escapes and character classes.

    One scanner for both callers below, so escapes and classes are handled the same way.
    """
    depth, i, in_class = 0, start, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        else:
            depth += (ch == "(") - (ch == ")")
            yield i, ch, depth
        i += 1


def _closing(pattern: str, start: int) -> int:
    """Index of the ')' closing the '(' at `start` (escapes and classes respected)."""
    for i, ch, depth in _structure(pattern, start):
        if ch == ")" and depth == 0:
            return i
    raise ValueError(f"unbalanced pattern: {pattern!r}")


def alternatives(pattern: str) -> list[str]:
    """Top-level '|' alternatives of a pattern."""
    parts, last = [], 0
    for i, ch, depth in _structure(pattern):
        if ch == "|" and depth == 0:
            parts.append(pattern[last:i])
            last = i + 1
    parts.append(pattern[last:])
    return parts


def _leading(alternative: str) -> set[str] | None:
    """Literals one of which every match of `alternative` starts with; None when unknown."""
    if alternative.startswith("(?:"):
        close = _closing(alternative, 0)
        if alternative[close + 1 : close + 2] in _OPTIONAL_NEXT:
            return None
        found: set[str] = set()
        for inner in alternatives(alternative[3:close]):
            lits = _leading(inner)
            if lits is None:
                return None
            found |= lits
        return found
    literal = ""
    for i, ch in enumerate(alternative):
        following = alternative[i + 1 : i + 2]
        if ch in _META or (following and following in _OPTIONAL_NEXT):
            break  # a metacharacter, or a character that may be absent ('customers?')
        literal += ch
    return {literal} if len(literal) >= 2 else None


def leading_literals(pattern: str) -> tuple[str, ...] | None:
    """Literals one of which every match of `pattern` starts with; None when unknown."""
    found: set[str] = set()
    for alternative in alternatives(pattern):
        lits = _leading(alternative)
        if lits is None:
            return None
        found |= lits
    return tuple(sorted(found))


class Cue:
    """A lower-case cue pattern anchored at a word start, with a literal prefilter."""

    __slots__ = ("literals", "rx")

    def __init__(self, pattern: str) -> None:
        self.rx = re.compile(r"(?<![\w-])(?:" + pattern + r")")
        self.literals = leading_literals(pattern)

    def _possible(self, low: str) -> bool:
        return self.literals is None or any(lit in low for lit in self.literals)

    def search(self, low: str) -> re.Match[str] | None:
        return self.rx.search(low) if self._possible(low) else None

    def finditer(self, low: str) -> Iterator[re.Match[str]]:
        return self.rx.finditer(low) if self._possible(low) else iter(())


# 'not' as a word, not the 'not-' of 'card-not-present'.
_NEGATION = re.compile(
    r"\b(?:no|not|without|never|don't|doesn't|isn't|aren't|neither|nor)\b(?!-)[^.;,:\n]{0,25}$"
)


def negated(text: str, m: re.Match[str]) -> bool:
    return bool(_NEGATION.search(text[max(0, m.start() - 30) : m.start()]))


def affirmed(rx: Cue, text: str) -> re.Match[str] | None:
    """The first match of rx that the brief does not negate ('we will not need real-time')."""
    return next((m for m in rx.finditer(text) if not negated(text, m)), None)


def first_hit(table: Iterable[tuple[K, Cue]], text: str) -> tuple[K, re.Match[str]] | None:
    """The first table row (in table order) with an affirmed match."""
    for name, rx in table:
        m = affirmed(rx, text)
        if m:
            return name, m
    return None
