"""Read-only SQL behind the list screens, the dashboard and lookups (no Qt, no ORM).

List screens must open at once on a ledger with a million document lines, so
they read through plain ``sqlite3`` in pages: a :class:`~desktop.queries.lists.ListSpec`
says which table, columns, filter and sort a screen shows, and
:func:`~desktop.queries.lists.fetch_page` returns one page of decoded rows.
Importing this package does not import SQLAlchemy, so the main window can show
before the ORM has loaded.
"""
