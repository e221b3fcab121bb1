"""Where each plan section sits in a document: headings, content blocks and section spans.

Headings are recognised however they are written (ATX '##', setext underlines, a bold line,
a numbered '3.2 Model', a short plain line such as 'Data we have:') and mapped to sections
through the synonym table in ``_tables``. Text under a heading that names no section, and
documents with no headings at all, are assigned paragraph by paragraph from their content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mlplan.critique import _tables
from mlplan.domain import Section, SectionSpan

_ATX = re.compile(r" {0,3}(#{1,6})\s+(.*?)\s*#*\s*")
_SETEXT = re.compile(r" {0,3}(?:=+|-{2,})\s*")
_BOLD_LEAD = re.compile(r"\s*(?:\*\*|__)([A-Za-z][^*_\n]{1,40}?)[.:]?(?:\*\*|__)[.:]?\s+(?=\S)")
_BOLD = re.compile(r"\s*(?:\*\*|__)([^*_\s][^*_]*?)(?:\*\*|__)\s*:?\s*")
_BULLET = re.compile(r"(\s*)(?:[-*+•·▪◦‣]|\d{1,3}[.)]|[a-h][.)]|\(\w{1,3}\))\s+")
_TABLE_SEP = re.compile(r"\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*")
_FENCE = re.compile(r"\s*(?:```|~~~)")
_NUMBERING = re.compile(
    r"^(?:(?:section|part|chapter|step)\s+)?(?P<n>\d{1,2}(?:\.\d{1,2})*)\.?\s+|^[ivx]{1,4}\.\s+"
    r"|^[a-z][.)]\s+"
)
_MARKUP = re.compile(r"[*_`#]+")
_LABEL = re.compile(
    r"\s*(?:[-*+•]\s+)?(?:\*\*|__)?(?P<label>[A-Za-z][\w /&'()-]{0,40}?)(?:\*\*|__)?\s*:"
)
_FILLER = (
    r"(?:(?:the|our|proposed|initial|current|key|ml|project)\s+)?"
    r"(?:{syn})"
    r"(?:\s+(?:and|/|,)\s+(?:{syn}))*"
    r"(?:\s*/\s*[a-z]+(?:\s[a-z]+)?)?"  # 'features / prep', 'split / tuning': a short aside
    r"(?:\s+(?:plan|strategy|approach|details|overview|section|notes|requirements|design|setup|"
    r"considerations|criteria|summary|we have|used|and scope))?"
)

SectionSet = tuple[Section, ...]


def _compile() -> tuple[dict[Section, re.Pattern[str]], dict[Section, re.Pattern[str]]]:
    loose, strict = {}, {}
    for section, words in _tables.HEADING_SYNONYMS.items():
        alts = "|".join(words)
        loose[section] = re.compile(r"(?<![\w-])(?:" + alts + r")(?![\w-])")
        strict[section] = re.compile(_FILLER.format(syn=alts))
    return loose, strict


_LOOSE, _STRICT = _compile()
_CUES = {section: re.compile(p) for section, p in _tables.CONTENT_CUES.items()}
_HINTS = [(re.compile(p), path) for p, path in _tables.HEADING_HINTS]
_DATA_ONLY = re.compile(r"(?:training|test|evaluation|model|feature)\s+(?:data(?:set)?s?|sets?)")


def normalise_heading(text: str) -> str:
    """'## 3.2 **Model**:' -> 'model': the words of a heading, without numbering or markup."""
    text = _MARKUP.sub(" ", text.replace("&", " and ")).strip().lower()
    text = _NUMBERING.sub("", text)
    text = re.sub(r"[\s:;.,!?()\[\]–—-]+$", "", text)
    return " ".join(text.split())


def map_heading(text: str, *, strict: bool) -> SectionSet | None:
    """Sections a heading names (in the order it names them); () for ignored, None for none.

    ``strict`` (plain lines that might be prose) needs the whole line to be a synonym, with a
    little filler ('Data we have', 'Our approach'); marked-up headings only need to contain one.
    """
    norm = normalise_heading(text)
    if not norm or len(norm) > 80:
        return None
    if _tables.IGNORED_HEADINGS.fullmatch(norm):
        return ()
    if _DATA_ONLY.fullmatch(norm):
        return (Section.DATA,)
    if norm in _tables.HEADING_EXACT:
        return (_tables.HEADING_EXACT[norm],)
    if strict:
        found = [s for s, rx in _STRICT.items() if rx.fullmatch(norm)]
        return tuple(found) if found else None
    if len(norm.split()) > 10:
        return None
    hits = sorted(
        (m.start(), i, s) for i, (s, rx) in enumerate(_LOOSE.items()) if (m := rx.search(norm))
    )
    return tuple(s for _, _, s in hits) or None


def classify(text: str, *, min_score: int = 1) -> SectionSet | None:
    """The section a paragraph is about, from its label ('Rollout: ...') or its words.

    ``min_score`` distinct cue words are needed: 1 in a document without usable headings,
    2 for stray paragraphs (a title block, an 'Owner: ...' line) of a document that has them.
    """
    if text.startswith("|"):  # a table row: its first cell is the label ('| Split | By date |')
        cell = text.strip("| ").split("|", 1)[0].strip("*_ ")
        named = map_heading(cell, strict=False) if cell and len(cell) <= 40 else None
        if named:
            return named[:1]
    label = _LABEL.match(text)
    if label and _tables.METADATA_LABELS.fullmatch(label.group("label").strip().lower()):
        return ()  # 'Owner: ...' is about the document
    if label:
        named = map_heading(label.group("label"), strict=False)
        if named:
            return named[:1]
    low = text.lower()
    scores = {section: len(set(rx.findall(low))) for section, rx in _CUES.items()}
    best = max(scores.values())
    if best < min_score or best == 0:
        return None
    order = list(_CUES)
    if min_score > 1:  # a stray paragraph of a structured document: its one topic
        return (next(s for s in order if scores[s] == best),)
    # prose: a paragraph often covers two topics ('deployed as a batch job ... monitor drift')
    return tuple(
        s for s in order if scores[s] == best or (scores[s] >= 2 and scores[s] >= best - 1)
    )


@dataclass(slots=True)
class Heading:
    line: int
    level: int
    text: str
    start: int
    end: int
    """Offsets of the heading line (end excludes the newline)."""
    sections: SectionSet | None = None
    """Sections named, inherited from a parent heading, () if ignored, None if unmapped."""
    hint: str | None = None
    """List field the bullets under this heading fill (HEADING_HINTS)."""


@dataclass(slots=True)
class Block:
    """A paragraph, one bullet item (with its continuation lines) or one table row."""

    start: int
    end: int
    line: int
    last_line: int
    kind: str
    heading: int
    sections: SectionSet = ()


@dataclass(slots=True)
class Outline:
    headings: list[Heading] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    spans: list[SectionSpan] = field(default_factory=list)
    ranges: dict[Section, list[tuple[int, int]]] = field(default_factory=dict)
    """Offsets of each section's text, in document order."""
    everywhere: list[tuple[int, int]] = field(default_factory=list)
    """Offsets of all plan text: the document minus the regions of ignored headings."""

    def blocks_of(self, section: Section) -> list[Block]:
        return [b for b in self.blocks if section in b.sections]

    def hinted(self, path: str) -> list[Block]:
        """Blocks under headings whose bullets are items of ``path`` (e.g. success criteria)."""
        wanted = {i for i, h in enumerate(self.headings) if h.hint == path}
        return [b for b in self.blocks if b.heading in wanted]


