"""The bulk inserts' values built a column at a time are exactly the one-row forms' values (the
same values, types and order), and a value the row form refuses is refused with its error."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custreg.adapters.sql.rows import CUSTOMER_COLUMNS
from custreg.adapters.sql.rows import customer_columns
from custreg.adapters.sql.rows import customer_values
from custreg.domain.errors import ValidationError
from custreg.domain.ids import OrganisationId
from custreg.testing import strategies as s


def _rows(columns: list[list[Any]]) -> list[list[Any]]:
    return [list(row) for row in zip(*columns, strict=True)]


@given(st.lists(s.customers(), max_size=5), s.ids(OrganisationId), st.booleans())
def test_customer_columns_are_the_customer_rows_a_column_at_a_time(
    customers: list[Any], organisation_id: OrganisationId, shared: bool
) -> None:
    if shared and customers:  # a bulk import's customers share their instant and empty values
        first = customers[0]
        customers = [
            attrs.evolve(
                c,
                created_at=first.created_at,
                einvoice_addresses=first.einvoice_addresses,
                custom_fields=first.custom_fields,
            )
            for c in customers
        ]
    columns = customer_columns(organisation_id, customers)
    assert len(columns) == len(CUSTOMER_COLUMNS)
    assert all(len(column) == len(customers) for column in columns)
    rows = [list(customer_values(organisation_id, c)) for c in customers]
    assert _rows(columns) == rows
    for row, values in zip(_rows(columns), rows, strict=True):
        assert [type(v) for v in row] == [type(v) for v in values]


@pytest.mark.parametrize("field", ["created_at", "updated_at"])
@given(good=s.customers())
def test_customer_columns_refuse_a_naive_instant_as_the_row_form_does(
    field: str, good: Any
) -> None:
    aware = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
    customers = [
        attrs.evolve(good, created_at=aware, updated_at=aware),
        attrs.evolve(good, created_at=aware, updated_at=None),
        attrs.evolve(good, **{field: aware.replace(tzinfo=None)}),
    ]
    with pytest.raises(ValidationError) as expected:
        [customer_values(OrganisationId(good.id), c) for c in customers]
    with pytest.raises(ValidationError) as refused:
        customer_columns(OrganisationId(good.id), customers)
    assert (refused.value.field, refused.value.reason) == (field, expected.value.reason)
    assert str(refused.value) == str(expected.value)
