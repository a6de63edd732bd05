"""The groups of custreg's public names (domain, ports, use cases, composition root and light
adapters), each module with an explicit ``__all__``; ``custreg`` re-exports them all. Import the
names from ``custreg``, not from here."""
