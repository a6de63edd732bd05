"""The organisation's settings as a port (optional: a host may give fixed settings instead)."""

from __future__ import annotations

from typing import Protocol

from custreg.domain.settings import OrganisationSettings


class SettingsRepository(Protocol):
    """The organisation's settings."""

    def get(self) -> OrganisationSettings:
        """The settings (NotFoundError if the organisation was never set up)."""
        ...

    def save(self, settings: OrganisationSettings, /) -> None:
        """Replace the settings. Statuses in use may be disabled but not removed (S4)."""
        ...