def scan(lines: list[str], line_starts: list[int], blank_lines: set[int]) -> Outline:
    """Headings and blocks of the document; ``blank_lines`` are lines that held only directives."""
    out = Outline()
    n, i, fence = len(lines), 0, False
    if lines and lines[0].strip() == "---":  # YAML front matter is metadata, not plan text
        close = next((j for j in range(1, min(n, 60)) if lines[j].strip() == "---"), None)
        i = close + 1 if close is not None else 0
    current: Block | None = None
    bullet_indent = 0
    while i < n:
        line = lines[i]
        stripped = line.strip()
        if _FENCE.match(line):
            fence, current = not fence, None
        if fence or _FENCE.match(line):
            i += 1
            continue
        if not stripped:
            if i not in blank_lines:
                current = None
            i += 1
            continue
        heading = _heading(lines, i, current is None)
        if heading is not None:
            level, text, skip = heading
            start = line_starts[i]
            out.headings.append(Heading(i + 1, level, text, start, start + len(line)))
            current = None
            i += skip
            continue
        if _TABLE_SEP.fullmatch(line):
            i += 1
            continue
        start = line_starts[i] + (len(line) - len(line.lstrip()))
        end = line_starts[i] + len(line.rstrip())
        lead = _BOLD_LEAD.match(line) if current is None else None
        if lead is not None and map_heading(lead.group(1), strict=False):
            # '**Training.** Weekly snapshots ...': a run-in heading, then its paragraph
            out.headings.append(Heading(i + 1, 6, lead.group(1), line_starts[i],
                                        line_starts[i] + lead.end()))  # fmt: skip
            start = line_starts[i] + lead.end()
        bullet = _BULLET.match(line)
        row = stripped.startswith("|")
        indent = len(line) - len(line.lstrip())
        continues = current is not None and current.kind != "row" and not row and not bullet
        if (
            current is not None
            and current.kind == "bullet"
            and not bullet
            and indent < bullet_indent
        ):
            continues = continues and indent > 0
        if continues and current is not None:
            current.end, current.last_line = end, i + 1
        else:
            kind = "row" if row else "bullet" if bullet else "para"
            current = Block(start, end, i + 1, i + 1, kind, len(out.headings) - 1)
            out.blocks.append(current)
            bullet_indent = bullet.end() if bullet else 0
        i += 1
    return out


