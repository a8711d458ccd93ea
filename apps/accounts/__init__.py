"""Identity: the custom user (email is the login), allauth adapters, staff two-factor rules."""
