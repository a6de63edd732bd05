"""One database, many organisations: every row carries the organisation key and every query
filters on it, so an organisation never sees, changes or collides with another's rows."""

from __future__ import annotations

import re
import uuid
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from sqlkit import statements

from custreg.adapters.sql import SqlDatabase
from custreg.bootstrap import registry_of
from custreg.domain.errors import NotFoundError
from custreg.domain.ids import OrganisationId
from custreg.domain.query import CustomerQuery
from custreg.domain.query import PageRequest
from custreg.ports.registry import Registry
from custreg.testing import strategies as s

fixture_ok = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


def _organisation(database: SqlDatabase, data: st.DataObject) -> tuple[Registry, Any]:
    organisation_id = OrganisationId(uuid.uuid4())
    settings_ = data.draw(s.organisation_settings(organisation_id))
    return registry_of(database, organisation_id, settings=settings_), settings_


@fixture_ok
@given(data=st.data())
def test_an_organisation_never_sees_another_organisations_rows(
    database: SqlDatabase, data: st.DataObject
) -> None:
    """The same customer ids and numbers in two organisations: each sees only its own."""
    mine, my_settings = _organisation(database, data)
    theirs, their_settings = _organisation(database, data)
    customers = data.draw(
        st.lists(
            s.customers(my_settings),
            min_size=1,
            max_size=6,
            unique_by=(lambda c: c.id, lambda c: c.number),
        ),
        label="customers",
    )
    # Their customers reuse my ids, numbers and VAT numbers, with other names.
    twins = [
        attrs.evolve(
            c,
            name=f"Twin of {c.name}",
            market_segment_ids=frozenset(),
            owner_id=None,
            industry_id=None,
            invoice_template_id=None,
            default_vat_rate_id=None,
            custom_fields={},
        )
        for c in customers
    ]
    extra = data.draw(
        s.customers(their_settings).filter(
            lambda c: (
                c.id not in {x.id for x in customers}
                and c.number not in {x.number for x in customers}
            )
        )
    )
    for registry, group in ((mine, customers), (theirs, [*twins, extra])):
        with registry.uow() as uow:
            uow.customers.add_many(group)
            uow.commit()
    query = data.draw(s.customer_queries(customers), label="query")
    with mine.uow() as uow:
        assert uow.customers.ids_matching(CustomerQuery()) == [
            c.id for c in sorted(customers, key=lambda c: c.number)
        ]
        assert uow.customers.ids_matching(query) == [
            c.id for c in sorted(customers, key=lambda c: c.number) if query.matches(c)
        ]
        page = uow.customers.find(CustomerQuery(), PageRequest(limit=100))
        assert list(page.items) == sorted(customers, key=lambda c: c.number)
        assert uow.customers.get_many([c.id for c in customers] + [extra.id]) == {
            c.id: c for c in customers
        }
        with pytest.raises(NotFoundError):
            uow.customers.get(extra.id)
        by_number = sorted(customers, key=lambda c: c.number)
        for vat in {c.vat_number for c in customers if c.vat_number is not None}:
            assert uow.customers.with_vat_number(vat) == [
                c for c in by_number if c.vat_number == vat
            ]
        assert uow.settings.get() == my_settings
    with theirs.uow() as uow:
        assert uow.customers.get(customers[0].id).name.startswith("Twin of ")
        assert uow.settings.get() == their_settings


def _every_statement_filters_on_the_organisation(sql: list[str]) -> list[str]:
    """Statements reading or changing rows that do not mention the organisation key."""
    offending = []
    for statement in sql:
        verb = statement.lstrip().split(None, 1)[0].upper()
        reads_or_writes = verb in {"SELECT", "UPDATE", "DELETE", "WITH"} and re.search(
            r"\bFROM\b|\bUPDATE\b|\bDELETE\b", statement, re.IGNORECASE
        )
        if reads_or_writes and "organisation_id" not in statement:
            offending.append(statement)
    return offending


@fixture_ok
@given(data=st.data())
def test_every_statement_of_the_repositories_filters_on_the_organisation(
    database: SqlDatabase, data: st.DataObject
) -> None:
    registry, settings_ = _organisation(database, data)
    customer = data.draw(s.customers(settings_))
    project = data.draw(s.projects(customer.id, settings_))
    contact = data.draw(s.contacts(customer.id))
    invoice = data.draw(s.invoices(customer.id, settings_, [project.id]))
    with statements(database) as log:
        with registry.uow() as uow:
            uow.customers.add(customer)
            uow.projects.add(project)
            uow.contacts.add(contact)
            uow.invoices.add(invoice)
            uow.customers.update(attrs.evolve(customer, version=customer.version + 1))
            uow.commit()
        with registry.uow() as uow:
            uow.settings.get()
            uow.customers.find(data.draw(s.customer_queries([customer])), PageRequest())
            uow.customers.get_many([customer.id])
            uow.contacts.for_customer(customer.id, include_inactive=True)
            uow.contacts.with_keyword("x")
            uow.invoices.for_project(project.id)
            uow.projects.for_customer(customer.id)
            uow.tasks.for_projects([project.id])
            uow.audit.for_entity("customer", customer.id)
    assert log.statements
    assert _every_statement_filters_on_the_organisation(log.statements) == []
