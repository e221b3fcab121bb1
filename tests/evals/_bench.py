"""Import the benchmark helper module by path (benchmarks/ is not a package)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
SUITE_DIR = Path(__file__).resolve().parents[2] / "evals" / "retrieval"


def load_benchmark_module(name: str) -> ModuleType:
    """Load `benchmarks/<name>.py` once per process."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses resolve their module through sys.modules
    spec.loader.exec_module(module)
    return module


def retrieval_metrics() -> ModuleType:
    return load_benchmark_module("_retrieval_metrics")


def critique_metrics() -> ModuleType:
    return load_benchmark_module("_critique_metrics")
