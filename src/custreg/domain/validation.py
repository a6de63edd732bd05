"""Collecting every validation error of a form instead of stopping at the first."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from custreg.domain.errors import ValidationError, ValidationErrors

T = TypeVar("T")


class ErrorCollector:
    """Run checks, keep their ValidationErrors, raise them together at the end."""

    def __init__(self) -> None:
        self.errors: list[ValidationError] = []

    def check(
        self, make: Callable[[], T], entity: str | None = None, field: str | None = None
    ) -> T | None:
        """``make()``, or None after recording its ValidationError.

        ``entity``/``field`` relabel errors of value objects (``email.address``) with the field of
        the form they came from (``customer.email``).
        """
        try:
            return make()
        except ValidationErrors as many:
            self.errors.extend(many.errors)
        except ValidationError as error:
            if entity is not None:
                error = ValidationError(entity, field, error.reason, error.value)
            self.errors.append(error)
        return None

    def raise_if_any(self) -> None:
        """Raise the one error, or ValidationErrors for several."""
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise ValidationErrors(self.errors)
