"""A plan document as the extractors read it: sections, sentences, and what a sentence affirms.

Three texts share one set of offsets, so any match maps back to a line of the file:
``text`` is the document with reviewer directives blanked (quotes come from it); ``ext``
is what patterns run on: lower case, template placeholders blanked (a '[e.g., PR-AUC]' is
not a decision) and hard-wrapped lines joined so a sentence reads as one.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator, Sequence
from typing import Literal

from mlplan.critique import _directives, _outline
from mlplan.domain import Evidence, Section
from mlplan.understand._facts import lower
from mlplan.understand._match import (
    alternatives,
    leading_literals,
    literal_matches,
    word_starts,
)
from mlplan.validate._facts import PLACEHOLDER  # S02 decides what one is

Polarity = Literal["yes", "no", "maybe"]

_NEG_BEFORE = re.compile(
    r"(?<![\w-])(?:no|not|never|without|none|nothing|neither|nor|cannot|can't|won't|don't|doesn't|"
    r"isn't|aren't|wasn't|weren't|haven't|hasn't|hadn't|shouldn't|wouldn't|didn't|avoid(?:s|ing|"
    r"ed)?|instead of|rather than|unlike|except|excluding|(?<!digitally )(?<!socially )(?<!financially )"
    r"exclude[sd]?|lacks?|lacking|no longer|"
    r"stop(?:ped)? using|forgo(?:ing)?|abandon(?:s|ed|ing)?)(?![\w-])"
    r"(?! only\b| later\b| more\b| less\b| fewer\b| earlier\b| sooner\b)"
)
_NEG_AFTER = re.compile(
    r"\s*(?:[:=–—-]\s*)?(?:none|no|n/?a|nil|not (?:yet|planned|defined|needed|required|applicable|"
    r"decided|in scope|possible|available|implemented|used|reported)|out of scope|missing|absent)\b"
    r"|[^.;,()\n]{0,30}?\b(?:is|are|will|would|should|shall|must|can|could|does|do|has|have|was|"
    r"were)\s+(?:not|never)\b(?! only)(?! (?:worse|lower|higher|less|more|greater|smaller|larger|"
    r"below|above|under|over)\b)"
    r"|[^.;,()\n]{0,30}?\b(?:isn't|aren't|won't|wouldn't|shouldn't|can't|cannot|doesn't|don't|"
    r"hasn't|haven't|wasn't|weren't)\b"
    r"|\s*(?:is|are)\s+(?:misleading|meaningless|useless|irrelevant|inappropriate|unsuitable|"
    r"not (?:meaningful|useful|appropriate|suitable|reliable|informative))"
)
_UNITS = tuple(
    unit + plural
    for unit in ("minute", "hour", "day", "week", "month", "year")
    for plural in ("", "s")
)
"""'90 days later' says when, not that the author defers something."""
_HAPPENED = ("was", "were", "is", "are", "been", "and")
"""'records that were later settled' says what happened to them, not that anything is deferred."""
_HEDGE = re.compile(
    r"(?<![\w-])(?:might|possibly|perhaps|maybe|potentially|ideally|hopefully|consider(?:ing)?|"
    r"eventually|someday|tbd|tbc|"
    + "".join(f"(?<!{u} )" for u in _UNITS + _HAPPENED)
    + r"later(?! (?:training|data|models?|versions?|rounds?|retrain\w*|labels?|cohorts?|periods?|"
    r"stages?|batch(?:es)?|releases?|snapshots?|runs?)\b)|in the future|future work|nice[- ]to[- ]have|stretch goal|"
    r"if (?:time|budget|capacity) (?:permits|allows)|would (?:like|be nice)|not sure|unsure|"
    r"unclear|undecided|to be (?:decided|determined|defined|confirmed|agreed|discussed)|"
    r"open question|not yet|yet to be|phase 2|v2)(?![\w-])|\?"
)
_NEG_LABEL = re.compile(
    r"[\s*#>|•+-]*(?:not used|not included|excluded|exclusions|dropped|removed|left out|"
    r"never used|(?:we )?(?:do not|don't|won't|will not) use|deliberately (?:excluded|left out|"
    r"not used)|out of scope)\b[^:.;!?\n]{0,30}:"
)
"""A line that opens with a negative label: every item listed after it is excluded."""
_NEG_VALUE = re.compile(
    r"[^.:;\n]{0,40}:[\s*_]*(?:none|n/?a|nil|not applicable|no|not (?:needed|required|in scope|"
    r"planned))(?![\w-])"
)
"""The rest of a label whose value denies it ('Rollback plan: none', 'Fairness review: N/A')."""
_CLAUSE_AFTER = re.compile(r"(?<!\d),(?! ?(?:maybe|perhaps|possibly|later|tbd|tbc)\b)|;")
"""Where the clause after a match ends, for hedges: a comma or semicolon (not '3,000', and not a
comma that only sets off the hedge itself: 'a canary stage, maybe')."""
_UNTICKED = re.compile(r"\s*(?:[-*+]\s+)?\[ \]\s")
"""An unticked checklist box: what follows is still to be decided."""
_NEW_CLAUSE = re.compile(
    r"\s(?:and|but|while|whereas|so|yet)\s+(?:the|it|its|this|that|we|they|our|their|there|each|"
    r"every)\s+(?:[\w-]+\s+){0,3}?(?:is|are|was|were|will|stays?|remains?|runs?|costs?|takes?)\b"
)
"""A coordinated clause with its own subject and verb: a negation before it does not reach past."""
_CLAUSE_STOP = frozenset(".;!?:,()\n")
_SENTENCE_STOP = frozenset(".;!?\n")
_ABBREVIATIONS = ("e.g", "i.e", "etc", "vs", "approx", "incl", "cf", "fig", "no", "avg", "est")
_REACH = 400
_NEWLINE = re.compile("\n")
_CLAUSE_END = re.compile(r"(?<!\d),|,(?!\d{3}\b)|[;()]|\s(?:and|but|while|whereas)\s")
"""A clause ends at a comma (not the one in '3,000'), a semicolon, a bracket or a joiner."""
_JOINER_BEFORE = re.compile(r"(?:.*\s)?(?:and|but|while|whereas)\s", re.S)
_LABEL_PUNCT = re.compile(r"[\s:=*_|#>•–—/.,()-]+")
_LABEL_FILLER = re.compile(
    r"\b(?:plan|strategy|approach|mechanism|details?|process|criteria|target|method|policy|"
    r"procedure|setup|owner|the|our|a|an|and|of|for|to|be|is|will|defined|tbd)\b"
)


class Hit:
    """A pattern match in the document with what the sentence around it says about it.

    Line and polarity are worked out on first use: most matches are looked at and dropped.
    """

    __slots__ = ("_doc", "_line", "_polarity", "end", "match", "scoped", "start")

    def __init__(self, doc: Document, match: re.Match[str], scoped: bool) -> None:
        self._doc = doc
        self.match = match
        self.start, self.end = match.span()
        self.scoped = scoped
        """False when found outside the sections the caller asked for."""
        self._line: int | None = None
        self._polarity: Polarity | None = None

    @property
    def line(self) -> int:
        if self._line is None:
            self._line = self._doc.line_of(self.start)
        return self._line

    @property
    def polarity(self) -> Polarity:
        if self._polarity is None:
            self._polarity = self._doc.polarity(self.match)
        return self._polarity


class Document:
    """The document, its outline and the search helpers every extractor uses."""

    def __init__(self, text: str) -> None:
        raw = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
        raw = raw.replace("\ufeff", "")
        spans = _directives.find_directives(lower(raw))
        self.text = _directives.blank(raw, spans)
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", self.text))]
        self.lines = self.text.split("\n")
        self.directives = _directives.as_evidence(raw, spans, self.line_starts)
        directive_lines = {
            self.line_of(start) - 1 + k
            for start, end in spans
            for k in range(raw.count("\n", start, end) + 1)
            if not self.lines[self.line_of(start) - 1 + k].strip()
        }
        self.placeholders = list(PLACEHOLDER.finditer(self.text))
        self._placeholder_starts = [m.start() for m in self.placeholders]
        masked = _directives.blank(self.text, [m.span() for m in self.placeholders])
        self.masked = masked
        """Directives and placeholders blanked, original case: what the brief reader sees."""
        self.outline = _outline.scan(self.lines, self.line_starts, directive_lines)
        _outline.assign(self.outline, self.text, self.line_starts, len(self.text))
        self._block_starts = [b.start for b in self.outline.blocks]
        heading_spans = [(h.start, h.end) for h in self.outline.headings]
        joined = _join_wrapped(_directives.blank(masked, heading_spans), self.outline.blocks)
        self.ext = lower(joined).replace("’", "'")
        self.memo: dict[tuple[str, ...], tuple[str, str]] = {}
        """Derived texts (and their lower case) computed once per document (see
        ``_brief._blanked``)."""

    @functools.cached_property
    def word_starts(self) -> dict[str, list[int]]:
        """Where words start in ``ext``, by their first three characters (see ``_scan``)."""
        return word_starts(self.ext)

    @functools.cached_property
    def masked_lower(self) -> str:
        """``masked`` lower-cased, same offsets."""
        return lower(self.masked)

    @property
    def line_count(self) -> int:
        return len(self.lines) - (1 if self.lines and not self.lines[-1] else 0)

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset."""
        return bisect.bisect_right(self.line_starts, offset)

    # -- finding ---------------------------------------------------------------------------

    def ranges(self, scopes: Sequence[Section]) -> list[tuple[int, int]]:
        """Offsets of the scopes' text, in scope order, each range once."""
        out: list[tuple[int, int]] = []
        for section in scopes:
            out.extend(r for r in self.outline.ranges.get(section, ()) if r not in out)
        return out

    def find(
        self, rx: re.Pattern[str], scopes: Sequence[Section] = (), *, anywhere: bool = True
    ) -> Iterator[Hit]:
        """Every match of ``rx`` in the scopes' text (in scope order), then elsewhere."""
        searched = self.ranges(scopes)
        for r in searched:
            for m in _scan(rx, self.ext, *r, self.word_starts):
                yield Hit(self, m, True)
        if not anywhere:
            return
        searched.sort()
        starts = [a for a, _ in searched]
        for r in self.outline.everywhere:
            for m in _scan(rx, self.ext, *r, self.word_starts):
                i = bisect.bisect_right(starts, m.start()) - 1
                if i < 0 or m.start() >= searched[i][1]:
                    yield Hit(self, m, not scopes)

    def first(
        self,
        rx: re.Pattern[str],
        scopes: Sequence[Section] = (),
        *,
        anywhere: bool = True,
        hedged: bool = False,
    ) -> Hit | None:
        """The first affirmed match (hedged ones too when ``hedged``)."""
        ok = ("yes", "maybe") if hedged else ("yes",)
        return next((h for h in self.find(rx, scopes, anywhere=anywhere) if h.polarity in ok), None)

    # -- reading ---------------------------------------------------------------------------

    def polarity(self, m: re.Match[str]) -> Polarity:
        """'no' when the clause negates the match, 'maybe' when the sentence hedges it."""
        start, end = m.span()
        clause_start = _back(self.ext, start, _CLAUSE_STOP, 80)
        negators = list(_NEG_BEFORE.finditer(self.ext, clause_start, start))
        joiner = negators and _NEW_CLAUSE.search(
            self.ext, negators[-1].end(), min(len(self.ext), end + 60)
        )
        if joiner and joiner.start() < start:
            negators = []  # 'no latency concern and the cost is ...': the 'no' ends at 'and the'
        if negators or _NEG_AFTER.match(self.ext, end):
            return "no"
        line_start = self.line_starts[self.line_of(start) - 1]
        if _NEG_LABEL.match(self.ext, line_start, start):
            return "no"  # '**Not used:** first language, age, gender': a list of exclusions
        if ":" not in self.ext[line_start:start] and _NEG_VALUE.match(self.ext, end):
            return "no"  # 'Fairness considerations: N/A — ...': the label's value denies it
        s_start, s_end = self.sentence(start, end)
        # a hedge before the match anywhere in the sentence, after it only in its own clause:
        # 'we roll out site by site, leaving the sites not yet switched on the old rules'
        after = _CLAUSE_AFTER.search(self.ext, end, s_end)
        h_end = after.start() if after is not None else s_end
        if any(not _aside(self.ext, h.start(), start, s_start, s_end)
               for h in _HEDGE.finditer(self.ext, s_start, h_end)):  # fmt: skip
            return "maybe"
        if _UNTICKED.match(self.ext, line_start):
            return "maybe"  # '- [ ] Rollback plan': a to-do on a checklist, not a decision
        return "yes"

    def sentence(self, start: int, end: int | None = None) -> tuple[int, int]:
        """Offsets of the sentence (or bullet, or table cell) around a match."""
        ext = self.ext
        lo = _back(ext, start, _SENTENCE_STOP, _REACH, abbreviations=True)
        hi, limit = end if end is not None else start, min(len(ext), start + _REACH)
        while hi < limit:
            c = ext[hi]
            if c == "\n" or (c in ".;!?" and (hi + 1 >= len(ext) or ext[hi + 1].isspace())
                             and not _abbreviation(ext, hi)):  # fmt: skip
                break
            hi += 1
        return lo, hi

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """Offsets of the clause around a match: the sentence cut at commas, semicolons,
        brackets and 'and / but / while' ('tuned on validation, and the test set is used once'
        is two clauses, and only the second mentions the test set)."""
        s_start, s_end = self.sentence(start, end)
        lo = max(s_start, _back(self.ext, start, _CLAUSE_STOP, 200))
        joiner = _JOINER_BEFORE.search(self.ext, lo, start)
        if joiner is not None:
            lo = joiner.end()
        stop = _CLAUSE_END.search(self.ext, end, s_end)
        return lo, stop.start() if stop else s_end

    def quote(self, start: int, end: int, limit: int = 200) -> str:
        """The document's own words between two offsets, on one line, clipped."""
        words = " ".join(self.text[start:end].split()).strip(" -*•|#>")
        return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"

    def sentence_quote(self, hit: Hit, limit: int = 200) -> str:
        return self.quote(*self.sentence(hit.start, hit.end), limit=limit)

    def evidence(self, hit: Hit, limit: int = 200) -> Evidence:
        return Evidence(line=hit.line, quote=self.sentence_quote(hit, limit))

    def block_at(self, offset: int) -> _outline.Block | None:
        """The paragraph, bullet or row that holds ``offset``."""
        blocks = self.outline.blocks
        i = bisect.bisect_right(self._block_starts, offset) - 1
        return blocks[i] if i >= 0 and offset < blocks[i].end else None

    def block_text(self, block: _outline.Block) -> str:
        return self.quote(block.start, block.end, limit=400)

    def label_only(self, hit: Hit) -> bool:
        """True for 'Rollback: TBD': the match is a template label whose value is a placeholder."""
        start, end = self.sentence(hit.start, hit.end)
        rest = _LABEL_FILLER.sub(" ", self.ext[start : hit.start] + " " + self.ext[hit.end : end])
        if _LABEL_PUNCT.sub("", rest):
            return False
        i = bisect.bisect_left(self._placeholder_starts, start)
        return i < len(self._placeholder_starts) and self._placeholder_starts[i] < end


