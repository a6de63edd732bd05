"""The contract of the settings port."""

from __future__ import annotations

import attrs
from hypothesis import given

from custreg.domain.errors import NotFoundError
from custreg.domain.settings import OrganisationSettings
from custreg.ports.unit_of_work import UnitOfWork
from custreg.testing import strategies as s
from custreg.testing.contracts._support import RegistryFactory
from custreg.testing.contracts._support import _check_not_found
from custreg.testing.contracts._support import offered_only
from custreg.testing.contracts._support import read
from custreg.testing.contracts._support import stored


def _settings_port(uow: UnitOfWork) -> None:
    """A settings port custreg may save to (fixed settings are not one)."""
    try:
        current = uow.settings.get()
    except NotFoundError:
        return
    uow.settings.save(current)


@offered_only(_settings_port)
class SettingsRepositoryContract:
    """The SettingsRepository port."""

    def test_settings_missing_raise_not_found(self, registry_factory: RegistryFactory) -> None:
        registry = registry_factory()
        _check_not_found(registry, lambda uow: uow.settings.get())

    def test_settings_saved_and_loaded_exactly(self, registry_factory: RegistryFactory) -> None:
        @given(s.organisation_settings(min_each=0), s.organisation_settings(min_each=0))
        def check(first: OrganisationSettings, second: OrganisationSettings) -> None:
            registry = registry_factory(settings=s.settings_factory(first))
            loaded = read(registry, lambda uow: uow.settings.get())
            assert loaded == attrs.evolve(first, organisation_id=loaded.organisation_id)
            replacement = attrs.evolve(second, organisation_id=loaded.organisation_id)
            with registry.uow() as uow:
                uow.settings.save(replacement)
                assert uow.settings.get() == replacement  # read your writes
            assert read(registry, lambda uow: uow.settings.get()) == loaded  # not committed
            stored(registry, lambda uow: uow.settings.save(replacement))
            assert read(registry, lambda uow: uow.settings.get()) == replacement

        check()


__all__ = [
    "SettingsRepositoryContract",
]
