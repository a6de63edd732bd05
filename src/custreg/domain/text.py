"""The one text policy of custreg: which characters a text field may hold, how it is normalised
and how long it may be. Every entity's text fields, every search text and every text filter go
through these functions, so hostile text gets the same ValidationError (naming the entity and
field) whatever adapter would have stored or searched it.

The policy, in order:

1. The value must be a ``str``; one longer than ``8 * max_length + 64`` code points is refused at
   once (a megabyte string costs nothing to refuse).
2. It may not hold C0 or C1 control characters other than tab, line feed and carriage return,
   lone surrogates (text that is not valid Unicode), the non-characters U+FFFE / U+FFFF, or the
   bidirectional embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069) that make
   text display in another order than it is stored. Such text is refused, never silently cleaned:
   PostgreSQL cannot store NUL and SQLite's ``LIKE`` stops at it.
3. It is normalised to Unicode NFC. A one-line field collapses every run of whitespace (tab and
   line breaks included) into one space; a multi-line field (a note) keeps its line breaks as
   ``\\n``. Both drop whitespace and format characters (zero-width space, word joiner, byte-order
   mark...) at the start and the end.
4. A required field needs at least one *visible* character: a letter, digit, punctuation mark or
   symbol that is not blank-looking (a name of zero-width characters, combining marks or Hangul
   fillers shows nothing and is blank).
5. The normalised text is at most ``max_length`` code points.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from itertools import islice
from typing import Any
from typing import TypeVar

from custreg.domain.errors import ValidationError

_R = TypeVar("_R")

#: The longest search text (C6) or text filter of a query.
SEARCH_MAX_LENGTH = 200
#: The most items a set of texts (keywords, roles, phones) may hold.
MAX_ITEMS = 100

_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]"
)
_LINE_BREAK = re.compile("\r\n?")
_ASCII_VISIBLE = re.compile("[!-~]")
_FORMAT = "Cf"
#: Letters and symbols that render as nothing (Hangul fillers, the blank Braille pattern).
_BLANK_LOOKALIKES = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def _reason_for(char: str) -> str:
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return "must not contain lone surrogates (not valid Unicode)"
    if code in (0xFFFE, 0xFFFF):
        return "must not contain Unicode non-characters"
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return "must not contain bidirectional override characters"
    return f"must not contain control characters (U+{code:04X})"


def is_visible(char: str) -> bool:
    """Whether ``char`` shows something: a letter, number, punctuation or symbol that is not a
    blank look-alike (whitespace, format characters and lone combining marks are not)."""
    return unicodedata.category(char)[0] in "LNPS" and char not in _BLANK_LOOKALIKES


def has_visible(text: str) -> bool:
    """Whether ``text`` has at least one visible character (``is_visible``)."""
    if text.isascii():
        return _ASCII_VISIBLE.search(text) is not None
    return any(is_visible(char) for char in text)


def _blank_edge(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) == _FORMAT


def _strip_invisible_ends(text: str) -> str:
    start, end = 0, len(text)
    while start < end and _blank_edge(text[start]):
        start += 1
    while end > start and _blank_edge(text[end - 1]):
        end -= 1
    return text[start:end]


def clean_text(
    entity: str, field: str, value: Any, max_length: int = 255, *, multiline: bool = False
) -> str:
    """``value`` checked and normalised by the text policy (steps 1-3 and 5 of the module); may
    be ``""``. Raises ValidationError naming ``entity`` and ``field``."""
    if not isinstance(value, str):
        raise ValidationError(entity, field, "must be text", value)
    if len(value) > 8 * max_length + 64:
        raise ValidationError(entity, field, f"must be at most {max_length} characters", value)
    if value.isprintable():  # the common case: no control, format or surrogate character at all
        text = " ".join(unicodedata.normalize("NFC", value).split())
    else:
        text = _clean_unprintable(entity, field, value, multiline)
    if len(text) > max_length:
        raise ValidationError(entity, field, f"must be at most {max_length} characters", value)
    return text


def _clean_unprintable(entity: str, field: str, value: str, multiline: bool) -> str:
    bad = _FORBIDDEN.search(value)
    if bad is not None:
        raise ValidationError(entity, field, _reason_for(bad.group()), value)
    text = unicodedata.normalize("NFC", value)
    if multiline:
        lines = _LINE_BREAK.sub("\n", text).split("\n")
        text = "\n".join(line.rstrip() for line in lines)
    else:
        text = " ".join(text.split())
    return _strip_invisible_ends(text)


def required_text(
    entity: str, field: str, value: Any, max_length: int = 255, *, multiline: bool = False
) -> str:
    """A non-blank text by the policy: normalised, with at least one visible character
    (C1, N1, P1)."""
    cleaned = clean_text(entity, field, value, max_length, multiline=multiline)
    if not has_visible(cleaned):
        raise ValidationError(entity, field, "must not be blank", value)
    return cleaned


def optional_text(
    entity: str, field: str, value: Any, max_length: int = 255, *, multiline: bool = False
) -> str | None:
    """A text by the policy, or None when ``value`` is None or shows nothing."""
    if value is None:
        return None
    cleaned = clean_text(entity, field, value, max_length, multiline=multiline)
    return cleaned if has_visible(cleaned) else None


def search_text(
    entity: str, field: str, value: Any, max_length: int = SEARCH_MAX_LENGTH
) -> str | None:
    """A search text or text filter that reaches a query: ``optional_text`` with the search
    limit (SEARCH_MAX_LENGTH), so no adapter ever sees a control character, a lone surrogate
    or an over-long pattern."""
    return optional_text(entity, field, value, max_length)


def text_set(
    entity: str, field: str, values: object, max_length: int = 100, max_items: int = MAX_ITEMS
) -> frozenset[str]:
    """Keywords, roles, phones: a set of at most ``max_items`` non-blank texts (P4)."""
    if isinstance(values, str | bytes):
        raise ValidationError(entity, field, "must be a collection of texts, not one text", values)
    try:
        items = list(islice(values, max_items + 1))  # type: ignore[call-overload]
    except TypeError:
        raise ValidationError(entity, field, "must be a collection of texts", values) from None
    if len(items) > max_items:
        raise ValidationError(entity, field, f"must hold at most {max_items} items", values)
    return frozenset(required_text(entity, field, v, max_length) for v in items)


def remembered(check: Callable[[Any], _R], size: int = 4096) -> Callable[[Any], _R]:
    """``check`` with its results for ``str`` inputs remembered (the last ``size`` texts): for a
    pure check that a bulk write meets with the same texts again and again (a draft's check, then
    the entity's). Refusals raise and are never remembered, so a hostile text is checked, and
    refused, every time; any other input type goes to ``check`` directly."""
    cached = lru_cache(maxsize=size)(check)

    def checked(value: Any) -> _R:
        return cached(value) if type(value) is str else check(value)

    return checked
