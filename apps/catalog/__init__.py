"""Categories and products of the export catalogue, with translated text and prices."""
