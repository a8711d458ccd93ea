"""The points ledger: immutable entries, lots, balances. Built in issue #4."""