def _heading(lines: list[str], i: int, fresh: bool) -> tuple[int, str, int] | None:
    """(level, text, lines to skip) when line ``i`` is a heading."""
    line = lines[i]
    atx = _ATX.fullmatch(line)
    if atx and atx.group(2):
        return len(atx.group(1)), atx.group(2), 1
    nxt = lines[i + 1] if i + 1 < len(lines) else ""
    if fresh and _SETEXT.fullmatch(nxt) and not _BULLET.match(line) and "|" not in line:
        return (1 if nxt.strip().startswith("=") else 2), line.strip(), 2
    bold = _BOLD.fullmatch(line)
    if bold and len(bold.group(1).split()) <= 10:
        return 5, bold.group(1), 1
    stripped = line.strip()
    words = stripped.split()
    if not fresh or len(words) > 7 or stripped[-1] in ".;,!?" or stripped.startswith("|"):
        return None
    numbered = _NUMBERING.match(stripped.lower())
    if _BULLET.match(line) and not numbered:
        return None
    if map_heading(stripped, strict=True) is None:
        return None
    if numbered and numbered.group("n"):
        return 1 + numbered.group("n").count(".") + 1, stripped, 1
    after = nxt.strip()
    standalone = stripped.endswith(":") or not after or _BULLET.match(nxt) is not None
    indented = bool(after) and len(nxt) - len(nxt.lstrip()) > len(line) - len(line.lstrip())
    return (6, stripped, 1) if standalone or indented or numbered else None


def assign(out: Outline, text: str, line_starts: list[int], total: int) -> None:
    """Give every heading and block its sections, then build spans and search ranges."""
    first_block = out.blocks[0].line if out.blocks else None
    title = _title(out.headings, first_block)
    for k, heading in enumerate(out.headings):
        named = None if k == title else map_heading(heading.text, strict=False)
        if named is None and k != title:
            parent = next((p for p in reversed(out.headings[:k]) if p.level < heading.level), None)
            named = parent.sections if parent is not None else None
        heading.sections = named
        norm = normalise_heading(heading.text)
        heading.hint = next((path for rx, path in _HINTS if rx.fullmatch(norm)), None)
    structured = any(h.sections for h in out.headings)
    first_mapped = next((h.line for h in out.headings if h.sections), None)
    previous: tuple[int, SectionSet] | None = None
    opening = True
    asked: SectionSet | None = None
    for block in out.blocks:
        topic, asked = asked, None
        content = text[block.start : block.end]
        if content.rstrip(" *_").endswith("?"):  # an interview question: its answer's topic
            asked = _question_topic(content)
        if _owned(out, block):
            block.sections = out.headings[block.heading].sections or ()
            if block.sections:  # 'Timeline: sign-off in May' under 'Ongoing checks'
                block.sections += _run_in(content, block.sections)
            continue
        if topic:  # '**Interviewer:** How do you know it works?' ... '**Candidate:** ROC-AUC …'
            block.sections = topic
            previous = (block.heading, block.sections)
            continue
        found = classify(content, min_score=2 if structured else 1)
        if found is None and previous is not None and previous[0] == block.heading:
            found = previous[1]
        before_sections = first_mapped is not None and block.line < first_mapped
        if found is None and before_sections and opening and len(content.split()) >= 8:
            found = (Section.OVERVIEW,)  # the paragraph a document opens with is its summary
        if found is None or found:
            opening = opening and found is None
        block.sections = found or ()
        previous = (block.heading, block.sections)
    _spans(out, line_starts, total)


_SPEAKER = re.compile(r"\s*(?:\*\*|__)?[A-Za-z][\w .'-]{0,30}?(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*")


def _question_topic(question: str) -> SectionSet | None:
    """The section an interview question asks about ('How do you know it works?' is evaluation,
    'Rollout?' deployment), read without its speaker label; None when it names none."""
    words = _SPEAKER.sub("", question, count=1).strip(" *_?")
    if not words or len(words.split()) > 20:
        return None
    return map_heading(words, strict=False) or classify(words, min_score=1) or None


