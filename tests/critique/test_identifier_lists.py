"""Personal data named by its fields: 'tenant name, address, phone, email' is about people even
when the plan never says 'personal data' and the people are not customers or patients. A
business's contact details ('depot name, address and phone number') are not. Inputs listed after
'from each application we take:' are features, so a postcode among them is a proxy (P07). New
wording.
"""

from __future__ import annotations

import pytest

from ._reading import fires, parse

_THREAD = """\
Subject: graffiti removal ETA model

Hi all, quick notes before Thursday.

The council export has {fields}, plus the free-text report and the street id.
We'd predict days until removal and show it on the report page.
Split: random 80/20 over reports, LightGBM.
"""


@pytest.mark.parametrize(
    "fields",
    [
        "reporter name, address, phone, email",
        "the caller's full name, mobile number and date of birth",
    ],
)
def test_a_list_of_identifiers_is_personal_data(fields: str) -> None:
    draft = parse(_THREAD.format(fields=fields), kind="text")
    assert draft.plan.brief.personal_data is True
    assert fires(draft, "P02")


@pytest.mark.parametrize(
    "fields",
    [
        "depot name, address, email and opening hours",
        "no names, emails or mobiles",
    ],
)
def test_contact_details_of_a_business_or_ruled_out_are_not(fields: str) -> None:
    draft = parse(_THREAD.format(fields=fields), kind="text")
    assert draft.plan.brief.personal_data is not True
    assert not fires(draft, "P02")


_PROSE = """\
# Allotment plot offer triage

## Data
The training set is the 1,900 plot offers made since 2016. From each application we take:
household size, age band, current postcode, years on the waiting list and the committee's
points score.
"""


def test_features_listed_after_from_each_application_we_take_are_read() -> None:
    draft = parse(_PROSE)
    names = [f.name for f in draft.plan.features.features]
    assert "current postcode" in names and "household size" in names
    assert fires(draft, "P07")


@pytest.mark.parametrize(
    "minimised",
    [
        "tenant names, emails and phone numbers are stripped before the export reaches us",
        "account ids are dropped at ingestion; the model sees only the street id",
    ],
)
def test_identifiers_removed_from_the_data_are_minimisation(minimised: str) -> None:
    plan = _THREAD.format(fields="reporter name, address, phone, email") + f"\nData: {minimised}.\n"
    draft = parse(plan, kind="text")
    assert draft.plan.brief.personal_data is True
    assert not fires(draft, "P01")
