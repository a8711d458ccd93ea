"""Cross-cutting pieces: home page, currency selection, exchange rates, health check, demo data."""
