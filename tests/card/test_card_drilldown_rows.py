"""The drill-down made from rows (``custreg.adapters.sql.card_drilldown``): sums from stored
units are ``Money.total``'s, to the exponent; invoices and cost entries built on first use are
the eager ones; ``drilldown_in_order`` is ``drilldown_of`` for rows already in order. The SQL
read model against the memory adapter: ``test_card_equivalence.py``, ``test_card_v_rules.py``."""

from __future__ import annotations

import pickle
import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pytest
from cardkit import ADMIN
from cardkit import add_invoice
from cardkit import card_settings
from cardkit import new_customer
from hypothesis import given
from hypothesis import strategies as st

from custreg.adapters.sql.card_drilldown import filled_by
from custreg.adapters.sql.rows.encoding import amounts_total
from custreg.adapters.sql.rows.encoding import money_amount
from custreg.adapters.sql.rows.encoding import money_exponent
from custreg.adapters.sql.rows.encoding import money_units
from custreg.adapters.sql.trusted import maker
from custreg.domain.card import Figure
from custreg.domain.card import ProjectRef
from custreg.domain.card import Summed
from custreg.domain.card import drilldown_in_order
from custreg.domain.card import drilldown_of
from custreg.domain.checked import field_names
from custreg.domain.errors import ValidationError
from custreg.domain.ids import CostEntryId
from custreg.domain.ids import CustomerId
from custreg.domain.ids import InvoiceId
from custreg.domain.ids import InvoiceStatusId
from custreg.domain.ids import ProjectId
from custreg.domain.invoice import Invoice
from custreg.domain.project import CostEntry
from custreg.domain.project import CostKind
from custreg.domain.values import Money
from custreg.testing.strategies.monetary import amounts
from custreg.usecases.card import financials_drilldown

PROJECT = ProjectId(uuid.UUID(int=5))
INVOICE = Invoice(
    InvoiceId(uuid.UUID(int=1)),
    CustomerId(uuid.UUID(int=2)),
    InvoiceStatusId(uuid.UUID(int=3)),
    date(2026, 10, 1),
    Money(Decimal("10.00"), "EUR"),
    Money(Decimal("12.55"), "EUR"),
    number=4,
    project_ids=frozenset({PROJECT}),
)
COST = CostEntry(
    CostEntryId(uuid.UUID(int=6)), PROJECT, CostKind.TRAVEL, date(2026, 10, 2), Money(1, "EUR")
)


def _rows(values: list[Decimal]) -> list[tuple[int, int]]:
    """The stored units and exponent of each amount, as the SQL adapter writes them."""
    return [(money_units(Money(v, "EUR")), money_exponent(Money(v, "EUR"))) for v in values]


@given(st.lists(amounts(-(10**12), 10**12), max_size=8))
def test_amounts_summed_from_stored_units_are_money_total_to_the_exponent(
    values: list[Decimal],
) -> None:
    expected = Money.total([Money(v, "EUR") for v in values], "EUR").amount
    found = amounts_total(_rows(values), 0, 1)
    assert str(found) == str(expected)  # the same value and exponent: it prints the same


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([(10**6, 2)], "100"),  # 1E+2 written: Decimal(0) + 1E+2 is 100
        ([(15_000, None), (20_000, -2)], "3.50"),  # no exponent stored: one at a time
        ([(1, 20)], "0.0001"),  # an exponent beyond those written: one at a time
        ([], "0"),
    ],
)
def test_amounts_summed_from_rows_with_other_exponents(rows: list[Any], expected: str) -> None:
    total = Decimal(0)
    for units, exponent in rows:
        total += money_amount(units, exponent)
    assert str(amounts_total(rows, 0, 1)) == str(total) == expected


@pytest.mark.parametrize("entity", [INVOICE, COST])
def test_an_entity_left_to_fill_is_built_once_on_first_use_and_equals_the_eager_one(
    entity: Any,
) -> None:
    cls = type(entity)
    built: list[str] = []

    def build(source: str) -> Any:
        built.append(source)
        return entity

    made = maker(cls, later=field_names(cls))((filled_by(cls, build), "row"))
    assert built == []
    assert made == entity and hash(made) == hash(entity) and repr(made) == repr(entity)
    assert built == ["row"]  # filled once, every field
    assert pickle.loads(pickle.dumps(made)) == entity
    assert attrs.evolve(made) == entity
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made.id = entity.id


@pytest.mark.parametrize("figure", list(Figure))
def test_a_drilldown_in_order_with_its_sums_given_is_the_drilldown_of_its_rows(
    figure: Figure,
) -> None:
    later = attrs.evolve(INVOICE, id=InvoiceId(uuid.UUID(int=9)), on=date(2026, 10, 3))
    projects = {PROJECT: ProjectRef(PROJECT, 7, "Roof")}
    invoices, costs = [later, INVOICE], [COST]
    expected = drilldown_of(date(2026, 10, 9), figure, "EUR", invoices, costs, [], projects)
    summed = Summed(Money(Decimal("20.00"), "EUR"), Money(1, "EUR"), [projects[PROJECT]])
    found = drilldown_in_order(
        date(2026, 10, 9), figure, "EUR", [INVOICE, later], costs, [], projects, summed
    )
    assert found == expected
    assert str(found.total) == str(expected.total)


def test_a_drilldown_with_an_invoice_in_another_currency_is_refused_on_every_adapter(
    registry_factory: Any,
) -> None:
    """``Money.total`` refuses to mix currencies; the SQL read model, which sums stored units,
    falls back to the entities for such rows and refuses them the same way."""
    registry = registry_factory(settings=card_settings)
    customer = new_customer(registry)
    add_invoice(registry, customer.id, date(2026, 11, 2), 100)
    foreign = attrs.evolve(
        add_invoice(registry, customer.id, date(2026, 11, 3), 5, number=2),
        id=InvoiceId(registry.ids.new_id()),
        total_excl_vat=Money(5, "USD"),
        total_incl_vat=Money(6, "USD"),
        number=3,
    )
    with registry.uow() as uow:
        uow.invoices.add(foreign)
        uow.commit()
    with pytest.raises(ValidationError, match="cannot mix"):
        financials_drilldown(registry, ADMIN, customer.id, date(2026, 11, 1), Figure.BILLING)