def asked_before(doc: Document, offset: int) -> str:
    """The question an answer replies to: the block before, when it ends with '?' ('How does it
    go live?' ... 'Start with the six intersections of the east corridor'). In an interview or a
    Q&A the topic is in the question, not repeated in the answer; '' otherwise."""
    block = doc.block_at(offset)
    if block is None:
        return ""
    blocks = doc.outline.blocks
    i = blocks.index(block)
    floor = blocks[i - 1].end if i > 0 else 0
    heading = next(
        (h for h in reversed(doc.outline.headings) if floor <= h.start and h.end <= block.start),
        None,
    )
    if heading is not None:  # '**Q: How would you roll it out?**' as a heading of its own
        text = heading.text.strip().rstrip(" *_")
        if text.endswith("?"):
            return text
    if i == 0:
        return ""
    before = blocks[i - 1]
    text = doc.ext[before.start : before.end].rstrip(" *_")
    return text if text.endswith("?") else ""


_BOUNDARIES = ("\\b", "(?<![\\w-])")
_PLANS: dict[re.Pattern[str], tuple[tuple[str, ...] | None, bool]] = {}


def _plan(rx: re.Pattern[str]) -> tuple[tuple[str, ...] | None, bool]:
    """The literals every match of ``rx`` starts with (None when that cannot be told), and
    whether every match starts a word (each alternative opens with a word boundary).

    A plan has many patterns and a 10,000-word document; finding the literal words with
    ``str.find`` (or in the document's index of word starts) and confirming each with
    ``rx.match`` is several times faster than a scan, whose leading look-behind makes the
    regex engine test every position.
    """
    if rx in _PLANS:
        return _PLANS[rx]
    parts, bounded = [], True
    for part in alternatives(rx.pattern):
        prefix = next((p for p in _BOUNDARIES if part.startswith(p)), "")
        bounded = bounded and bool(prefix)
        parts.append(part[len(prefix) :])
    plan = (leading_literals("|".join(parts)), bounded)
    _PLANS[rx] = plan
    return plan


