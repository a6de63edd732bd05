"""Adapters: the outside world plugged into custreg's ports (memory, SQL, registries, exports, CLI)."""
