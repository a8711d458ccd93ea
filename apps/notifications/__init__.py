"""Multilingual emails and the in-site inbox. Built in issue #5."""
