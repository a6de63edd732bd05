"""Projects and sales cases of the Sales & projects tab: create, win and lose (S1), close and
reopen, proposals, forecasts, and moving a project to another customer (S2, S3)."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from datetime import date
from typing import Any
from uuid import UUID

import attrs
from attrs import frozen

from custreg.domain.activity import Activity
from custreg.domain.activity import FileLink
from custreg.domain.activity import Note
from custreg.domain.entry import entry_id
from custreg.domain.errors import NotFoundError
from custreg.domain.errors import ValidationError
from custreg.domain.events import Outcome
from custreg.domain.events import Stamp
from custreg.domain.forecast import ProjectForecast
from custreg.domain.ids import CustomerId
from custreg.domain.ids import ProjectId
from custreg.domain.ids import SalesStatusId
from custreg.domain.ids import UserId
from custreg.domain.moves import MoveBlocker
from custreg.domain.moves import why_project_cannot_move
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.permissions import require
from custreg.domain.project import Project
from custreg.domain.project import Proposal
from custreg.domain.project import first_sales_status
from custreg.domain.project import usable_sales_status
from custreg.domain.settings import OrganisationSettings
from custreg.domain.settings import SalesState
from custreg.domain.text import required_text
from custreg.domain.validation import ErrorCollector
from custreg.domain.values import Money
from custreg.ports.registry import Registry
from custreg.ports.transaction import Transaction
from custreg.ports.transaction import record_events
from custreg.ports.unit_of_work import UnitOfWork
from custreg.usecases.commands import UNSET
from custreg.usecases.commands import Clear
from custreg.usecases.commands import Unset
from custreg.usecases.commands import cleared
from custreg.usecases.entry import as_list
from custreg.usecases.entry import build_all
from custreg.usecases.proposals import NewProposal
from custreg.usecases.proposals import record_proposal
from custreg.usecases.statuses import StatusKind
from custreg.usecases.statuses import record_status_use


@frozen
class NewProject:
    """A project or sales case as typed in the form. ``probability`` None: the sales status's
    default."""

    name: str
    owner_id: UserId | None = None
    sales_status_id: SalesStatusId | None = None
    probability: int | None = None
    expected_value: Money | None = None
    is_internal: bool = False


@frozen
class ProjectChanges:
    """Edit a project's details; fields left UNSET stay as they are."""

    name: str | Unset = UNSET
    owner_id: UserId | Unset | Clear | None = UNSET
    probability: int | Unset = UNSET
    expected_value: Money | Unset | Clear | None = UNSET


@frozen
class MovedProject:
    """What moving a project took along to the new customer (S3)."""

    project: Project
    from_customer: CustomerId
    notes: int
    activities: int
    files: int


def project_of_customer(
    uow: UnitOfWork, entity: str, customer_id: CustomerId, project_id: ProjectId | None
) -> Project | None:
    """T2, N3: the project a note, activity or file is linked to must be one of the customer's;
    otherwise a ValidationError on ``<entity>.project_id``."""
    if project_id is None:
        return None
    try:
        project = uow.projects.get(project_id)
    except NotFoundError:
        raise ValidationError(entity, "project_id", "no such project", project_id) from None
    if project.customer_id != customer_id:
        raise ValidationError(entity, "project_id", "is a project of another customer", project_id)
    return project


def _owner(settings: OrganisationSettings, owner_id: UserId | None) -> None:
    """The owner must be an active user of the organisation."""
    if owner_id is None:
        return
    errors = ErrorCollector()
    errors.check(lambda: settings.require_active_user(owner_id), "project", "owner_id")
    errors.raise_if_any()


def _note_status_use(uow: Transaction, stamp: Stamp, project: Project) -> None:
    if project.sales_status_id is not None:
        record_status_use(
            uow, stamp, StatusKind.SALES, project.sales_status_id, f"project {project.number}"
        )


