"""Numbers a plan computes from the brief instead of guessing: splits, sample sizes, capacity, time."""

from __future__ import annotations

import math

from mlplan.domain import SplitRatios, SplitSizes


def split_sizes(total_rows: int, ratios: SplitRatios, positive_rate: float | None) -> SplitSizes:
    """Rows per split (train takes the rounding remainder) and the positives each should hold."""
    validation = round(total_rows * ratios.validation)
    test = round(total_rows * ratios.test)
    train = total_rows - validation - test

    def positives(n: int) -> int | None:
        return None if positive_rate is None else round(n * positive_rate)

    return SplitSizes(
        train_rows=train,
        validation_rows=validation,
        test_rows=test,
        train_positives=positives(train),
        validation_positives=positives(validation),
        test_positives=positives(test),
    )


def replicas_needed(
    peak_rps: float,
    latency_ms: float,
    *,
    concurrency_per_replica: int,
    target_utilisation: float = 0.6,
    minimum: int = 2,
) -> int:
    """Little's law: in-flight requests = arrival rate x time in system; keep headroom.

    Using the p99 latency as the time in system over-provisions slightly, which is the safe side.
    """
    in_flight = peak_rps * latency_ms / 1000.0
    return max(minimum, math.ceil(in_flight / (concurrency_per_replica * target_utilisation)))


def scaled_weeks(reference_weeks: float, *, team_size: int, reference_team: int) -> float:
    """Duration for a team of another size: more people help, with diminishing returns.

    An exponent of 0.6 reflects coordination cost (Brooks): doubling the team cuts time by ~34 %.
    The result is rounded to half weeks and never below one week.
    """
    factor: float = (reference_team / max(team_size, 1)) ** 0.6
    return max(1.0, round(reference_weeks * factor * 2) / 2)
