"""The main SELECT of a report plan and how its rows become the plan's raw cells, a column at a
time (``custreg.adapters.sql.reports`` runs it).

The expressions are selected untyped, so SQLAlchemy does no per-row result processing: a chunk's
rows are turned into columns once, and each column is converted here by its type's result
conversion once per distinct value (``driver_values.decoded_column``; an id's hex text through
``trusted.new_id``), then by the plan column's own decoding (JSON lists, the address street, a
status), again once per distinct value where values repeat (a customer's cells on each of its
contacts, pools such as cities and roles). A contact's address (its own if it has one, else its
customer's headquarters) is chosen by the database (``CASE``), one column per address field.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Hashable
from collections.abc import Mapping
from collections.abc import Sequence
from itertools import repeat
from typing import Any

from orjson import loads
from sqlalchemy import ColumnElement
from sqlalchemy import Dialect
from sqlalchemy import Uuid
from sqlalchemy import case
from sqlalchemy import type_coerce
from sqlalchemy.sql.selectable import FromClause
from sqlalchemy.types import NullType

from custreg.adapters.sql import tables as t
from custreg.adapters.sql.driver_values import Converter
from custreg.adapters.sql.driver_values import decoded_column
from custreg.adapters.sql.rows import decode_custom_fields
from custreg.adapters.sql.rows import decode_einvoice_addresses
from custreg.adapters.sql.rows import money
from custreg.adapters.sql.trusted import new_id
from custreg.domain.customer import CustomerStatus
from custreg.domain.einvoice import EInvoiceAddresses
from custreg.domain.reports import Column
from custreg.domain.reports import ReportLevel
from custreg.domain.reports import ReportPlan

_c = t.customers
_k = t.contacts
_n = t.notes
_p = t.projects
#: The customer's headquarters address and a contact's own address, as the FROM joins them.
HEADQUARTERS = t.addresses.alias("hq")
OWN_ADDRESS = t.addresses.alias("own")
_hq, _own = HEADQUARTERS, OWN_ADDRESS

#: The link-table and aggregate columns of one chunk, by column key (filled once per chunk).
Links = Mapping[str, Mapping[Any, Any]]
#: The raw cells of one plan column, from the chunk's converted columns and links.
ColumnDecoder = Callable[[Sequence[Sequence[Any]], Links], Sequence[Any]]


def result_converter(dialect: Dialect, expression: ColumnElement[Any]) -> Converter | None:
    """The result conversion of ``expression``'s type on ``dialect`` (an id's hex text through
    ``trusted.new_id``), or None if the driver's value is the value."""
    kind = expression.type
    processor: Converter | None = kind.dialect_impl(dialect).result_processor(dialect, None)
    if processor is not None and isinstance(kind, Uuid):
        return new_id
    return processor


def each(convert: Callable[[Any], Any], values: Sequence[Hashable]) -> list[Any]:
    """``convert`` of each of ``values``, run once per distinct value where values repeat (a
    column of mostly distinct values is converted value by value)."""
    distinct = set(values)
    if len(distinct) * 2 > len(values):
        return list(map(convert, values))
    known = {value: convert(value) for value in distinct}
    return list(map(known.__getitem__, values))


def _json_list(text: str | None) -> Any:
    return () if text is None else loads(text)


def _street(lines: str | None) -> str | None:
    if lines is None:
        return None
    return ", ".join(loads(lines)) or None


