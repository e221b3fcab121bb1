"""The measured data profile as a few prompt lines: what the model may know about the file.

Section prompts quote these lines inside a delimited data block, because column names and
labels come from the user's file and are untrusted input like the brief. The lines carry
figures and column *names* only: personal-data columns are named with their kind, never a
value, and the profile itself never stores their values (mlplan.domain.profile).
"""

from __future__ import annotations

from mlplan import fmt
from mlplan.domain import (
    DataAvailability,
    DataProfile,
    MeasuredBaselines,
    Origin,
    ProjectBrief,
    TargetProfile,
)
from mlplan.draft.expert.drafter import display_value

MAX_NAMES = 12
"""Columns listed at most per line; the rest are counted."""
_NAME_CHARS = 60


def profile_lines(
    profile: DataProfile,
    *,
    availability: DataAvailability | None = None,
    baselines: MeasuredBaselines | None = None,
) -> list[str]:
    """Rows and sample, target balance or distribution, time span, group keys, leakage
    suspects, personal-data columns (names and kinds), quality, availability, baselines."""
    lines = [_rows(profile)]
    pii = {p.column for p in profile.personal_data}
    if profile.target is not None:
        lines.append(_target(profile.target, shown=profile.target.column not in pii))
    if profile.time is not None:
        tp = profile.time
        how = "named by the user" if tp.explicit else "detected"
        step = f", {tp.granularity} steps" if tp.granularity else ""
        lines.append(
            f"time axis: '{_name(tp.column)}' ({how}) from {_when(tp.start)} to "
            f"{_when(tp.end)} ({tp.span_days:,.0f} days{step})"
        )
    if profile.group_keys:
        keys = [
            f"'{_name(k.column)}' ({k.n_groups:,} groups, {k.rows_per_group:.1f} rows each"
            + (", named by the user)" if k.explicit else ")")
            for k in profile.group_keys[:MAX_NAMES]
        ]
        lines.append(
            "group keys (rows of one entity must stay on one side of the split): " + "; ".join(keys)
        )
    leaks = [s for s in profile.leakage if s.kind != "identifier"]
    if leaks:
        lines.append(
            "leakage suspects (drop, or show they are known at prediction time): "
            + _names(
                [
                    f"'{_name(s.column)}' ({s.kind.replace('_', ' ')}"
                    + (f", score {s.score:.3g}" if s.score is not None else "")
                    + ")"
                    for s in leaks
                ]
            )
        )
    ids = [c.name for c in profile.columns if c.id_like]
    if ids:
        lines.append(
            "identifier columns (never model inputs): " + _names([f"'{_name(c)}'" for c in ids])
        )
    if profile.personal_data:
        lines.append(
            "personal-data columns (names only, values withheld): "
            + _names(
                [f"'{_name(p.column)}' ({p.kind.replace('_', ' ')})" for p in profile.personal_data]
            )
        )
    lines += _defects(profile)
    if profile.quality is not None:
        q = profile.quality
        lines.append(
            f"Data Quality Index {q.index:.1f}/100 (completeness {q.completeness:.2f}, validity "
            f"{q.validity:.2f}, uniqueness {q.uniqueness:.2f}, consistency {q.consistency:.2f})"
        )
    if availability is not None:
        missing = [i.requirement for i in availability.items if not i.present]
        lines.append(
            f"Data Availability Score {availability.score:.2f} for the reference draft"
            + (f" (missing: {_names([_clean(m) for m in missing])})" if missing else "")
        )
    if baselines is not None:
        lines.append(_baselines(baselines))
    return lines


def brief_data_lines(brief: ProjectBrief) -> list[str]:
    """Without the profile itself: the facts measured in the file, with what was measured."""
    out = []
    for name, src in brief.facts.items():
        if src.origin is Origin.MEASURED:
            value = _clean(display_value(getattr(brief, name, "")))
            out.append(f"{name} = {value}: {_clean(src.reason)}")
    return out


def _rows(profile: DataProfile) -> str:
    text = (
        f"file {_name(profile.source)} ({profile.file_format}): {profile.total_rows:,} rows x "
        f"{len(profile.columns)} columns"
    )
    if profile.sampled:
        text += f", profiled on a {_clean(profile.sample_method)}"
    return text


def _target(t: TargetProfile, *, shown: bool) -> str:
    text = f"target '{_name(t.column)}': {t.kind}"
    if t.missing_share:
        text += f", {fmt.pct(t.missing_share)} unlabelled"
    if t.kind == "binary" and t.positive_rate is not None:
        label = f"'{_name(str(t.positive_class))}'" if shown else "the positive class"
        text += f"; positive class {label} is {t.positive_rate:.2%} of labelled rows"
    elif t.kind == "multiclass":
        text += f", {t.n_classes} classes"
        if shown and t.class_shares:
            shares = [f"'{_name(k)}' {v:.1%}" for k, v in list(t.class_shares.items())[:6]]
            text += "; shares " + ", ".join(shares)
    elif t.kind == "regression" and t.mean is not None:
        parts = [f"mean {t.mean:.4g}"]
        if t.std is not None:
            parts.append(f"sd {t.std:.4g}")
        if t.median is not None:
            parts.append(f"median {t.median:.4g}")
        if t.minimum is not None and t.maximum is not None:
            parts.append(f"range {t.minimum:.4g} to {t.maximum:.4g}")
        if t.skew is not None:
            parts.append(f"skew {t.skew:.2f}")
        text += "; " + ", ".join(parts)
    return text


def _defects(profile: DataProfile) -> list[str]:
    out = []
    constant = [f"'{_name(c.name)}'" for c in profile.columns if c.constant]
    if constant:
        out.append("constant columns: " + _names(constant))
    dup = [
        f"'{_name(c.name)}' = '{_name(c.duplicate_of)}'" for c in profile.columns if c.duplicate_of
    ]
    if dup:
        out.append("duplicate columns: " + _names(dup))
    if profile.duplicate_rows:
        out.append(f"{profile.duplicate_rows:,} duplicate rows in the sample")
    missing = [
        f"'{_name(c.name)}' {fmt.pct(c.missing_share)}"
        for c in sorted(profile.columns, key=lambda c: -c.missing_share)
        if c.missing_share >= 0.2
    ]
    if missing:
        out.append("mostly or often missing: " + _names(missing))
    major = [f"'{_name(d.column)}' (PSI {d.psi:.2f})" for d in profile.drift if d.level != "stable"]
    if major:
        out.append(f"drift over time ({_clean(profile.drift_slices)}): " + _names(major))
    return out


def _baselines(b: MeasuredBaselines) -> str:
    from mlplan.draft.expert.measured import baseline_scores

    return (
        f"measured baselines ({_clean(b.split_note)}; {b.train_rows:,} train / "
        f"{b.test_rows:,} test rows): " + baseline_scores(b)
    )


def _names(items: list[str]) -> str:
    shown = ", ".join(items[:MAX_NAMES])
    more = len(items) - MAX_NAMES
    return shown + (f" and {more} more" if more > 0 else "")


def _name(text: str) -> str:
    """A column name or label from the file: one line, bounded, no block delimiters."""
    flat = _clean(text)
    return flat if len(flat) <= _NAME_CHARS else flat[: _NAME_CHARS - 1] + "…"


def _when(text: str) -> str:
    """A timestamp to the second, or the date alone at midnight."""
    stamp = _clean(text)[:19]
    return stamp[:10] if stamp.endswith(("T00:00:00", " 00:00:00")) else stamp


def _clean(text: str) -> str:
    return " ".join(str(text).split()).replace("<<<", "‹‹‹").replace(">>>", "›››")
