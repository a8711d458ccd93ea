"""Membership tiers, qualification and benefits. Built in issue #4."""
