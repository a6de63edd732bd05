"""Revisions, oldest first: 0001 foundation, 0002 customer card, 0003 project forecasts,
0004 money exponents."""
