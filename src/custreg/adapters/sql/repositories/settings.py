"""SQL repository of the organisation's settings catalogues."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID
from uuid import uuid4

from sqlalchemy import Table
from sqlalchemy import bindparam
from sqlalchemy import delete
from sqlalchemy import exists
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy import update

from custreg.adapters.sql import rows
from custreg.adapters.sql import tables as t
from custreg.adapters.sql.repositories.base import _Repository
from custreg.domain.errors import BusinessRuleError
from custreg.domain.errors import NotFoundError
from custreg.domain.settings import OrganisationSettings

_CATALOGUES: tuple[
    tuple[Table, str, Callable[..., dict[str, Any]], Callable[[rows.Row], Any]], ...
] = (
    (t.users, "users", rows.user_row, rows.user_from_row),
    (t.industries, "industries", rows.industry_row, rows.industry_from_row),
    (t.invoice_templates, "invoice_templates", rows.template_row, rows.template_from_row),
    (t.vat_rates, "vat_rates", rows.vat_rate_row, rows.vat_rate_from_row),
    (
        t.market_segment_groups,
        "market_segment_groups",
        rows.segment_group_row,
        rows.segment_group_from_row,
    ),
    (t.market_segments, "market_segments", rows.segment_row, rows.segment_from_row),
    (t.invoice_statuses, "invoice_statuses", rows.invoice_status_row, rows.invoice_status_from_row),
    (t.sales_statuses, "sales_statuses", rows.sales_status_row, rows.sales_status_from_row),
    (t.task_statuses, "task_statuses", rows.task_status_row, rows.task_status_from_row),
    (
        t.custom_field_definitions,
        "custom_fields",
        rows.custom_field_row,
        rows.custom_field_from_row,
    ),
)

#: The settings row of the organisation ``org``: built once (read by every use case that
#: needs the settings, so SQLAlchemy finds its compiled form without building it again).
_HEAD = select(t.organisation_settings).where(
    t.organisation_settings.c.organisation_id == bindparam("org")
)

#: S4: statuses referenced by these columns may be disabled but not removed.
_STATUS_USES = (
    (t.invoice_statuses, "invoice_statuses", t.invoices, t.invoices.c.status_id, "invoices"),
    (t.sales_statuses, "sales_statuses", t.projects, t.projects.c.sales_status_id, "projects"),
    (t.task_statuses, "task_statuses", t.tasks, t.tasks.c.status_id, "tasks"),
)


class SqlSettings(_Repository):
    """The settings: one row plus one table per catalogue; cached per database by a token that
    changes on every save, so reading them costs one indexed lookup when nothing changed."""

    def get(self) -> OrganisationSettings:
        return self.with_token()[1]

    def with_token(self) -> tuple[UUID, OrganisationSettings]:
        """The settings and the token they were saved with (which ``cached`` takes): the
        token read first (one statement), the catalogues only when they are not cached."""
        head = self._uow.execute(_HEAD, {"org": self._org}).mappings().first()
        if head is None:
            raise NotFoundError("settings", "organisation")
        token: UUID = head["token"]
        settings = self.cached(token)
        if settings is None:
            settings = self._load(head)
            self._uow.database.settings_cache.put(token, settings)
        return token, settings

    def cached(self, token: UUID | None) -> OrganisationSettings | None:
        """The organisation's settings saved with ``token`` (read with another row, e.g.
        ``SqlCustomers.get_with_settings_token``) if they are cached, else None: no
        statement. A token is never reused, so cached settings are never stale."""
        if token is None:
            return None
        cached = self._uow.database.settings_cache.get(token)
        return cached if cached is not None and cached.organisation_id == self._org else None

    def _load(self, head: rows.Row) -> OrganisationSettings:
        catalogues: dict[str, tuple[Any, ...]] = {}
        for table, name, _, from_row in _CATALOGUES:
            statement = select(table).where(self._of_org(table)).order_by(table.c.position)
            catalogues[name] = tuple(from_row(r) for r in self._uow.execute(statement).mappings())
        return OrganisationSettings(
            organisation_id=self._org,  # type: ignore[arg-type]
            name=head["name"],
            currency=head["currency"],
            timezone=head["timezone"],
            **catalogues,
        )

    def save(self, settings: OrganisationSettings) -> None:
        self._check_statuses_kept(settings)
        org = self._org
        s = t.organisation_settings
        values = {
            "name": settings.name,
            "currency": settings.currency,
            "timezone": settings.timezone,
            "token": uuid4(),
        }
        changed = self._uow.execute(update(s).where(s.c.organisation_id == org).values(values))
        if changed.rowcount == 0:
            self._uow.execute(insert(s), {"organisation_id": org, **values})
        for table, name, to_row, _ in _CATALOGUES:
            self._uow.execute(delete(table).where(self._of_org(table)))
            items = getattr(settings, name)
            if items:
                self._uow.execute(
                    insert(table), [to_row(org, i, item) for i, item in enumerate(items)]
                )

    def _check_statuses_kept(self, settings: OrganisationSettings) -> None:
        """S4: a status in use cannot be removed, only disabled (one query per status kind)."""
        for statuses, name, users, column, used_by in _STATUS_USES:
            kept = [status.id for status in getattr(settings, name)]
            in_use = (
                select(statuses.c.id, statuses.c.name)
                .where(
                    self._of_org(statuses),
                    ~self._uow.ids_in(statuses.c.id, kept),
                    exists().where(
                        users.c.organisation_id == statuses.c.organisation_id,
                        column == statuses.c.id,
                    ),
                )
                .limit(1)
            )
            row = self._uow.execute(in_use).first()
            if row is not None:
                raise BusinessRuleError(
                    "settings",
                    name,
                    f"status {row.name!r} ({row.id}) is used by {used_by}: "
                    "disable it instead of removing it (S4)",
                )
