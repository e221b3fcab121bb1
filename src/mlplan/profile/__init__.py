"""Profile the user's own data file: file -> DataProfile, plus measured baselines.

Pure apart from reading the one file it is given. Heavy libraries (DuckDB, numpy,
scikit-learn) are imported inside functions, so importing this package is cheap and
`mlplan plan` without `--data` never loads them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from mlplan.domain import DataProfile, DriftColumn
from mlplan.profile._read import RawSample

DEFAULT_SAMPLE_ROWS = 200_000
"""Rows profiled at most; larger files are reservoir-sampled to this many rows."""


@dataclass
class ProfiledData:
    """The profile and the in-memory sample it was measured on (the baselines reuse it)."""

    profile: DataProfile
    sample: RawSample


def profile_file(
    path: Path,
    *,
    target: str | None = None,
    time_column: str | None = None,
    group_column: str | None = None,
    max_rows: int = DEFAULT_SAMPLE_ROWS,
) -> ProfiledData:
    """Read (a sample of) the file and measure every fact docs/data.md lists."""
    from mlplan.profile._columns import (
        datetime_columns,
        group_keys,
        profile_columns,
        target_profile,
        time_profile,
    )
    from mlplan.profile._leakage import leakage_suspects
    from mlplan.profile._privacy_drift import drift, personal_data_columns
    from mlplan.profile._read import read_sample
    from mlplan.profile.quality import quality_index

    started = time.perf_counter()
    sample = read_sample(Path(path), max_rows=max_rows)
    columns = profile_columns(sample)
    target_prof = target_profile(sample, target) if target else None
    time_prof = time_profile(sample, time_column)
    keys = group_keys(sample, columns, group_column)
    pii = personal_data_columns(sample, columns)
    roles = {c for c in (time_column, group_column) if c}
    if time_prof:
        roles.add(time_prof.column)
    leakage = (
        leakage_suspects(sample, columns, target_prof, skip=roles | {k.column for k in keys})
        if target_prof
        else []
    )
    drifted: list[DriftColumn] = []
    slices = ""
    if time_prof:
        drifted, slices = drift(sample, columns, time_prof.column, skip={p.column for p in pii})
    profile = DataProfile(
        source=sample.source,
        file_format=sample.file_format,
        total_rows=sample.total_rows,
        sample_rows=sample.n,
        sampled=sample.sampled,
        sample_method=sample.sample_method,
        columns=columns,
        duplicate_rows=sample.duplicate_rows,
        target=target_prof,
        time=time_prof,
        datetime_columns=datetime_columns(sample),
        group_keys=keys,
        leakage=leakage,
        personal_data=pii,
        drift=drifted,
        drift_slices=slices,
        quality=quality_index(columns, rows=sample.n, duplicate_rows=sample.duplicate_rows),
    )
    profile.seconds = round(time.perf_counter() - started, 3)
    return ProfiledData(profile=profile, sample=sample)


__all__ = ["DEFAULT_SAMPLE_ROWS", "ProfiledData", "profile_file"]
