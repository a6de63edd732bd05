"""Revisions, oldest first: 0001 foundation, 0002 customer card."""
