"""The rewards catalogue, redemptions and fulfilment. Built in issue #5."""
