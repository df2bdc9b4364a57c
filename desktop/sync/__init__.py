"""Offline-first sync (docs/sync.md): plain Python, no Qt.

The ledger writes every change as an intent in the outbox, in the same transaction as
the change. Here: push batches and the server's answers (``protocol``, ``outbox``), how
an intent is applied again (``intents``) and how changes from elsewhere land (``apply``,
``snapshot``); the desk's client on top — credentials in the OS keyring
(``credentials``), the HTTP client (``client``), signing in (``account``), the sync
thread (``engine``), its settings (``settings``) and the one door to the core (``core``).
"""
