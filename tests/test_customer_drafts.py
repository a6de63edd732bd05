"""A CustomerDraft builds its Customer without checking again only when ``draft_customer`` checked
it: the trusted build gives the Customer the validating constructor gives, and a draft that was
not checked (made directly, or changed after its check) is refused by Customer's own rules."""

from __future__ import annotations

import uuid
from datetime import UTC
from datetime import datetime
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custreg.adapters.system import SequentialIds
from custreg.domain.customer import Customer
from custreg.domain.errors import ValidationError
from custreg.domain.ids import IndustryId
from custreg.domain.ids import UserId
from custreg.domain.settings import Industry
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import User
from custreg.domain.values import CustomerNumber
from custreg.testing import strategies as s
from custreg.testing.strategies.primitives import POLICY_CHARACTERS
from custreg.usecases.commands import CreateCustomer
from custreg.usecases.commands import NewAddress
from custreg.usecases.customers import CustomerDraft
from custreg.usecases.customers import draft_customer

OWNER = UserId(uuid.UUID(int=7))
SETTINGS = OrganisationSettings(
    uuid.UUID(int=1),
    "Drafts Oy",
    users=(User(OWNER, "Owner"),),
    industries=(Industry(IndustryId(uuid.UUID(int=8)), "Retail"),),
)
AT = datetime(2026, 12, 7, 8, 30, tzinfo=UTC)
NUMBER = CustomerNumber(1001)


def _checked_again(customer: Customer) -> Customer:
    """``customer`` rebuilt through Customer's constructor (every converter and validator)."""
    return Customer(**{a.name: getattr(customer, a.name) for a in attrs.fields(Customer)})


@given(
    command=s.create_customer_commands(SETTINGS),
    name=st.text(POLICY_CHARACTERS, min_size=1, max_size=30),
    messy=st.booleans(),
    by=st.sampled_from([OWNER, None]),
)
def test_a_checked_draft_builds_the_customer_the_constructor_builds(
    command: CreateCustomer, name: str, messy: bool, by: UserId | None
) -> None:
    if messy:  # any text the policy reads, spaced and cased as typed
        command = attrs.evolve(command, name=f"  {name} ")
    try:
        draft = draft_customer(command, SequentialIds(), SETTINGS)
    except ValidationError:
        return
    built = draft.build(NUMBER, AT, by)
    assert built == _checked_again(built)
    assert built == attrs.evolve(draft).build(NUMBER, AT, by)  # the unchecked path
    assert built.version == 1
    assert built.headquarters_address_id == (draft.address.id if draft.address else None)


def _draft(**changes: Any) -> CustomerDraft:
    command = CreateCustomer(
        name="Checked Oy", vat_number="FI01120389", address=NewAddress("FI", ("Street 1",))
    )
    return attrs.evolve(draft_customer(command, SequentialIds(), SETTINGS), **changes)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "\x00 NUL Oy"}, "name"),
        ({"name": "   "}, "name"),
        ({"name": 12}, "name"),
        ({"id": "not-a-uuid"}, "id"),
        ({"owner_id": "not-a-uuid"}, "owner_id"),
        ({"industry_id": 8}, "industry_id"),
        ({"einvoice_addresses": "FI123"}, "einvoice_addresses"),
    ],
)
def test_a_draft_changed_after_its_check_is_checked_when_built(
    changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        _draft(**changes).build(NUMBER, AT, OWNER)
    assert refused.value.field == field


def test_a_draft_made_directly_is_checked_when_built() -> None:
    checked = _draft()
    values = {a.name: getattr(checked, a.name) for a in attrs.fields(CustomerDraft) if a.init}
    with pytest.raises(ValidationError) as refused:
        CustomerDraft(**{**values, "name": "\u202eevil"}).build(NUMBER, AT, OWNER)
    assert refused.value.field == "name"
    assert CustomerDraft(**values).build(NUMBER, AT, OWNER) == checked.build(NUMBER, AT, OWNER)


def test_a_checked_draft_still_refuses_a_bad_author() -> None:
    with pytest.raises(ValidationError) as refused:
        _draft().build(NUMBER, AT, "not-a-uuid")  # type: ignore[arg-type]
    assert refused.value.field == "created_by"


def test_a_command_with_text_ids_is_refused_or_checked_when_built() -> None:
    command = CreateCustomer(name="Ids Oy", owner_id="not-a-uuid")  # type: ignore[arg-type]
    try:
        draft = draft_customer(command, SequentialIds())
    except ValidationError as error:
        assert error.field == "owner_id"
        return
    with pytest.raises(ValidationError) as refused:
        draft.build(NUMBER, AT, OWNER)
    assert refused.value.field == "owner_id"
