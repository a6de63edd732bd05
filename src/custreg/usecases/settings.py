"""Setting up an organisation's settings (users, catalogues, statuses)."""

from __future__ import annotations

from custreg.domain.errors import NotFoundError
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.settings import OrganisationSettings
from custreg.ports.registry import Registry
from custreg.usecases.statuses import check_statuses_kept
from custreg.usecases.writes import writing


def save_settings(registry: Registry, principal: Principal, settings: OrganisationSettings) -> None:
    """Replace the organisation's settings (needs All on customers). A status that is or has
    been used may be disabled but not left out (S4: BusinessRuleError, nothing saved)."""
    with writing(registry, principal, "settings", "save", CustomerPermission.ALL) as (uow, stamp):
        try:
            before = uow.settings.get()
        except NotFoundError:  # the organisation's first settings
            before = None
        if before is not None:
            check_statuses_kept(uow, before, settings)
        uow.settings.save(settings)
        uow.commit([settings.replacing(before, stamp)])


def get_settings(registry: Registry) -> OrganisationSettings:
    """The organisation's settings."""
    with registry.read() as uow:
        return uow.settings.get()
