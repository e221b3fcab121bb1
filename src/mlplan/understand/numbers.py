"""Numbers with units as people write them in briefs: '~2.5M', '30k req/min', '0.2 %', '1 in 500'."""

from __future__ import annotations

_SCALE = {
    "": 1.0,
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mm": 1e6,
    "mn": 1e6,
    "mio": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "billions": 1e9,
}

# Starts with a bare \d so the regex engine can skip straight to digits.
NUMBER = r"(?P<num>\d(?:\d{0,2}(?:,\d{3})+|\d*)(?:\.\d+)?)"
SCALE = r"\s*(?P<scale>thousand|millions?|billions?|mio|mn|bn|mm|k|m|b)?\b"

_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a": 1,
    "an": 1,
    "a single": 1,
    "a couple of": 2,
    "a few": 3,
}
WORD_NUMBER = r"(?P<word>a single|a couple of|a few|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"


def to_number(num: str, scale: str | None = None) -> float:
    """'2.5', 'M' -> 2_500_000.0; thousands separators allowed."""
    value = float(num.replace(",", ""))
    return value * _SCALE[(scale or "").lower()]


def word_number(word: str) -> int:
    return _WORD_NUMBERS[word.lower()]


_PER_SECOND = {
    "s": 1.0,
    "sec": 1.0,
    "second": 1.0,
    "min": 60.0,
    "minute": 60.0,
    "h": 3600.0,
    "hr": 3600.0,
    "hour": 3600.0,
    "day": 86400.0,
    "d": 86400.0,
    "week": 604800.0,
    "month": 2629800.0,
}


def per_second(value: float, unit: str) -> float:
    """Convert a rate per unit of time ('min', 'hour', 'day') to per second."""
    return value / _PER_SECOND[unit.lower().rstrip("s") or "s"]


_DURATION_WEEKS = {
    "day": 1 / 7,
    "week": 1.0,
    "wk": 1.0,
    "month": 52 / 12,
    "quarter": 13.0,
    "year": 52.0,
}


def to_weeks(value: float, unit: str) -> float:
    unit = unit.lower()
    unit = unit[:-1] if unit.endswith("s") else unit
    return value * _DURATION_WEEKS[unit]


_MS_PER_UNIT = {"ms": 1.0, "msec": 1.0, "millisecond": 1.0, "s": 1e3, "sec": 1e3, "second": 1e3}
_MS_PER_UNIT |= {"min": 60e3, "minute": 60e3}


def to_ms(num: str, unit: str) -> float:
    """'80', 'ms' -> 80.0; '1.5', 's' -> 1500.0; '2', 'minutes' -> 120000.0."""
    unit = unit.lower()
    if unit not in _MS_PER_UNIT and unit.endswith("s"):
        unit = unit[:-1]
    return float(num) * _MS_PER_UNIT[unit]
