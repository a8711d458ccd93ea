"""What orders plug into the apps below (``apps.core.extensions``), loaded at start-up."""

from . import data_export  # noqa: F401  (registers its export section)
