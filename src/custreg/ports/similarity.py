"""The string-similarity port of duplicate detection (D1): a library does the scoring, the core
decides what to compare. ``custreg.adapters.similarity`` implements it with rapidfuzz."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class NameSimilarity(Protocol):
    """Scores how alike two normalised names are, in [0, 1] (1: equal)."""

    def similar(
        self, query: str, candidates: Sequence[str], cutoff: float, /
    ) -> list[tuple[int, float]]:
        """The indices of ``candidates`` whose similarity to ``query`` is at least ``cutoff``,
        each with its score, in any order."""
        ...
