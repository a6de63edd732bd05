"""Helpers of the example tests (imported as ``refusals``): a refusal stated in full."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from custreg.domain.errors import ValidationError

_ANY = object()


@contextmanager
def refused(entity: str, field: str | None, reason: str, value: Any = _ANY) -> Iterator[None]:
    """The block raises a ValidationError carrying exactly this entity, field and reason (and
    ``value`` when given): the details a host shows next to the input."""
    with pytest.raises(ValidationError) as info:
        yield
    error = info.value
    assert (error.entity, error.field, error.reason) == (entity, field, reason)
    if value is not _ANY:
        assert error.value == value