class ReportLayout:
    """The main SELECT of one plan: its expressions (untyped; result rows are tuples in this
    order, any order keys after them) and how a chunk's rows become the plan's raw cells:
    converted a column at a time (``columns``), then decoded per plan column (``rows``). Columns
    of link tables and aggregates are looked up in ``Links``, filled once per chunk from the
    converted columns."""

    def __init__(self, plan: ReportPlan, dialect: Dialect) -> None:
        self.plan = plan
        self.level = plan.level
        self._dialect = dialect
        self.expressions: list[ColumnElement[Any]] = []
        self._converters: list[Converter | None] = []
        self._index: dict[str, int] = {}
        keys = {c.key for c in plan.columns}
        custom = any(c.custom_field_id is not None for c in plan.columns)
        self._custom_index = self._use("custom_fields", _c.c.custom_fields) if custom else -1
        by_customer = keys & {"customer.market_segments", "customer.billing_total"}
        self.customer_index = self._use("customer_id", _c.c.id) if by_customer else -1
        by_contact = "contact.keywords" in keys
        self.contact_index = self._use("contact_id", _k.c.id) if by_contact else -1
        self._decoders = [self._decoder(column) for column in plan.columns]

    def _use(self, label: str, expression: ColumnElement[Any]) -> int:
        if label not in self._index:
            self._index[label] = len(self.expressions)
            self.expressions.append(type_coerce(expression, NullType()).label(label))
            self._converters.append(result_converter(self._dialect, expression))
        return self._index[label]

    def _address(self, name: str) -> int:
        if self.level is not ReportLevel.CONTACTS:
            return self._use(f"hq_{name}", _hq.c[name])
        chosen = case((_own.c.id.is_not(None), _own.c[name]), else_=_hq.c[name])
        return self._use(f"address_{name}", chosen)

    def _decoder(self, column: Column) -> ColumnDecoder:
        key = column.key
        if column.custom_field_id is not None:
            field_id = column.custom_field_id
            return lambda columns, links: [fields.get(field_id) for fields in columns[-1]]
        if key == "contact.keywords":
            contact = self.contact_index
            return lambda columns, links: list(map(links[key].get, columns[contact], repeat(())))
        if key in _LINKED:
            customer = self.customer_index
            return lambda columns, links: list(map(links[key].get, columns[customer]))
        if key.startswith("address."):
            name = {"street": "lines"}.get(key[8:], key[8:])
            i = self._address(name)
            if name == "lines":
                return lambda columns, links: each(_street, columns[i])
            return lambda columns, links: columns[i]
        if key in _EINVOICE:
            i, part = self._use("einvoice", _c.c.einvoice_addresses), _EINVOICE[key]
            return lambda columns, links: each(
                lambda text: part(decode_einvoice_addresses(text)), columns[i]
            )
        plain = _PLAIN.get(key)
        if plain is not None:
            table, name = plain
            i = self._use(key, table.c[name])
            if key in _JSON_LISTS:
                return lambda columns, links: each(_json_list, columns[i])
            if key == "customer.status":
                return lambda columns, links: each(CustomerStatus, columns[i])
            return lambda columns, links: columns[i]
        if key == "project.expected_value":
            units = self._use("ev_units", _p.c.expected_value_units)
            currency = self._use("ev_currency", _p.c.expected_value_currency)
            return lambda columns, links: list(map(money, columns[units], columns[currency]))
        raise KeyError(key)  # pragma: no cover - the catalogue and this module list the same keys

    def columns(self, found: Sequence[Sequence[Any]]) -> list[Sequence[Any]]:
        """The chunk's rows ``found`` (the expressions first, as the driver gives them) as
        converted columns, one per expression (any order keys left out), the decoded custom
        fields last when the plan has custom field columns."""
        width = len(self.expressions)
        columns: list[Sequence[Any]] = []
        if found:
            columns += list(zip(*found, strict=True))[:width]
        if not columns:
            return [[] for _ in range(width)]
        for index, convert in enumerate(self._converters):
            if convert is not None:
                columns[index] = decoded_column(convert, columns[index])
        if self._custom_index >= 0:
            columns.append(each(decode_custom_fields, columns[self._custom_index]))
        return columns

    def rows(
        self, columns: Sequence[Sequence[Any]], links: Links, count: int
    ) -> list[tuple[Any, ...]]:
        """The raw cells of the ``count`` rows whose converted ``columns`` are given."""
        if not self._decoders:
            return [()] * count
        return list(zip(*[decode(columns, links) for decode in self._decoders], strict=True))


#: Columns read straight from a table of the main SELECT: key -> (table, column name).
_PLAIN: dict[str, tuple[FromClause, str]] = {
    "customer.id": (_c, "id"),
    "customer.number": (_c, "number"),
    "customer.name": (_c, "name"),
    "customer.status": (_c, "status"),
    "customer.vat_number": (_c, "vat_number"),
    "customer.business_id": (_c, "business_id"),
    "customer.email": (_c, "email"),
    "customer.website": (_c, "website"),
    "customer.owner": (_c, "owner_id"),
    "customer.industry": (_c, "industry_id"),
    "customer.invoice_template": (_c, "invoice_template_id"),
    "customer.default_vat_rate": (_c, "default_vat_rate_id"),
    "customer.payment_term_days": (_c, "payment_term_days"),
    "customer.is_internal": (_c, "is_internal"),
    "customer.created_at": (_c, "created_at"),
    "customer.updated_at": (_c, "updated_at"),
    "contact.first_name": (_k, "first_name"),
    "contact.last_name": (_k, "last_name"),
    "contact.title": (_k, "title"),
    "contact.status": (_k, "active"),
    "contact.emails": (_k, "emails"),
    "contact.phones": (_k, "phones"),
    "contact.roles": (_k, "roles"),
    "note.text": (_n, "text"),
    "note.created_at": (_n, "created_at"),
    "note.created_by": (_n, "created_by"),
    "project.number": (_p, "number"),
    "project.name": (_p, "name"),
    "project.sales_status": (_p, "sales_status_id"),
    "project.probability": (_p, "probability"),
    "project.is_closed": (_p, "is_closed"),
}
#: The e-invoicing columns, all read from the customer's one list column (C7).
_EINVOICE: dict[str, Callable[[EInvoiceAddresses], Any]] = {
    "customer.einvoice_address": lambda e: e.default.address if e.default else None,
    "customer.einvoice_operator": lambda e: e.default.operator if e.default else None,
    "customer.einvoice_addresses": EInvoiceAddresses.labels,
}
_JSON_LISTS = frozenset({"contact.emails", "contact.phones", "contact.roles"})
#: Columns filled by one extra statement per chunk.
_LINKED = frozenset({"customer.market_segments", "contact.keywords", "customer.billing_total"})
