"""The Zhangfang server: firms, users, desks and tokens; the change log; each firm's
authoritative ledger (a ledger file of the desk's own schema). See docs/sync.md."""
