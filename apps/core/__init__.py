"""Cross-cutting pieces: domain events (declarations, the outbox and its delivery), home page,
currency selection, exchange rates, health check, demo data."""
