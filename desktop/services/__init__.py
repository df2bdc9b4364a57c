"""The ledger's services: plain Python, no Qt. Each changing call runs in a UnitOfWork."""
