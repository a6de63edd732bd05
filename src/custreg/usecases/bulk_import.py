"""Bulk import of customers (e.g. from a CSV file): the create_customer rules for many records,
checked and written in batches with a constant number of statements per batch.

Each record is a ``CreateCustomer`` or a flat mapping (a ``csv.DictReader`` row) with the keys of
``RECORD_FIELDS``; unknown keys are ignored and empty strings mean "not given". Every record gets
the checks of ``create_customer`` (C1, C2, C7, its address, M5 owner / industry) and the C4
duplicate check, against the registry and against the records before it, done for a whole batch
at once. Records that fail are reported with their index and field; the others are created,
unless ``all_or_nothing`` asks for nothing to be stored when any record fails.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Mapping
from collections.abc import Sequence
from functools import lru_cache
from itertools import islice
from typing import Any
from typing import cast
from uuid import UUID

from attrs import frozen

from custreg.domain.audit import renderer
from custreg.domain.business_ids import BusinessId
from custreg.domain.business_ids import VatNumber
from custreg.domain.customer import Customer
from custreg.domain.errors import CustregError
from custreg.domain.errors import PossibleDuplicateError
from custreg.domain.errors import StorageError
from custreg.domain.errors import ValidationError
from custreg.domain.errors import ValidationErrors
from custreg.domain.events import Stamp
from custreg.domain.ids import CustomerId
from custreg.domain.ids import IndustryId
from custreg.domain.ids import UserId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.permissions import require
from custreg.domain.settings import OrganisationSettings
from custreg.ports.registry import Registry
from custreg.ports.transaction import Transaction
from custreg.ports.unit_of_work import UnitOfWork
from custreg.usecases.commands import CreateCustomer
from custreg.usecases.commands import NewAddress
from custreg.usecases.commands import NewEInvoice
from custreg.usecases.customers import CustomerDraft
from custreg.usecases.customers import draft_customer
from custreg.usecases.einvoicing import parse_einvoice_list
from custreg.usecases.entry import record_creations

#: Keys a mapping record may carry (``address_lines`` may hold several lines separated by "\n").
RECORD_FIELDS = (
    "name",
    "vat_number",
    "country",
    "email",
    "website",
    "owner_id",
    "industry_id",
    "is_internal",
    "address_lines",
    "postal_code",
    "city",
    "address_country",
    "einvoice_address",
    "einvoice_operator",
    "einvoice_addresses",
    "accept_duplicate",
)

ImportRecord = CreateCustomer | Mapping[str, Any]

_TRUE = {"1", "true", "yes", "y", "x"}
_FALSE = {"", "0", "false", "no", "n"}


@frozen
class RecordError:
    """Why record number ``index`` (0-based, in input order) was not imported."""

    index: int
    field: str | None
    reason: str
    error: CustregError


@frozen
class ImportReport:
    """The outcome of an import: the customers created (in record order) and the failures.

    With ``all_or_nothing`` and any failure, ``created`` is empty and ``stored`` is False.
    """

    records: int
    created: tuple[CustomerId, ...]
    errors: tuple[RecordError, ...]
    stored: bool

    @property
    def ok(self) -> bool:
        return not self.errors


# -- records -> commands -------------------------------------------------------------------------
#: Keys read as text: every key but the flags (ids are text in a CSV, parsed after stripping).
_TEXT_KEYS = tuple(k for k in RECORD_FIELDS if k not in {"is_internal", "accept_duplicate"})
_ID_KEYS = frozenset({"owner_id", "industry_id"})
_COUNTRY_KEYS = frozenset({"country", "address_country"})


def _texts(record: Mapping[str, Any], errors: list[ValidationError]) -> dict[str, Any]:
    """Every text key of ``record`` stripped (blank or missing = None), in one pass: a record is
    mostly text, and one loop costs far less than a checked read per field. UUIDs pass as they
    are; any other non-text value is an error of its field."""
    texts: dict[str, Any] = {}
    get = record.get
    for key in _TEXT_KEYS:
        value = get(key)
        if value is None:
            texts[key] = None
        elif isinstance(value, str):
            texts[key] = value.strip() or None
        elif isinstance(value, UUID) and key in _ID_KEYS:
            texts[key] = value
        else:
            errors.append(ValidationError("customer", key, "must be text", value))
            texts[key] = None
    return texts


def _uuid(texts: Mapping[str, Any], key: str, errors: list[ValidationError]) -> UUID | None:
    value = texts[key]
    if value is None or isinstance(value, UUID):
        return value
    try:
        return _parsed_uuid(value)
    except ValueError:
        errors.append(ValidationError("customer", key, "is not an id (UUID)", value))
        return None


@lru_cache(maxsize=4096)
def _parsed_uuid(text: str) -> UUID:
    """``UUID(text)``, remembered: many records share an owner or an industry, and one UUID
    object for all of them is also converted only once by the SQL adapter's bulk writes."""
    return UUID(text)


