"""Offline-first sync (see the sync design notes): the desk's side, plain Python, no Qt.

The ledger already writes every change as an intent in the outbox, in the same
transaction as the change. This package turns pending intents into push batches and
records the server's per-mutation answers; the HTTP engine and the marketplace server
build on it.
"""