def create_project(
    registry: Registry, principal: Principal, customer_id: CustomerId, new: NewProject
) -> Project:
    """A new open project of the customer; with a sales status it starts as that status says
    (in progress: a sales case with the status's default probability; Won/Lost as in S1)."""
    require(principal, CustomerPermission.EDIT, "project", "create")
    errors = ErrorCollector()
    name = errors.check(lambda: required_text("project", "name", new.name))
    if new.expected_value is not None and not isinstance(new.expected_value, Money):
        errors.errors.append(
            ValidationError("project", "expected_value", "must be Money", new.expected_value)
        )
    errors.raise_if_any()
    stamp = Stamp.by(principal, registry.clock.now())
    with registry.transaction() as uow:
        uow.customers.get(customer_id)
        settings = uow.settings.get()
        _owner(settings, new.owner_id)
        project = Project(
            id=ProjectId(registry.ids.new_id()),
            customer_id=customer_id,
            number=uow.projects.next_number(),
            name=name or "",
            owner_id=new.owner_id,
            is_internal=new.is_internal,
            expected_value=new.expected_value,
        )
        if new.sales_status_id is not None:
            project = project.moved_to(usable_sales_status(settings, new.sales_status_id))
        if new.probability is not None:
            project, _ = project.edit(stamp, settings, new.probability)
        uow.projects.add(project)
        _note_status_use(uow, stamp, project)
        uow.commit([project.created(stamp)])
    return project


def create_sales_case(
    registry: Registry, principal: Principal, customer_id: CustomerId, new: NewProject
) -> Project:
    """A new sales case: ``new.sales_status_id`` must be in progress; None picks the
    organisation's first active in-progress status."""
    require(principal, CustomerPermission.EDIT, "project", "create")
    with registry.read() as uow:
        settings = uow.settings.get()
    status_id = new.sales_status_id or first_sales_status(settings, SalesState.IN_PROGRESS).id
    status = usable_sales_status(settings, status_id)
    if status.state is not SalesState.IN_PROGRESS:
        raise ValidationError(
            "project", "sales_status_id", "a sales case needs an in-progress status", status_id
        )
    return create_project(
        registry, principal, customer_id, attrs.evolve(new, sales_status_id=status_id)
    )


def _change(
    registry: Registry,
    principal: Principal,
    project_id: ProjectId,
    action: str,
    change: Callable[[Transaction, Project, Stamp], Outcome[Project]],
) -> Project:
    require(principal, CustomerPermission.EDIT, "project", action)
    entry_id("project", "id", project_id)
    stamp = Stamp.by(principal, registry.clock.now())
    with registry.transaction() as uow:
        before = uow.projects.get(project_id)
        after, events = change(uow, before, stamp)
        if not events:
            return before
        uow.projects.update(after)
        if after.sales_status_id != before.sales_status_id:
            _note_status_use(uow, stamp, after)
        uow.commit(events)
    return after


def set_sales_status(
    registry: Registry, principal: Principal, project_id: ProjectId, status_id: SalesStatusId
) -> Project:
    """Move a project to an active sales status with the S1 consequences."""
    return _change(
        registry,
        principal,
        project_id,
        "set sales status",
        lambda uow, p, stamp: p.set_sales_status(
            usable_sales_status(uow.settings.get(), status_id), stamp
        ),
    )


def _to_state(
    registry: Registry,
    principal: Principal,
    project_id: ProjectId,
    state: SalesState,
    status_id: SalesStatusId | None,
) -> Project:
    def change(uow: Transaction, project: Project, stamp: Stamp) -> Outcome[Project]:
        settings = uow.settings.get()
        status = (
            usable_sales_status(settings, status_id)
            if status_id
            else first_sales_status(settings, state)
        )
        return project.settle(status, state, stamp)

    return _change(registry, principal, project_id, state.value, change)


def win_sales_case(
    registry: Registry,
    principal: Principal,
    project_id: ProjectId,
    status_id: SalesStatusId | None = None,
) -> Project:
    """S1: a Won status (the given one, or the first active one): probability 100, still open."""
    return _to_state(registry, principal, project_id, SalesState.WON, status_id)