def _scan(
    rx: re.Pattern[str],
    text: str,
    start: int,
    end: int,
    starts: dict[str, list[int]] | None = None,
) -> Iterator[re.Match[str]]:
    """What ``rx.finditer(text, start, end)`` yields, found the fastest way ``_plan`` knows
    (``starts``: `word_starts` of ``text``, used for patterns that match at word starts)."""
    literals, bounded = _plan(rx)
    if literals is None:
        return rx.finditer(text, start, end)
    return literal_matches(rx, literals, text, start, end, starts if bounded else None)


def _aside(text: str, at: int, match: int, lo: int, hi: int) -> bool:
    """True when offset ``at`` sits in a bracketed aside that does not hold the match: 'we track
    the hit rate of visits (did the technician find an issue?)' asks nothing about the tracking."""
    opened = text.rfind("(", lo, at)
    if opened == -1 or text.rfind(")", opened, at) != -1:
        return False
    closed = text.find(")", at, hi)
    return closed != -1 and not opened <= match <= closed


def _abbreviation(text: str, dot: int) -> bool:
    """True when the '.' at ``dot`` ends an abbreviation ('e.g.', 'vs.'), not a sentence."""
    if text[dot] != ".":
        return False
    head = text[max(0, dot - 7) : dot]
    word = head.rsplit(" ", 1)[-1].lstrip("([")
    return word in _ABBREVIATIONS


