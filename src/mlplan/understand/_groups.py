"""Which entity's rows must stay together across train/test splits: the group key.

Three readings, strongest first: a forecast 'per ward' / 'for each of our 300 substations'
names the series; data 'from 60 stores' / 'from 30k patients' names who produced the rows;
otherwise the first entity word in the cue table ('customers', 'devices', ...).
"""

from __future__ import annotations

import re

from mlplan.domain import TaskType
from mlplan.understand import cues
from mlplan.understand._facts import FactSheet
from mlplan.understand._match import Cue, first_hit

# Entities that own rows (singular). A 'per day' or 'from 3 sources' is not one of them.
ENTITIES = frozenset(
    [
        "customer",
        "user",
        "patient",
        "store",
        "shop",
        "sku",
        "product",
        "item",
        "account",
        "member",
        "subscriber",
        "device",
        "machine",
        "sensor",
        "turbine",
        "vehicle",
        "site",
        "ward",
        "hospital",
        "clinic",
        "branch",
        "warehouse",
        "region",
        "city",
        "country",
        "substation",
        "station",
        "plant",
        "feeder",
        "meter",
        "building",
        "household",
        "repo",
        "repository",
        "restaurant",
        "hotel",
        "route",
        "campaign",
        "merchant",
        "employee",
        "student",
        "school",
        "driver",
        "player",
        "listener",
        "farm",
        "field",
        "park",
        "camera",
        "queue",
        "pump",
        "asset",
        "speaker",
    ]
)
_IRREGULAR = {"repositories": "repository", "cities": "city", "countries": "country"}

# The entity is the first word after the count, or the second ('2,000 wind turbines').
_NOUNS = r"(?P<a>[a-z]+)\b(?:[ -](?P<b>[a-z]+)\b)?"
_SERIES_RE = re.compile(
    r"\b(?:per|for each(?: of (?:our|the))?|for every|by)\s+(?:\d[\d,]*\s+)?" + _NOUNS
)
_SOURCE_RE = re.compile(
    r"\bfrom\s+(?:~|about\s+|around\s+|over\s+)?\d[\d,.]*\s*(?:k|m)?\s+" + _NOUNS
)
_GROUPS = [(key, Cue(p)) for key, p in cues.GROUP_KEY_CUES]


def singular(noun: str) -> str:
    if noun in _IRREGULAR:
        return _IRREGULAR[noun]
    for suffix, repl in (("ches", "ch"), ("ies", "y"), ("s", "")):
        if noun.endswith(suffix) and noun[: -len(suffix)] + repl in ENTITIES:
            return noun[: -len(suffix)] + repl
    return noun


def _entities(rx: re.Pattern[str], low: str) -> list[tuple[str, re.Match[str]]]:
    found = []
    for m in rx.finditer(low):
        words = (singular(w) for w in (m.group("a"), m.group("b")) if w)
        entity = next((w for w in words if w in ENTITIES), None)
        if entity:
            found.append((entity, m))
    return found


def extract_group_key(sheet: FactSheet) -> None:
    low = sheet.low
    if sheet.values.get("task_type") is TaskType.FORECASTING:
        series = _entities(_SERIES_RE, low)
        names = list(dict.fromkeys(e for e, _ in series))
        if names:
            key = f"{names[0]}_id" if len(names) == 1 else "_".join(names) + "_series"
            reason = f"one series per {' x '.join(names)}"
            sheet.inferred("group_key", key, reason, series[0][1])
            return
    sources = _entities(_SOURCE_RE, low)
    if sources:
        entity, m = sources[0]
        sheet.inferred("group_key", f"{entity}_id", f"the rows come from several {entity}s", m)
        return
    hit = first_hit(_GROUPS, low)
    if hit:
        reason = f"several rows per entity are likely ('{hit[1].group(0)}')"
        sheet.inferred("group_key", hit[0], reason, hit[1])
