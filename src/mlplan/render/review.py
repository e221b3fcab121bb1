"""Markdown rendering of a review: verdict first, then coverage, then ranked findings with evidence."""

from __future__ import annotations

from mlplan.domain import Review
from mlplan.render._md import table

_VERDICT = {"ready": "Ready", "needs_work": "Needs work", "not_ready": "Not ready"}


def render_review_markdown(review: Review) -> str:
    lines = [
        f"# Plan review: {review.source}",
        "",
        f"**Verdict: {_VERDICT[review.verdict]}** · score {review.score:.0f}/100",
        "",
        review.summary,
        "",
    ]
    if review.reviewer_directives:
        lines += [
            "> **Note:** the document contains text addressed to the reviewer; it was ignored and did not change any finding:",
            *[f"> - line {e.line}: “{e.quote}”" for e in review.reviewer_directives],
            "",
        ]
    lines += ["## Coverage", ""]
    lines += table(
        ["Section", "Present", "Heading (line)", "Findings", "Score"],
        [
            (
                c.section.value,
                "yes" if c.present else "**missing**",
                f"{c.heading} ({c.line})" if c.heading and c.line else (c.heading or "—"),
                c.findings,
                f"{c.score:.0f}",
            )
            for c in review.coverage
        ],
    )
    lines += ["## Findings", ""]
    if not review.findings:
        lines += ["No findings.", ""]
    else:
        lines += table(
            ["Rule", "Severity", "Section", "Evidence", "Finding", "Fix"],
            [
                (
                    f.rule_id,
                    f.severity.value,
                    f.section.value,
                    f"line {f.evidence.line}: “{f.evidence.quote}”"
                    if f.evidence and f.evidence.line
                    else "absent",
                    f.message,
                    f.fix,
                )
                for f in review.findings
            ],
        )
    if review.omitted:
        more = ", ".join(f"{section}: +{n} more" for section, n in sorted(review.omitted.items()))
        lines += [f"*Capped per section — {more}. Use `--format json` for every finding.*", ""]
    if review.questions:
        lines += ["## Asked, not reported", ""]
        lines += table(
            ["Rule", "Section", "Question", "Why it is asked"],
            [
                _question_row(q.question, q.section.value, q.why_it_matters)
                for q in review.questions
            ],
        )
    return "\n".join(lines)


def _question_row(question: str, section: str, why: str) -> tuple[str, str, str, str]:
    """'D04: deployment.rollback is not defined.' -> ('D04', section, the rest, why)."""
    rule, sep, rest = question.partition(": ")
    if not sep or len(rule) != 3:
        return "", section, question, why
    return rule, section, rest, why
