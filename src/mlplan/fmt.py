"""Number formatting shared by the drafter and renderers, so plans read the same everywhere."""

from __future__ import annotations


def count(n: float) -> str:
    """12_400_000 -> '12.4M', 35_812 -> '35.8k', 812 -> '812'."""
    if n >= 1e9:
        return f"{n / 1e9:.3g}B"
    if n >= 1e6:
        return f"{n / 1e6:.3g}M"
    if n >= 1e4:
        return f"{n / 1e3:.3g}k"
    return f"{round(n):,}"


def pct(rate: float) -> str:
    """0.04 -> '4 %', 0.001 -> '0.1 %', 0.0025 -> '0.25 %'."""
    value = rate * 100
    text = f"{value:.2g}" if value < 1 else f"{value:.3g}"
    return f"{text} %"


def weeks(value: float) -> str:
    return f"{value:g} week" + ("" if value == 1 else "s")
