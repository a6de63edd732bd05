"""Alembic migrations of the SQL schema, shipped inside the package.

Driven programmatically by ``custreg.adapters.sql.schema`` (``script_location`` points here and
the connection comes in ``config.attributes["connection"]``); no alembic.ini is needed. To write
a new revision, change ``tables.py`` and add a file to ``versions/`` whose ``down_revision`` is the
current head; ``tests/sql/test_migrations.py`` checks that head builds exactly ``tables.metadata``.
"""
