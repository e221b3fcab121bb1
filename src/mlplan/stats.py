"""Statistics shared by the drafter (which sizes experiments) and the validators (which check them).

One implementation, so a plan mlplan drafts never disagrees with the rule that checks it.
"""

from __future__ import annotations

import math
from statistics import NormalDist


def two_proportion_sample_size(
    p1: float, p2: float, *, alpha: float = 0.05, power: float = 0.8
) -> int:
    """Units per arm to detect p1 -> p2 with a two-sided z-test (pooled variance under H0).

    n = (z_{1-a/2} * sqrt(2 p(1-p)) + z_{1-b} * sqrt(p1(1-p1) + p2(1-p2)))^2 / (p1 - p2)^2
    """
    if not (0 < p1 < 1 and 0 < p2 < 1) or p1 == p2:
        raise ValueError("p1 and p2 must be distinct proportions in (0, 1)")
    if not (0 < alpha < 1 and 0 < power < 1):
        raise ValueError("alpha and power must lie in (0, 1)")
    z = NormalDist()
    z_alpha = z.inv_cdf(1 - alpha / 2)
    z_beta = z.inv_cdf(power)
    p_bar = (p1 + p2) / 2
    num = z_alpha * math.sqrt(2 * p_bar * (1 - p_bar)) + z_beta * math.sqrt(
        p1 * (1 - p1) + p2 * (1 - p2)
    )
    return math.ceil(num**2 / (p1 - p2) ** 2)


def ab_sample_size_per_arm(
    baseline: float, mde: float, *, alpha: float = 0.05, power: float = 0.8
) -> int | None:
    """Per-arm size to detect an absolute change of `mde` in either direction (the larger need).

    Returns None when the inputs do not describe a valid test (rates outside (0, 1)).
    """
    needs = [
        two_proportion_sample_size(baseline, p2, alpha=alpha, power=power)
        for p2 in (baseline - mde, baseline + mde)
        if 0 < p2 < 1 and 0 < baseline < 1 and mde > 0 and 0 < alpha < 1 and 0 < power < 1
    ]
    return max(needs) if needs else None
