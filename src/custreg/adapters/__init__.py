"""Adapters: the outside world plugged into custreg's ports.

Memory, SQL, public registries, exports, serialization, the CLI.
"""
