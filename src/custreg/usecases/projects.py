"""Projects and sales cases of the Sales & projects tab: create, win and lose (S1), close and
reopen, proposals, forecasts, and moving a project to another customer (S2, S3)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any
from uuid import UUID

import attrs
from attrs import frozen

from custreg.domain.activity import Activity, FileLink, Note
from custreg.domain.audit import AuditEntry, render
from custreg.domain.entry import entry_id
from custreg.domain.errors import BusinessRuleError, NotFoundError, ValidationError
from custreg.domain.forecast import ProjectForecast
from custreg.domain.ids import (
    AuditEntryId,
    CustomerId,
    ProjectId,
    SalesStatusId,
    UserId,
)
from custreg.domain.moves import MoveBlocker, describe, why_project_cannot_move
from custreg.domain.permissions import CustomerPermission, Principal, require
from custreg.domain.project import Project, Proposal
from custreg.domain.settings import OrganisationSettings, SalesState, SalesStatus
from custreg.domain.text import required_text
from custreg.domain.validation import ErrorCollector
from custreg.domain.values import Money
from custreg.ports.registry import Registry
from custreg.ports.unit_of_work import UnitOfWork
from custreg.usecases.auditing import change_entries
from custreg.usecases.commands import UNSET, Clear, Unset, cleared
from custreg.usecases.entry import as_list, build_all
from custreg.usecases.proposals import NewProposal, record_proposal
from custreg.usecases.statuses import StatusKind, record_status_use


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


def _with_probability(project: Project, value: int, settings: OrganisationSettings) -> Project:
    status_id = project.sales_status_id
    statuses = {s.id: s for s in settings.sales_statuses}
    return project.with_probability(value, statuses.get(status_id) if status_id else None)


def _sales_status(settings: OrganisationSettings, status_id: SalesStatusId) -> SalesStatus:
    for status in settings.sales_statuses:
        if status.id == status_id:
            if not status.active:
                raise ValidationError("project", "sales_status_id", "is disabled", status_id)
            return status
    raise ValidationError("project", "sales_status_id", "unknown sales status", status_id)


def _audit(
    registry: Registry,
    uow: UnitOfWork,
    principal: Principal,
    action: str,
    entity: str,
    before: object | None,
    after: object,
) -> None:
    now = registry.clock.now()
    uow.audit.record(change_entries(registry.ids, principal, now, action, entity, before, after))


def _note_status_use(
    registry: Registry, uow: UnitOfWork, principal: Principal, project: Project
) -> None:
    if project.sales_status_id is not None:
        record_status_use(
            uow,
            registry,
            principal,
            registry.clock.now(),
            StatusKind.SALES,
            project.sales_status_id,
            f"project {project.number}",
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
    with registry.uow() as uow:
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
            project = project.moved_to(_sales_status(settings, new.sales_status_id))
        if new.probability is not None:
            project = _with_probability(project, new.probability, settings)
        uow.projects.add(project)
        _note_status_use(registry, uow, principal, project)
        _audit(registry, uow, principal, "create", "project", None, project)
        uow.commit()
    return project


def _first_status(settings: OrganisationSettings, state: SalesState) -> SalesStatus:
    for status in settings.sales_statuses:
        if status.state is state and status.active:
            return status
    raise ValidationError(
        "project", "sales_status_id", f"no active sales status is {state.value}", state
    )


def create_sales_case(
    registry: Registry, principal: Principal, customer_id: CustomerId, new: NewProject
) -> Project:
    """A new sales case: ``new.sales_status_id`` must be in progress; None picks the
    organisation's first active in-progress status."""
    require(principal, CustomerPermission.EDIT, "project", "create")
    with registry.read() as uow:
        settings = uow.settings.get()
    status_id = new.sales_status_id or _first_status(settings, SalesState.IN_PROGRESS).id
    status = _sales_status(settings, status_id)
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
    change: Any,
) -> Project:
    require(principal, CustomerPermission.EDIT, "project", action)
    entry_id("project", "id", project_id)
    with registry.uow() as uow:
        before = uow.projects.get(project_id)
        changed: Project = change(uow, before)
        if changed == before:
            return before
        after = attrs.evolve(changed, version=before.version + 1)
        uow.projects.update(after)
        if after.sales_status_id != before.sales_status_id:
            _note_status_use(registry, uow, principal, after)
        _audit(registry, uow, principal, action, "project", before, after)
        uow.commit()
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
        lambda uow, p: p.moved_to(_sales_status(uow.settings.get(), status_id)),
    )