def lose_sales_case(
    registry: Registry,
    principal: Principal,
    project_id: ProjectId,
    status_id: SalesStatusId | None = None,
) -> Project:
    """S1: a Lost status (the given one, or the first active one): the sales case closes."""
    return _to_state(registry, principal, project_id, SalesState.LOST, status_id)


def close_project(registry: Registry, principal: Principal, project_id: ProjectId) -> Project:
    """Close a project (it moves to the closed list of its kind)."""
    return _change(
        registry, principal, project_id, "close", lambda _, p, stamp: p.close(stamp)
    )


def reopen_project(registry: Registry, principal: Principal, project_id: ProjectId) -> Project:
    """Reopen a closed project; a lost sales case is reopened by giving it another sales status."""
    return _change(
        registry, principal, project_id, "reopen", lambda _, p, stamp: p.reopen(stamp)
    )


def update_project(
    registry: Registry, principal: Principal, project_id: ProjectId, changes: ProjectChanges
) -> Project:
    """Edit name, owner, probability or expected value."""

    def change(uow: Transaction, project: Project, stamp: Stamp) -> Outcome[Project]:
        values: dict[str, Any] = {
            n: cleared(getattr(changes, n))
            for n in attrs.fields_dict(ProjectChanges)
            if getattr(changes, n) is not UNSET
        }
        value = values.get("expected_value")
        if value is not None and not isinstance(value, Money):
            raise ValidationError("project", "expected_value", "must be Money", value)
        settings = uow.settings.get()
        _owner(settings, values.get("owner_id"))
        return project.edit(stamp, settings, values.pop("probability", None), **values)

    return _change(registry, principal, project_id, "update", change)


def add_proposal(
    registry: Registry, principal: Principal, project_id: ProjectId, name: str
) -> Proposal:
    """Record a proposal made on a project today (from then on it cannot change customer, S2):
    ``custreg.usecases.proposals.record_proposal`` with today's date in the organisation's time
    zone (ValidationError on ``proposal.project_id`` for an unknown project)."""
    return record_proposal(registry, principal, NewProposal(project_id, name))


def set_project_forecast(
    registry: Registry,
    principal: Principal,
    project_id: ProjectId,
    month: date,
    billing: Money,
    costs: Money,
) -> ProjectForecast:
    """Set what the project is expected to bill and cost in ``month`` (money: needs All, U5)."""
    require(principal, CustomerPermission.ALL, "forecast", "set")
    forecast = ProjectForecast(project_id, month, billing, costs)
    stamp = Stamp.by(principal, registry.clock.now())
    with registry.transaction() as uow:
        uow.projects.get(project_id)
        previous = [f for f in uow.projects.forecasts_for(project_id) if f.month == forecast.month]
        if previous == [forecast]:
            return forecast
        uow.projects.set_forecast(forecast)
        uow.commit([forecast.replacing(previous[0] if previous else None, stamp)])
    return forecast


# -- moving a project (S2, S3; reused by duplicate consolidation D1, D2) --------------------------
def project_move_blockers(
    uow: UnitOfWork, project: Project, target: CustomerId
) -> tuple[MoveBlocker, ...]:
    """S2 inside a unit of work: why ``project`` cannot move to ``target`` (empty: it can)."""
    return why_project_cannot_move(
        project,
        target,
        invoices=len(uow.invoices.for_project(project.id)),
        proposals=len(uow.projects.proposals_for(project.id)),
    )


