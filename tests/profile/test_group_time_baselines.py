"""Group-and-time baselines: a group-time-based plan is measured with each group on one side of
a time cut, not with the time-only cut that lets an entity straddle it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from mlplan.domain import Metric, MetricName, SplitStrategy, TaskType
from mlplan.profile import ProfiledData, profile_file
from mlplan.profile._columns import codes, time_view
from mlplan.profile.baselines import _split, measure_baselines


def _write_devices(path: Path, *, staggered: bool, seed: int = 3) -> Path:
    """Devices that join over two years (or all on day 0) and report weekly until the end;
    each device has its own failure propensity, so knowing the device helps a model."""
    rng = np.random.default_rng(seed)
    lines = ["device_id,event_date,temperature,failed"]
    for d in range(300):
        start = int(rng.integers(0, 600)) if staggered else 0
        propensity = rng.beta(1, 8)
        for day in range(start, 730, 7):
            date = np.datetime64("2022-01-01") + day
            temp = round(float(rng.normal(40 + 30 * propensity, 5)), 2)
            lines.append(f"D{d:04d},{date},{temp},{int(rng.random() < propensity)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _sides(
    data: ProfiledData, split: SplitStrategy
) -> tuple[set[int], set[int], float, float, str]:
    """Groups and the latest train / earliest test time of the baseline split."""
    label, device, date = (data.sample.get(c) for c in ("failed", "device_id", "event_date"))
    assert label is not None and device is not None and date is not None
    rows = np.flatnonzero(~label.missing)
    y = np.array([int(v) for v in label.values[rows]])
    train, test, note = _split(data, rows, y, split, True, False, 0)
    groups = codes(device)[0][rows]
    t = time_view(date)
    assert t is not None
    t = t[rows]
    return (
        set(groups[train].tolist()),
        set(groups[test].tolist()),
        float(t[train].max()),
        float(t[test].min()),
        note,
    )


@pytest.fixture(scope="module")
def staggered(tmp_path_factory: pytest.TempPathFactory) -> ProfiledData:
    path = _write_devices(tmp_path_factory.mktemp("devices") / "devices.csv", staggered=True)
    return profile_file(path, target="failed", time_column="event_date", group_column="device_id")


def test_a_time_only_cut_lets_devices_straddle_it(staggered: ProfiledData) -> None:
    train_groups, test_groups, _, _, note = _sides(staggered, SplitStrategy.TIME_BASED)
    assert len(train_groups & test_groups) > 50  # the leak the group-time split must avoid
    assert "last 20% of rows by event_date" in note


def test_group_time_split_keeps_each_device_on_one_side_and_train_before_test(
    staggered: ProfiledData,
) -> None:
    train_groups, test_groups, train_end, test_start, note = _sides(
        staggered, SplitStrategy.GROUP_TIME_BASED
    )
    assert train_groups and test_groups and not train_groups & test_groups
    assert train_end < test_start
    assert "each device_id group on the side of its first event_date" in note
    assert "held out whole" in note


def test_measured_baselines_state_the_group_time_rule(staggered: ProfiledData) -> None:
    b = measure_baselines(
        staggered,
        task=TaskType.BINARY_CLASSIFICATION,
        split=SplitStrategy.GROUP_TIME_BASED,
        metrics=[Metric(name=MetricName.PR_AUC, rationale="rare failures")],
        time_budget_s=30,
    )
    assert b.split is SplitStrategy.GROUP_TIME_BASED
    assert "device_id" in b.split_note and "first seen last" in b.split_note
    total = staggered.profile.sample_rows
    assert b.test_rows >= 0.2 * total and b.train_rows + b.test_rows <= total
    assert "device_id" not in b.features  # the key is never an input


def test_groups_spanning_the_whole_period_fall_back_to_time_and_say_so(tmp_path: Path) -> None:
    path = _write_devices(tmp_path / "fleet.csv", staggered=False)
    data = profile_file(path, target="failed", time_column="event_date", group_column="device_id")
    *_, note = _sides(data, SplitStrategy.GROUP_TIME_BASED)
    assert "time only" in note and "device_id groups span the whole period" in note
