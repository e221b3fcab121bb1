"""Markdown for measured data: the profile (`mlplan profile`), DAS/DQI and baseline tables.

Personal-data columns are listed by name and kind only; the profile holds no values to print.
"""

from __future__ import annotations

from mlplan import fmt
from mlplan.domain import DataAvailability, DataProfile, MeasuredBaselines
from mlplan.render._md import bullets, kv, table


def profile_lines(p: DataProfile, *, columns: bool = True) -> list[str]:
    """The profile as Markdown lines; `columns=False` leaves out the per-column table."""
    lines = kv(
        [
            ("File", f"{p.source} ({p.file_format})"),
            ("Rows", f"{fmt.count(p.total_rows)} ({p.sample_method})"),
            ("Columns", str(len(p.columns))),
            ("Duplicate rows", f"{fmt.count(p.duplicate_rows)} in the sample"),
            ("Datetime columns", ", ".join(p.datetime_columns)),
            (
                "Time axis",
                f"{p.time.column}: {p.time.start} to {p.time.end} "
                f"({p.time.span_days:g} days{', ' + p.time.granularity if p.time.granularity else ''})"
                if p.time
                else None,
            ),
            (
                "Likely group keys",
                ", ".join(
                    f"{g.column} ({fmt.count(g.n_groups)} groups, {g.rows_per_group:.1f} rows each)"
                    for g in p.group_keys
                ),
            ),
            ("Profiled in", f"{p.seconds:.2f} s"),
        ]
    )
    t = p.target
    if t is not None:
        if t.kind == "regression":
            desc = (
                f"regression; mean {t.mean:.4g}, sd {t.std:.4g}, median {t.median:.4g}, "
                f"range {t.minimum:.4g} to {t.maximum:.4g}, skew {t.skew:.2f}"
            )
        else:
            shares = ", ".join(f"{k}: {fmt.pct(v)}" for k, v in list(t.class_shares.items())[:8])
            desc = f"{t.kind}, {t.n_classes} classes ({shares})"
            if t.positive_rate is not None:
                desc += f"; positive class '{t.positive_class}' = {fmt.pct(t.positive_rate)}"
        lines += kv([("Target", f"{t.column}: {desc}; {fmt.pct(t.missing_share)} missing")])
    if p.quality is not None:
        q = p.quality
        lines += kv(
            [
                (
                    "Data Quality Index",
                    f"{q.index:.1f} / 100 (completeness {q.completeness:.3f}, validity "
                    f"{q.validity:.3f}, uniqueness {q.uniqueness:.3f}, consistency "
                    f"{q.consistency:.3f}; {q.formula})",
                )
            ]
        )
    if p.leakage:
        lines += ["**Leakage suspects**", ""] + table(
            ["Column", "Kind", "Score", "Why"],
            [
                (s.column, s.kind, f"{s.score:.3f}" if s.score is not None else "", s.detail)
                for s in p.leakage
            ],
        )
    if p.personal_data:
        lines += ["**Personal data (values not shown)**", ""] + table(
            ["Column", "Looks like", "Basis"],
            [(c.column, c.kind.replace("_", " "), c.basis) for c in p.personal_data],
        )
    shifted = [d for d in p.drift if d.level != "stable"]
    if p.drift_slices:
        lines += [f"**Drift** ({p.drift_slices})", ""]
        lines += (
            table(
                ["Column", "PSI", "Level"], [(d.column, f"{d.psi:.3f}", d.level) for d in shifted]
            )
            if shifted
            else bullets(["no column shifted (all PSI < 0.1)"])
        )
    if columns:
        lines += ["**Columns**", ""] + table(
            ["Column", "Kind", "Missing", "Distinct", "Flags"],
            [
                (
                    c.name,
                    c.kind,
                    fmt.pct(c.missing_share),
                    fmt.count(c.n_unique),
                    ", ".join(
                        f
                        for f in (
                            "constant" if c.constant else "",
                            f"duplicate of {c.duplicate_of}" if c.duplicate_of else "",
                            "id-like" if c.id_like else "",
                            f"{fmt.pct(c.invalid_share)} invalid" if c.invalid_share else "",
                            "inconsistent case/spacing" if c.inconsistent else "",
                        )
                        if f
                    ),
                )
                for c in p.columns
            ],
        )
    return lines


def render_profile_markdown(p: DataProfile) -> str:
    return "\n".join([f"# Data profile: {p.source}", "", *profile_lines(p)]).rstrip() + "\n"


def availability_lines(a: DataAvailability) -> list[str]:
    return [f"**Data Availability Score:** {a.score:.2f} ({a.formula})", ""] + table(
        ["Required", "Column", "Present"],
        [(i.requirement, i.column or "", "yes" if i.present else "no") for i in a.items],
    )


def baseline_lines(b: MeasuredBaselines) -> list[str]:
    metrics = list(dict.fromkeys(s.metric for r in b.results for s in r.scores))
    lines = [
        f"**Measured baselines** ({b.split_note}; {fmt.count(b.train_rows)} train / "
        f"{fmt.count(b.test_rows)} test rows, row cap {fmt.count(b.row_cap)}, budget "
        f"{b.time_budget_s:g} s, took {b.seconds:.1f} s)",
        "",
    ]
    lines += table(
        ["Baseline", *[m.value for m in metrics], "Seconds"],
        [
            (
                r.name,
                *[f"{v:.4g}" if (v := r.score(m)) is not None else "" for m in metrics],
                f"{r.seconds:.2f}",
            )
            for r in b.results
        ],
    )
    return lines + bullets(b.skipped)