def move_project_in(
    uow: UnitOfWork | Transaction,
    registry: Registry,
    principal: Principal,
    project_id: ProjectId,
    target: CustomerId,
) -> MovedProject:
    """Move a project to ``target`` inside the caller's unit of work (no commit).

    S2: BusinessRuleError naming every blocker if the project has an invoice or a proposal.
    S3: its notes, its linked activities and its files move along; tasks, costs and forecasts
    belong to the project and follow it. Permission: Edit.
    """
    require(principal, CustomerPermission.EDIT, "project", "move")
    stamp = Stamp.by(principal, registry.clock.now())
    project = uow.projects.get(project_id)
    uow.customers.get(target)
    moved, events = project.move_to_customer(
        target,
        stamp,
        invoices=len(uow.invoices.for_project(project.id)),
        proposals=len(uow.projects.proposals_for(project.id)),
    )
    source = project.customer_id
    uow.projects.update(moved)
    record_events(uow, registry.ids, events)
    notes: list[Note] = uow.notes.for_project(project_id)
    for note in notes:
        uow.notes.update(note.moved_along(target))
    activities: list[Activity] = uow.activities.for_project(project_id)
    for activity in activities:
        uow.activities.update(activity.moved_along(target))
    files: list[FileLink] = [
        f for f in uow.files.for_customer(source) if f.project_id == project_id
    ]
    for item in files:
        uow.files.remove(item.id)
        uow.files.add(item.moved_along(target))
    return MovedProject(moved, source, len(notes), len(activities), len(files))


def move_project(
    registry: Registry, principal: Principal, project_id: ProjectId, target: CustomerId
) -> MovedProject:
    """Change a project's customer (S2), taking its notes and activities along (S3), atomically."""
    require(principal, CustomerPermission.EDIT, "project", "move")
    with registry.transaction() as uow:
        result = move_project_in(uow, registry, principal, project_id, target)
        uow.commit()
    return result


# -- many sales statuses at once ------------------------------------------------------------------
@frozen
class SalesStatusChange:
    """Move ``project_id`` to the sales status ``status_id`` (one row of ``set_sales_statuses``)."""

    project_id: ProjectId
    status_id: SalesStatusId


def set_sales_statuses(
    registry: Registry, principal: Principal, changes: Iterable[SalesStatusChange]
) -> tuple[Project, ...]:
    """``set_sales_status`` for many projects in one transaction, all or nothing, set-based.

    Each row is checked as ``set_sales_status`` checks it (an active sales status, with the S1
    consequences); an unknown project, a project named twice or a bad status fails its row, and
    EntryRowsError names every failing row, field and reason with nothing stored. A row that
    changes nothing is kept as it is. Returns the projects as they are after, in input order;
    every change is audited under one batch id. Needs Edit.
    """
    require(principal, CustomerPermission.EDIT, "project", "set sales status")
    rows = as_list("project", changes)
    if not rows:
        return ()
    stamp = Stamp.by(principal, registry.clock.now(), registry.ids.new_id())
    with registry.transaction() as uow:
        settings = uow.settings.get()
        named = [r.project_id for r in rows if isinstance(r, SalesStatusChange)]
        stored = uow.projects.get_many([p for p in named if isinstance(p, UUID)])
        seen: set[UUID] = set()

        def change(_: int, row: SalesStatusChange) -> Outcome[Project]:
            if not isinstance(row, SalesStatusChange):
                raise ValidationError("project", None, "must be a SalesStatusChange", row)
            project_id = entry_id("project", "id", row.project_id)
            before = stored.get(project_id)
            if before is None:
                raise NotFoundError("project", project_id)
            if project_id in seen:
                raise ValidationError("project", "id", "is named twice", project_id)
            seen.add(project_id)
            return before.set_sales_status(usable_sales_status(settings, row.status_id), stamp)

        outcomes = build_all(rows, change, "project")
        changed = [after for after, _ in outcomes]
        written = [after for after, events in outcomes if events]
        # In id order, so two writers of overlapping selections lock rows in the same order.
        uow.projects.update_many(sorted(written, key=lambda p: p.id))
        uow.record(event for _, events in outcomes for event in events)
        used = {p.sales_status_id: p for p in written}
        for project in used.values():
            _note_status_use(uow, stamp, project)
        uow.commit()
    after_by_id = {p.id: p for p in written}
    return tuple(after_by_id.get(p.id, stored[p.id]) for p in changed)
