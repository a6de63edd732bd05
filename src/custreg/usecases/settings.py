"""Setting up an organisation's settings (users, catalogues, statuses)."""

from __future__ import annotations

from custreg.domain.permissions import CustomerPermission, Principal, require
from custreg.domain.settings import OrganisationSettings
from custreg.ports.registry import Registry


def save_settings(registry: Registry, principal: Principal, settings: OrganisationSettings) -> None:
    """Replace the organisation's settings (needs All on customers)."""
    require(principal, CustomerPermission.ALL, "settings", "save")
    with registry.uow() as uow:
        uow.settings.save(settings)
        uow.commit()


def get_settings(registry: Registry) -> OrganisationSettings:
    """The organisation's settings."""
    with registry.uow() as uow:
        return uow.settings.get()
