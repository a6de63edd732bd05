"""Setting up an organisation's settings (users, catalogues, statuses)."""

from __future__ import annotations

from custreg.domain.audit import AuditEntry, changed_fields, render
from custreg.domain.errors import NotFoundError
from custreg.domain.ids import AuditEntryId
from custreg.domain.permissions import CustomerPermission, Principal, require
from custreg.domain.settings import OrganisationSettings
from custreg.ports.registry import Registry
from custreg.usecases.statuses import check_statuses_kept


def save_settings(registry: Registry, principal: Principal, settings: OrganisationSettings) -> None:
    """Replace the organisation's settings (needs All on customers). A status that is or has
    been used may be disabled but not left out (S4: BusinessRuleError, nothing saved)."""
    require(principal, CustomerPermission.ALL, "settings", "save")
    with registry.uow() as uow:
        try:
            before = uow.settings.get()
        except NotFoundError:  # the organisation's first settings
            before = None
        if before is not None:
            check_statuses_kept(uow, before, settings)
        uow.settings.save(settings)
        now = registry.clock.now()

        def entry(action: str, field: str, old: object, new: object) -> AuditEntry:
            return AuditEntry(
                AuditEntryId(registry.ids.new_id()), now, principal.user_id, action, "settings",
                settings.organisation_id, field, old, new,
            )

        if before is None:
            entries = [entry("create", "*", None, render(settings))]
        else:
            entries = [
                entry("update", name, render(getattr(before, o)), render(getattr(settings, o)))
                for name in changed_fields(before, settings)
                for o in (name,)
            ]
        uow.audit.record(entries)
        uow.commit()


def get_settings(registry: Registry) -> OrganisationSettings:
    """The organisation's settings."""
    with registry.read() as uow:
        return uow.settings.get()