def _back(
    text: str, pos: int, stops: frozenset[str], reach: int, *, abbreviations: bool = False
) -> int:
    """Start of the clause or sentence that contains ``pos``."""
    i, floor = pos - 1, max(0, pos - reach)
    while i >= floor:
        c = text[i]
        if c in stops and not _thousands(text, i):
            hard = c in "\n(),:" or i + 1 >= len(text) or text[i + 1].isspace()
            if hard and not (abbreviations and _abbreviation(text, i)):
                return i + 1
        i -= 1
    return floor


def _thousands(text: str, i: int) -> bool:
    """True for the comma of '3,000' or '1,250,000': a digit group, not a clause break."""
    return (
        text[i] == ","
        and i > 0
        and text[i - 1].isdigit()
        and text[i + 1 : i + 4].isdigit()
        and not text[i + 4 : i + 5].isdigit()
    )


def _join_wrapped(text: str, blocks: list[_outline.Block]) -> str:
    """Newlines inside a paragraph or bullet item become spaces: one sentence, one string."""
    cuts = [
        m.start()
        for block in blocks
        if block.last_line > block.line
        for m in _NEWLINE.finditer(text, block.start, block.end)
    ]
    if not cuts:
        return text
    chars = list(text)
    for nl in cuts:
        chars[nl] = " "
    return "".join(chars)
