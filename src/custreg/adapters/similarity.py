"""Name similarity with rapidfuzz (the ``custreg[duplicates]`` extra): the normalised Indel
similarity, computed in C++ for a query against a handful of candidates at a time."""

from __future__ import annotations

from collections.abc import Sequence

from custreg.domain.errors import StorageError


class RapidfuzzSimilarity:
    """``NameSimilarity`` over ``rapidfuzz.fuzz.ratio`` (1 - normalised Indel distance)."""

    def __init__(self) -> None:
        try:
            from rapidfuzz import fuzz
            from rapidfuzz import process
        except ImportError as error:  # pragma: no cover - depends on the installed extras
            raise StorageError(
                "duplicate detection needs rapidfuzz: install custreg[duplicates]", "duplicates"
            ) from error
        self._extract = process.extract
        self._scorer = fuzz.ratio

    def similar(
        self, query: str, candidates: Sequence[str], cutoff: float
    ) -> list[tuple[int, float]]:
        found = self._extract(
            query, candidates, scorer=self._scorer, score_cutoff=cutoff * 100, limit=None
        )
        return [(index, score / 100) for _, score, index in found]


__all__ = ["RapidfuzzSimilarity"]