def _flag(record: Mapping[str, Any], key: str, errors: list[ValidationError]) -> bool:
    value = record.get(key)
    if value is None or isinstance(value, bool):
        return bool(value)
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text not in _FALSE:
        errors.append(ValidationError("customer", key, "must be true or false", value))
    return False


def _address(texts: Mapping[str, Any], errors: list[ValidationError]) -> NewAddress | None:
    lines, postal_code, city = texts["address_lines"], texts["postal_code"], texts["city"]
    if not (lines or postal_code or city):
        return None
    country = texts["address_country"] or texts["country"]
    if country is None:
        if not any(e.field in _COUNTRY_KEYS for e in errors):  # not when it was unreadable
            errors.append(ValidationError("address", "country", "is required for an address", None))
        return None
    return NewAddress(
        country=country,
        lines=cast(Any, tuple(lines.splitlines()) if lines else ()),
        postal_code=postal_code,
        city=city,
    )


def _einvoice(texts: Mapping[str, Any], errors: list[ValidationError]) -> tuple[NewEInvoice, ...]:
    """C7: ``einvoice_address`` + ``einvoice_operator`` (the default) then the entries of
    ``einvoice_addresses`` (``ADDRESS via OPERATOR; ...``, see ``parse_einvoice_list``)."""
    address, operator = texts["einvoice_address"], texts["einvoice_operator"]
    first: tuple[NewEInvoice, ...] = ()
    if address is not None or operator is not None:
        first = (NewEInvoice(address or "", operator or ""),)
    listed = texts["einvoice_addresses"]
    if listed is None:
        return first
    try:
        return first + parse_einvoice_list(listed)
    except ValidationError as error:
        errors.append(error)
        return first


def command_of(record: ImportRecord) -> CreateCustomer:
    """The CreateCustomer a record stands for; every unreadable field reported at once."""
    if isinstance(record, CreateCustomer):
        return record
    if not isinstance(record, Mapping):
        raise ValidationError("customer", None, "a record must be a mapping or CreateCustomer")
    errors: list[ValidationError] = []
    texts = _texts(record, errors)
    owner, industry = _uuid(texts, "owner_id", errors), _uuid(texts, "industry_id", errors)
    command = CreateCustomer(
        name=texts["name"] or "",
        vat_number=texts["vat_number"],
        country=texts["country"],
        address=_address(texts, errors),
        einvoice_addresses=_einvoice(texts, errors),
        email=texts["email"],
        website=texts["website"],
        owner_id=UserId(owner) if owner else None,
        industry_id=IndustryId(industry) if industry else None,
        is_internal=_flag(record, "is_internal", errors),
        accept_duplicate=_flag(record, "accept_duplicate", errors),
    )
    if errors:
        raise errors[0] if len(errors) == 1 else ValidationErrors(errors)
    return command


#: ``audit.render`` of a Customer, planned once (``custreg.domain.audit.renderer``).
render_customer = renderer(Customer)


# -- the use case --------------------------------------------------------------------------------
def _record_errors(index: int, error: CustregError) -> list[RecordError]:
    parts = error.errors if isinstance(error, ValidationErrors) else (error,)
    return [RecordError(index, e.field, e.reason, e) for e in parts]


def _batches(records: Iterable[ImportRecord], size: int) -> Iterator[list[ImportRecord]]:
    iterator = iter(records)
    while batch := list(islice(iterator, size)):
        yield batch


def _remember(
    by_vat: dict[str, tuple[UUID, str]],
    by_id: dict[tuple[str, str], tuple[UUID, str]],
    vat: VatNumber | None,
    business_id: BusinessId | None,
    holder: Customer | CustomerDraft,
) -> None:
    """Note the first holder of each id (stored customers before the batch's records)."""
    if vat is not None:
        by_vat.setdefault(vat.value, (holder.id, holder.name))
    if business_id is not None:
        by_id.setdefault((business_id.country, business_id.value), (holder.id, holder.name))


def _duplicate(
    draft: CustomerDraft,
    by_vat: Mapping[str, tuple[UUID, str]],
    by_id: Mapping[tuple[str, str], tuple[UUID, str]],
) -> PossibleDuplicateError | None:
    """As create_customer: the VAT number first, then the business id."""
    vat, business_id = draft.vat_number, draft.business_id
    if vat is not None and vat.value in by_vat:
        return PossibleDuplicateError("vat_number", *by_vat[vat.value])
    if business_id is not None:
        key = (business_id.country, business_id.value)
        if key in by_id:
            return PossibleDuplicateError("business_id", *by_id[key])
    return None


