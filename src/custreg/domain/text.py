"""Small pure checks on text fields, raising ValidationError that names entity and field."""

from __future__ import annotations

from custreg.domain.errors import ValidationError


def required_text(entity: str, field: str, value: str, max_length: int = 255) -> str:
    """Strip ``value`` and insist it is non-blank and not too long (C1, N1, P1)."""
    if not isinstance(value, str):
        raise ValidationError(entity, field, "must be text", value)
    cleaned = value.strip()
    if not cleaned:
        raise ValidationError(entity, field, "must not be blank", value)
    if len(cleaned) > max_length:
        raise ValidationError(entity, field, f"must be at most {max_length} characters", value)
    return cleaned


def optional_text(entity: str, field: str, value: str | None, max_length: int = 255) -> str | None:
    """Strip ``value``; blank becomes None."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError(entity, field, "must be text", value)
    cleaned = value.strip()
    if len(cleaned) > max_length:
        raise ValidationError(entity, field, f"must be at most {max_length} characters", value)
    return cleaned or None


def text_set(entity: str, field: str, values: object) -> frozenset[str]:
    """Keywords, roles, phones: a set of stripped, non-blank strings (P4)."""
    if isinstance(values, str):
        raise ValidationError(entity, field, "must be a collection of texts, not one text", values)
    try:
        items = list(values)  # type: ignore[call-overload]
    except TypeError:
        raise ValidationError(entity, field, "must be a collection of texts", values) from None
    return frozenset(required_text(entity, field, v, 100) for v in items)