def _run_in(content: str, own: SectionSet) -> SectionSet:
    """The section a paragraph's own label names ('Validation: …', 'Timeline: …') when it is
    not the section of the heading above it: the paragraph belongs to both."""
    found: list[Section] = []
    for label in _RUN_IN.finditer(content):
        words = label.group("label").strip()
        if _tables.METADATA_LABELS.fullmatch(words.lower()):
            continue
        named = map_heading(words, strict=True)
        found.extend(s for s in (named or ())[:1] if s not in own and s not in found)
    return tuple(found)


_RUN_IN = re.compile(
    r"(?:^|(?<=[.;!?])\s+)(?:[-*+•]\s+)?(?:\*\*|__)?(?P<label>[A-Za-z][\w /&'()-]{0,40}?)(?:\*\*|__)?\s*:\s"
)
"""Labels that open the paragraph or one of its sentences ('… Timeline: sign-off in May')."""


def _title(headings: list[Heading], first_block: int | None) -> int | None:
    """Index of the document title: the first heading, alone at the top level, before any text."""
    if not headings or (first_block is not None and first_block < headings[0].line):
        return None
    if len(headings) == 1:
        return 0 if headings[0].level == 1 else None
    top = min(h.level for h in headings)
    first = headings[0]
    if first.level == top and sum(h.level == top for h in headings) == 1:
        return 0
    return None


def _region_end(out: Outline, k: int, line_starts: list[int], total: int) -> int:
    """End offset of the text under heading ``k`` (up to the next heading)."""
    if k + 1 < len(out.headings):
        return max(out.headings[k + 1].start - 1, 0)
    return total


def _spans(out: Outline, line_starts: list[int], total: int) -> None:
    spans: list[SectionSpan] = []
    ranges: dict[Section, list[tuple[int, int]]] = {s: [] for s in Section}
    ignored = [
        (h.start, _region_end(out, k, line_starts, total))
        for k, h in enumerate(out.headings)
        if h.sections == ()
    ]
    everywhere, pos = [], 0
    for start, end in ignored:
        if start > pos:
            everywhere.append((pos, start))
        pos = max(pos, end)
    if pos < total:
        everywhere.append((pos, total))
    for k, heading in enumerate(out.headings):
        if not heading.sections:
            continue
        end = _region_end(out, k, line_starts, total)
        last = max((b.last_line for b in out.blocks if b.heading == k), default=heading.line)
        for section in heading.sections:
            spans.append(SectionSpan(section=section, heading=heading.text.strip(),
                                     start_line=heading.line, end_line=max(last, heading.line)))  # fmt: skip
            ranges[section].append((heading.end, end))
    run: list[Block] = []

    def flush() -> None:
        if run:
            for section in run[0].sections:
                spans.append(SectionSpan(section=section, start_line=run[0].line,
                                         end_line=run[-1].last_line))  # fmt: skip
                ranges[section].append((run[0].start, run[-1].end))
            run.clear()

    for block in out.blocks:
        if _owned(out, block):
            flush()
            for section in block.sections:  # a run-in label's section, beside the heading's
                if section not in (out.headings[block.heading].sections or ()):
                    spans.append(SectionSpan(section=section, start_line=block.line,
                                             end_line=block.last_line))  # fmt: skip
                    ranges[section].append((block.start, block.end))
            continue
        if run and (run[-1].sections != block.sections or run[-1].heading != block.heading):
            flush()
        if block.sections:
            run.append(block)
        else:
            flush()
    flush()
    _cross_fill(spans, ranges)
    order = list(Section)
    out.spans = sorted(spans, key=lambda s: (s.start_line, order.index(s.section)))
    out.ranges = {s: sorted(set(r)) for s, r in ranges.items() if r}
    out.everywhere = everywhere


def _owned(out: Outline, block: Block) -> bool:
    """True when the block's heading decides its sections (or ignores it)."""
    return block.heading >= 0 and out.headings[block.heading].sections is not None


_TWINS = ((Section.PROBLEM_FRAMING, Section.OVERVIEW), (Section.OVERVIEW, Section.PROBLEM_FRAMING))


def _cross_fill(spans: list[SectionSpan], ranges: dict[Section, list[tuple[int, int]]]) -> None:
    """Human plans state the problem and the overview in one place: one covers the other."""
    for have, lack in _TWINS:
        if ranges[have] and not ranges[lack]:
            spans.extend(s.model_copy(update={"section": lack}) for s in list(spans)
                         if s.section is have)  # fmt: skip
            ranges[lack] = list(ranges[have])
            return
