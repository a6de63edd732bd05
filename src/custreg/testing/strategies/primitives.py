"""Primitive strategies: ids, names and free text, blank text, instants and dates, words."""

from __future__ import annotations

import string
from collections.abc import Callable
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from typing import TypeVar
from uuid import UUID

from hypothesis import strategies as st

from custreg.domain.text import clean_text
from custreg.domain.text import has_visible

T = TypeVar("T")
I = TypeVar("I", bound=UUID)  # noqa: E741


DIGITS = string.digits
#: Letters users really type into names, plus characters that trip up SQL LIKE and quoting.
NAME_ALPHABET = string.ascii_letters + DIGITS + "åäöÅÄÖæøÆØéüÜ &-.,'%_\\"
#: Characters that ``str.strip`` removes: a name made of them is blank (C1).
BLANK_ALPHABET = " \t\n\r\u00a0\u2003\u3000"
CURRENCIES = ("EUR", "SEK", "NOK", "DKK", "USD")
ADDRESS_COUNTRIES = ("FI", "SE", "NO", "DK", "DE", "EE", "GB", "US")
TIMEZONES = ("Europe/Helsinki", "Europe/Stockholm", "Europe/Oslo", "Europe/Copenhagen", "UTC")

#: Fixed-offset zones only: an aware datetime in them has exactly one ISO spelling.
_ZONES = (UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-5, minutes=-30)))


def ids(kind: Callable[[UUID], I]) -> st.SearchStrategy[I]:
    """Random ids of one NewType (``ids(CustomerId)``)."""
    return st.uuids().map(kind)


def single_spaced(text: str) -> str:
    """``text`` stripped, with every run of whitespace made one space: the form a one-line text
    field stores, so a value drawn in it comes back from the domain unchanged."""
    return " ".join(text.split())


def single_spaced_texts(alphabet: str, max_size: int) -> st.SearchStrategy[str]:
    """Non-blank, stripped, single-spaced text from ``alphabet`` (at most ``max_size`` long)."""
    return st.text(alphabet, min_size=1, max_size=max_size).map(single_spaced).filter(bool)


def texts(max_size: int = 40, alphabet: str = NAME_ALPHABET) -> st.SearchStrategy[str]:
    """Non-blank, stripped, single-spaced text: a valid name for any entity, stored unchanged."""
    return single_spaced_texts(alphabet, max_size)


#: Characters the text policy (``custreg.domain.text``) accepts in any text field: all of Unicode
#: but controls, lone surrogates, non-characters and bidirectional overrides.
POLICY_CHARACTERS = st.characters(
    exclude_categories=("Cc", "Cs"),
    exclude_characters="\ufffe\uffff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
)


def unicode_texts(max_size: int = 12) -> st.SearchStrategy[str]:
    """Non-blank text from nearly all of Unicode, normalised as entities store it (NFC, one
    space between words, nothing invisible at the ends) and showing at least one character."""
    return (
        st.text(POLICY_CHARACTERS, min_size=1, max_size=max_size)
        .map(lambda s: clean_text("text", "text", s, 8 * max_size))
        .filter(has_visible)
    )


def optional(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    """``None`` or a value of ``strategy``."""
    return st.none() | strategy


def blank_texts() -> st.SearchStrategy[str]:
    """Empty or whitespace-only text: never a valid name (C1, N1, P1)."""
    return st.text(BLANK_ALPHABET, max_size=6)


def aware_datetimes() -> st.SearchStrategy[datetime]:
    """Timezone-aware instants between 2000 and 2100 (entities never hold naive datetimes)."""
    return st.datetimes(
        min_value=datetime(2000, 1, 1),
        max_value=datetime(2100, 1, 1),
        timezones=st.sampled_from(_ZONES),
    )


def dates() -> st.SearchStrategy[date]:
    """Dates between 2000 and 2100."""
    return st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


def words(max_size: int = 12) -> st.SearchStrategy[str]:
    """Lower-case single words (no spaces), at most ``max_size`` letters."""
    return st.text(string.ascii_lowercase + "åäö", min_size=1, max_size=max_size)
