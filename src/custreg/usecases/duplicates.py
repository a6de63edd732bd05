"""Likely duplicate customers, and consolidating a duplicate into the customer to keep (D1, D2).

Detection never compares every pair: equal VAT numbers, business ids and normalised names are
found by grouping (hashing), and near-equal names by *sorted-neighbourhood blocking*: the distinct
normalised names are sorted (forwards, then by their reversed spelling) and each is scored only
against its ``window`` successors, through the ``NameSimilarity`` port. 100,000 customers thus
cost about 2 x 100,000 x window comparisons, not 5 x 10^9.

Consolidation follows the product: two cards cannot be joined in place; every project that has no
invoice and no proposal moves (with its notes, activities and files, S3) to the kept customer,
and the duplicate is inactivated only when nothing was left behind. It reuses the card's
``move_project_in`` (S2, S3) inside one unit of work.
"""

from __future__ import annotations

from custreg.domain.duplicates import ConsolidationReport
from custreg.domain.duplicates import CustomerIdentity
from custreg.domain.duplicates import DuplicatePair
from custreg.domain.duplicates import DuplicateReason
from custreg.domain.duplicates import MovedProjectItems
from custreg.domain.duplicates import PairCollector
from custreg.domain.duplicates import UnmovedProject
from custreg.domain.duplicates import groups_by_key
from custreg.domain.duplicates import normalise_name
from custreg.domain.duplicates import pair_up
from custreg.domain.duplicates import reversed_key
from custreg.domain.duplicates import validate_detection
from custreg.domain.errors import BusinessRuleError
from custreg.domain.errors import ValidationError
from custreg.domain.events import DomainEvent
from custreg.domain.events import FieldChanged
from custreg.domain.events import Stamp
from custreg.domain.ids import CustomerId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.permissions import require
from custreg.ports.registry import Registry
from custreg.ports.similarity import NameSimilarity
from custreg.usecases.projects import move_project_in
from custreg.usecases.projects import project_move_blockers
from custreg.usecases.reports import report_queries

#: Default similarity a pair of normalised names needs to be reported (rapidfuzz ratio / 100).
DEFAULT_THRESHOLD = 0.9
#: Default number of sorted neighbours each name is compared with, per pass.
DEFAULT_WINDOW = 8


def detect_duplicates(
    customers: list[CustomerIdentity],
    similarity: NameSimilarity,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    window: int = DEFAULT_WINDOW,
) -> list[DuplicatePair]:
    """The likely duplicate pairs among ``customers``, best score first (see module docstring)."""
    validate_detection(threshold, window)
    found = PairCollector()
    for key, reason in (
        ("vat_number", DuplicateReason.SAME_VAT_NUMBER),
        ("business_id", DuplicateReason.SAME_BUSINESS_ID),
    ):
        for group in groups_by_key(customers, key):
            for a, b in pair_up(group):
                found.add(a, b, reason, 1.0)
    by_name: dict[str, list[CustomerIdentity]] = {}
    for customer in customers:
        name_key = normalise_name(customer.name)
        if name_key:
            by_name.setdefault(name_key, []).append(customer)
    for group in by_name.values():
        for a, b in pair_up(group):
            found.add(a, b, DuplicateReason.SAME_NAME, 1.0)
    keys = sorted(by_name)
    for ordering in (keys, sorted(keys, key=reversed_key)):
        for i, name_key in enumerate(ordering):
            neighbours = ordering[i + 1 : i + 1 + window]
            for j, score in similarity.similar(name_key, neighbours, threshold):
                for a in by_name[name_key]:
                    for b in by_name[neighbours[j]]:
                        found.add(a, b, DuplicateReason.SIMILAR_NAME, score)
    return found.pairs()


def find_duplicates(
    registry: Registry,
    principal: Principal,
    similarity: NameSimilarity,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    window: int = DEFAULT_WINDOW,
    include_inactive: bool = False,
) -> list[DuplicatePair]:
    """Likely duplicates among the registry's customers (only active ones unless
    ``include_inactive``): same VAT number or business id, or names equal or near-equal after
    normalising case, accents and legal-form suffixes ("Oy Esimerkki Ab" / "Esimerkki Oy").
    Each pair carries its reasons and a score in [0, 1]. Needs Read-only (U2)."""
    require(principal, CustomerPermission.READ_ONLY, "customer", "find duplicates")
    validate_detection(threshold, window)
    customers = [
        identity
        for chunk in report_queries(registry).identities(include_inactive, 10_000)
        for identity in chunk
    ]
    return detect_duplicates(customers, similarity, threshold=threshold, window=window)


def consolidate(
    registry: Registry, principal: Principal, duplicate: CustomerId, keep: CustomerId
) -> ConsolidationReport:
    """D1, D2: move every movable project of ``duplicate`` to ``keep``, in one transaction.

    A project moves when it has no invoice and no proposal (S2), taking its notes, activities
    and files along (S3); every other project is reported with the reason. The duplicate is
    inactivated only when no project was left behind; its contacts, addresses, own notes and
    invoices stay on it (inactivation keeps everything, C5). Every moved item is audited under
    the report's ``batch_id``. Needs Edit; refuses consolidating a customer into itself or into
    an inactive customer.
    """
    require(principal, CustomerPermission.EDIT, "customer", "consolidate")
    if duplicate == keep:
        raise ValidationError(
            "consolidation", "keep", "cannot consolidate a customer into itself", keep
        )
    batch_id = registry.ids.new_id()
    stamp = Stamp.by(principal, registry.clock.now(), batch_id)
    with registry.transaction() as uow:
        source = uow.customers.get(duplicate)
        target = uow.customers.get(keep)
        if not target.is_active:
            raise BusinessRuleError("consolidation", "keep", "the customer to keep is inactive")
        moved: list[MovedProjectItems] = []
        left: list[UnmovedProject] = []
        events: list[DomainEvent] = []
        for project in uow.projects.for_customer(duplicate):
            blockers = project_move_blockers(uow, project, keep)
            if blockers:
                left.append(UnmovedProject(project.id, project.number, project.name, blockers))
                continue
            notes = tuple(n.id for n in uow.notes.for_project(project.id))
            activities = tuple(a.id for a in uow.activities.for_project(project.id))
            files = tuple(
                f.id for f in uow.files.for_customer(duplicate) if f.project_id == project.id
            )
            move_project_in(uow, registry, principal, project.id, keep)
            moved.append(
                MovedProjectItems(
                    project.id, project.number, project.name, notes, activities, files
                )
            )
            for entity, ids in (
                ("project", (project.id,)),
                ("note", notes),
                ("activity", activities),
                ("file", files),
            ):
                events += [
                    FieldChanged(
                        entity, item, "customer_id", str(duplicate), str(keep), stamp,
                        "consolidate",
                    )
                    for item in ids
                ]
        if not left:
            after, inactivated = source.inactivate(stamp, "consolidate")
            if inactivated:
                uow.customers.update(after)
                events += inactivated
        uow.commit(events)
    return ConsolidationReport(
        duplicate, keep, batch_id, tuple(moved), tuple(left), inactivated=not left
    )


__all__ = [
    "DEFAULT_THRESHOLD",
    "DEFAULT_WINDOW",
    "consolidate",
    "detect_duplicates",
    "find_duplicates",
]
