"""The PostgreSQL database backend with a cheaper connection health check (see ``base``)."""
