"""Readable references for the catalog's source codes (S1..S15 in validator-rules.md).

Findings travel to people who never saw the catalog, so ``source`` is spelled out
("Zinkevich, Rules of ML #33") rather than left as a code ("S2 #33").
"""

from __future__ import annotations

_NAMES: dict[str, str] = {
    "S1": "Breck et al. 2017, The ML Test Score",
    "S2": "Zinkevich, Rules of ML",
    "S3": "Sculley et al. 2015, Hidden Technical Debt in ML Systems",
    "S4": "Mitchell et al. 2019, Model Cards",
    "S5": "Gebru et al., Datasheets for Datasets",
    "S6": "deon ethics checklist",
    "S7": "Made With ML, product and systems design",
    "S8": "Eugene Yan, ML design doc template",
    "S9": "Chip Huyen, Designing ML Systems",
    "S10": "Google Cloud, MLOps levels 0/1/2",
    "S11": "AWS Well-Architected ML Lens",
    "S12": "CRISP-DM 1.0",
    "S13": "scikit-learn Common pitfalls",
    "S14": "Kapoor & Narayanan 2023",
    "S15": "Bernardi et al. KDD 2019, 150 successful ML models",
}

MLPLAN = "mlplan plan-consistency check"
"""Source of the structural rules that no paper needs to justify."""


def cite(*refs: str) -> str:
    """Expand ``"S14 L3.1"``-style references into one readable, ``;``-separated string.

    A detail starting with ``#`` follows the name (``Rules of ML #33``); any other detail
    goes in parentheses (``Kapoor & Narayanan 2023 (L3.1)``).
    """
    parts: list[str] = []
    for ref in refs:
        code, _, detail = ref.partition(" ")
        name = _NAMES[code]
        if not detail:
            parts.append(name)
        elif detail.startswith("#"):
            parts.append(f"{name} {detail}")
        else:
            parts.append(f"{name} ({detail})")
    return "; ".join(parts)