class _Batch:
    """One batch: drafts of the records that passed the field checks, and the failures."""

    def __init__(self, start: int) -> None:
        self.start = start
        self.drafts: list[tuple[int, CustomerDraft, bool]] = []  # index, draft, accept duplicate
        self.errors: list[RecordError] = []

    def draft_all(
        self, registry: Registry, settings: OrganisationSettings, records: Sequence[ImportRecord]
    ) -> None:
        for offset, record in enumerate(records):
            index = self.start + offset
            try:
                command = command_of(record)
                draft = draft_customer(command, registry.ids, settings)
            except ValidationError as error:
                self.errors.extend(_record_errors(index, error))
                continue
            self.drafts.append((index, draft, command.accept_duplicate))

    def drop_duplicates(self, uow: UnitOfWork) -> None:
        """C4 for the whole batch with one query: a record whose VAT number or business id belongs
        to a stored customer, or to an earlier record, fails unless it accepts duplicates. Keyed
        by the ids' normal-form texts, whose hashes Python keeps (an id object hashes anew)."""
        vats = {d.vat_number for _, d, _ in self.drafts if d.vat_number is not None}
        ids = {d.business_id for _, d, _ in self.drafts if d.business_id is not None}
        by_vat: dict[str, tuple[UUID, str]] = {}
        by_id: dict[tuple[str, str], tuple[UUID, str]] = {}
        if vats or ids:
            for customer in uow.customers.with_tax_ids(vats, ids):
                _remember(by_vat, by_id, customer.vat_number, customer.business_id, customer)
        kept: list[tuple[int, CustomerDraft, bool]] = []
        for index, draft, accept in self.drafts:
            duplicate = _duplicate(draft, by_vat, by_id)
            if duplicate is not None and not accept:
                self.errors.append(RecordError(index, duplicate.field, duplicate.reason, duplicate))
                continue
            kept.append((index, draft, accept))
            _remember(by_vat, by_id, draft.vat_number, draft.business_id, draft)
        self.drafts = kept

    def write(self, uow: Transaction, stamp: Stamp) -> list[Customer]:
        """Numbers, customers and addresses of the batch (one statement each) and their
        "import" events."""
        if not self.drafts:
            return []
        numbers = uow.customers.next_numbers(len(self.drafts))
        customers = [
            draft.build(number, stamp.at, stamp.actor)
            for (_, draft, _), number in zip(self.drafts, numbers, strict=True)
        ]
        uow.customers.add_many(customers)
        uow.addresses.add_many([d.address for _, d, _ in self.drafts if d.address is not None])
        record_creations(uow, stamp, "customer", customers, "import")
        return customers


def import_customers(
    registry: Registry,
    principal: Principal,
    records: Iterable[ImportRecord],
    *,
    batch_size: int = 1000,
    all_or_nothing: bool = False,
) -> ImportReport:
    """Create a customer for every valid record, ``batch_size`` records per transaction.

    Failures (with the record index and field) are reported in the ImportReport, never raised;
    a batch the storage refuses (StorageError) reports each of its records and the import goes
    on with the next batch. With ``all_or_nothing`` the whole import is one transaction that is
    committed only if no record failed (a StorageError is then raised, nothing stored). Needs
    Edit permission on customers.
    """
    require(principal, CustomerPermission.EDIT, "customer", "import")
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValidationError("import", "batch_size", "must be a positive integer", batch_size)
    if all_or_nothing:
        return _import_atomically(registry, principal, records, batch_size)
    created: list[CustomerId] = []
    errors: list[RecordError] = []
    count = 0
    for batch_records in _batches(records, batch_size):
        batch = _Batch(count)
        count += len(batch_records)
        try:
            with registry.transaction() as uow:
                batch.draft_all(registry, uow.settings.get(), batch_records)
                batch.drop_duplicates(uow)
                customers = batch.write(uow, Stamp.by(principal, registry.clock.now()))
                uow.commit()
        except StorageError as error:
            failed = {e.index for e in batch.errors}
            errors.extend(batch.errors)
            errors.extend(
                RecordError(index, error.field, error.reason, error)
                for index in range(batch.start, count)
                if index not in failed
            )
            continue
        created.extend(c.id for c in customers)
        errors.extend(batch.errors)
    errors.sort(key=lambda e: e.index)
    return ImportReport(records=count, created=tuple(created), errors=tuple(errors), stored=True)


def _import_atomically(
    registry: Registry, principal: Principal, records: Iterable[ImportRecord], batch_size: int
) -> ImportReport:
    created: list[CustomerId] = []
    errors: list[RecordError] = []
    count = 0
    with registry.transaction() as uow:
        settings = uow.settings.get()
        for batch_records in _batches(records, batch_size):
            batch = _Batch(count)
            count += len(batch_records)
            batch.draft_all(registry, settings, batch_records)
            batch.drop_duplicates(uow)
            errors.extend(batch.errors)
            # Written even after a failure (then rolled back), so that later records are checked
            # for duplicates against every earlier one and the report is complete.
            stamp = Stamp.by(principal, registry.clock.now())
            created.extend(c.id for c in batch.write(uow, stamp))
        if errors:
            uow.rollback()
            errors.sort(key=lambda e: e.index)
            return ImportReport(records=count, created=(), errors=tuple(errors), stored=False)
        uow.commit()
    return ImportReport(records=count, created=tuple(created), errors=(), stored=True)


__all__ = [
    "RECORD_FIELDS",
    "ImportRecord",
    "ImportReport",
    "RecordError",
    "command_of",
    "import_customers",
]
