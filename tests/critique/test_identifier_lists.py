"""Personal data named by its fields: 'tenant name, address, phone, email' is about people even
when the plan never says 'personal data' and the people are not customers or patients. A
business's contact details ('depot name, address and phone number') are not. New wording.
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
