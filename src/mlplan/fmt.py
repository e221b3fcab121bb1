"""Number formatting shared by the drafter and renderers, so plans read the same everywhere."""

from __future__ import annotations


def count(n: float) -> str:
    """12_400_000 -> '12.4M', 35_812 -> '35.8k', 812 -> '812', 999_500_000 -> '1B'."""
    if n < 1e4:
        return f"{round(n):,}"
    for size, suffix in ((1e3, "k"), (1e6, "M"), (1e9, "B")):
        text = f"{n / size:.3g}"
        if "e" not in text and float(text) < 1000:
            return f"{text}{suffix}"
    return f"{n / 1e9:,.0f}B"


def pct(rate: float) -> str:
    """0.04 -> '4 %', 0.001 -> '0.1 %', 0.0025 -> '0.25 %'."""
    value = rate * 100
    text = f"{value:.2g}" if value < 1 else f"{value:.3g}"
    return f"{text} %"


def weeks(value: float) -> str:
    return f"{value:g} week" + ("" if value == 1 else "s")