def _to_state(
    registry: Registry,
    principal: Principal,
    project_id: ProjectId,
    state: SalesState,
    status_id: SalesStatusId | None,
) -> Project:
    def change(uow: UnitOfWork, project: Project) -> Project:
        settings = uow.settings.get()
        status = _sales_status(settings, status_id) if status_id else _first_status(settings, state)
        if status.state is not state:
            raise ValidationError("project", "sales_status_id", f"is not {state.value}", status_id)
        return project.moved_to(status)

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
        registry, principal, project_id, "close", lambda _, p: attrs.evolve(p, is_closed=True)
    )


def reopen_project(registry: Registry, principal: Principal, project_id: ProjectId) -> Project:
    """Reopen a closed project; a lost sales case is reopened by giving it another sales status."""
    return _change(
        registry, principal, project_id, "reopen", lambda _, p: attrs.evolve(p, is_closed=False)
    )


def update_project(
    registry: Registry, principal: Principal, project_id: ProjectId, changes: ProjectChanges
) -> Project:
    """Edit name, owner, probability or expected value."""

    def change(uow: UnitOfWork, project: Project) -> Project:
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
        probability = values.pop("probability", None)
        changed = attrs.evolve(project, **values)
        if probability is not None:
            changed = _with_probability(changed, probability, settings)
        return changed

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
    with registry.uow() as uow:
        uow.projects.get(project_id)
        previous = [f for f in uow.projects.forecasts_for(project_id) if f.month == forecast.month]
        if previous == [forecast]:
            return forecast
        uow.projects.set_forecast(forecast)
        entry = AuditEntry(
            AuditEntryId(registry.ids.new_id()), registry.clock.now(), principal.user_id,
            "forecast", "project", project_id, f"forecast {forecast.month.isoformat()}",
            render(previous[0]) if previous else None, render(forecast),
        )
        uow.audit.record([entry])
        uow.commit()
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
    uow: UnitOfWork,
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
    project = uow.projects.get(project_id)
    uow.customers.get(target)
    blockers = project_move_blockers(uow, project, target)
    if blockers:
        raise BusinessRuleError("project", "customer_id", describe(blockers))
    source = project.customer_id
    moved = attrs.evolve(project, customer_id=target, version=project.version + 1)
    uow.projects.update(moved)
    _audit(registry, uow, principal, "move", "project", project, moved)
    notes: list[Note] = uow.notes.for_project(project_id)
    for note in notes:
        uow.notes.update(attrs.evolve(note, customer_id=target))
    activities: list[Activity] = uow.activities.for_project(project_id)
    for activity in activities:
        uow.activities.update(attrs.evolve(activity, customer_id=target))
    files: list[FileLink] = [
        f for f in uow.files.for_customer(source) if f.project_id == project_id
    ]
    for item in files:
        uow.files.remove(item.id)
        uow.files.add(attrs.evolve(item, customer_id=target))
    return MovedProject(moved, source, len(notes), len(activities), len(files))


def move_project(
    registry: Registry, principal: Principal, project_id: ProjectId, target: CustomerId
) -> MovedProject:
    """Change a project's customer (S2), taking its notes and activities along (S3), atomically."""
    require(principal, CustomerPermission.EDIT, "project", "move")
    with registry.uow() as uow:
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
    with registry.uow() as uow:
        settings = uow.settings.get()
        named = [r.project_id for r in rows if isinstance(r, SalesStatusChange)]
        stored = uow.projects.get_many([p for p in named if isinstance(p, UUID)])
        seen: set[UUID] = set()

        def change(_: int, row: SalesStatusChange) -> Project:
            if not isinstance(row, SalesStatusChange):
                raise ValidationError("project", None, "must be a SalesStatusChange", row)
            project_id = entry_id("project", "id", row.project_id)
            before = stored.get(project_id)
            if before is None:
                raise NotFoundError("project", project_id)
            if project_id in seen:
                raise ValidationError("project", "id", "is named twice", project_id)
            seen.add(project_id)
            return before.moved_to(_sales_status(settings, row.status_id))

        changed = build_all(rows, change, "project")
        written = [
            attrs.evolve(after, version=stored[after.id].version + 1)
            for after in changed
            if after != stored[after.id]
        ]
        # In id order, so two writers of overlapping selections lock rows in the same order.
        uow.projects.update_many(sorted(written, key=lambda p: p.id))
        now, batch = registry.clock.now(), registry.ids.new_id()
        entries = []
        for after in written:
            before = stored[after.id]
            entries += change_entries(
                registry.ids, principal, now, "set sales status", "project", before, after, batch
            )
        uow.audit.record(entries)
        used = {p.sales_status_id: p for p in written}
        for project in used.values():
            _note_status_use(registry, uow, principal, project)
        uow.commit()
    after_by_id = {p.id: p for p in written}
    return tuple(after_by_id.get(p.id, stored[p.id]) for p in changed)
