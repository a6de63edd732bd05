"""Use cases: plain functions that check permissions, apply domain rules and own the transaction."""
