"""The organisation's settings: a port (``SettingsRepository``) or fixed settings the host gives
when it builds the registry (``Registry(settings=...)``, served by ``FixedSettings``)."""

from __future__ import annotations

from typing import Protocol

from attrs import frozen

from custreg.domain.errors import CapabilityMissing
from custreg.domain.settings import OrganisationSettings


class SettingsRepository(Protocol):
    """The organisation's settings."""

    def get(self) -> OrganisationSettings:
        """The settings (NotFoundError if the organisation was never set up)."""
        ...

    def save(self, settings: OrganisationSettings, /) -> None:
        """Replace the settings. Statuses in use may be disabled but not removed (S4)."""
        ...


@frozen
class FixedSettings:
    """Settings the host owns and gives once: ``get`` returns them; ``save`` (changing settings
    through custreg) raises ``CapabilityMissing("settings")`` and changes nothing."""

    settings: OrganisationSettings

    def get(self) -> OrganisationSettings:
        """The settings given."""
        return self.settings

    def save(self, settings: OrganisationSettings, /) -> None:
        """Always ``CapabilityMissing``: the host's settings are not ours to change."""
        raise CapabilityMissing("settings", "changing the settings")
