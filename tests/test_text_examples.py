"""Examples of the one text policy: refusals with their reasons, normalisation of one-line and
multi-line text, blank detection and the limits, stated directly."""

from __future__ import annotations

from itertools import repeat
from typing import Any

import pytest

from custreg.domain.errors import ValidationError
from custreg.domain.text import MAX_ITEMS
from custreg.domain.text import SEARCH_MAX_LENGTH
from custreg.domain.text import clean_text
from custreg.domain.text import has_visible
from custreg.domain.text import is_visible
from custreg.domain.text import optional_text
from custreg.domain.text import remembered
from custreg.domain.text import required_text
from custreg.domain.text import search_text
from custreg.domain.text import text_set
from refusals import refused


def test_limits() -> None:
    assert (SEARCH_MAX_LENGTH, MAX_ITEMS) == (200, 100)


@pytest.mark.parametrize(
    ("char", "reason"),
    [
        ("\x00", "must not contain control characters (U+0000)"),
        ("\x08", "must not contain control characters (U+0008)"),
        ("\x0b", "must not contain control characters (U+000B)"),
        ("\x0c", "must not contain control characters (U+000C)"),
        ("\x0e", "must not contain control characters (U+000E)"),
        ("\x1f", "must not contain control characters (U+001F)"),
        ("\x7f", "must not contain control characters (U+007F)"),
        ("\x85", "must not contain control characters (U+0085)"),
        ("\x9f", "must not contain control characters (U+009F)"),
        ("\ud800", "must not contain lone surrogates (not valid Unicode)"),
        ("\udfff", "must not contain lone surrogates (not valid Unicode)"),
        ("\ufffe", "must not contain Unicode non-characters"),
        ("\uffff", "must not contain Unicode non-characters"),
        ("\u202a", "must not contain bidirectional override characters"),
        ("\u202e", "must not contain bidirectional override characters"),
        ("\u2066", "must not contain bidirectional override characters"),
        ("\u2069", "must not contain bidirectional override characters"),
    ],
)
def test_forbidden_characters_are_refused_with_their_reason(char: str, reason: str) -> None:
    value = f"a{char}b"
    with refused("customer", "name", reason, value):
        clean_text("customer", "name", value)
    with refused("note", "text", reason, value):
        clean_text("note", "text", value, multiline=True)


@pytest.mark.parametrize(
    "char", ["\u2029", "\u2028", "\u202f", "\u2065", "\u206a", "\ufffd", "\u200b"]
)
def test_neighbours_of_forbidden_ranges_are_allowed(char: str) -> None:
    assert clean_text("customer", "name", f"a{char}b").startswith("a")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("  Acme   Oy  ", "Acme Oy"),
        ("Acme\tOy\nAb\r\nX", "Acme Oy Ab X"),
        ("Cafe\u0301", "Café"),
        ("\u200bAcme\u2060 ", "Acme"),
        ("\ufeff Acme Oy \u200d", "Acme Oy"),
        ("A\u200bB", "A\u200bB"),
        ("", ""),
        ("\u200b", ""),
    ],
)
def test_one_line_normalisation(value: str, text: str) -> None:
    assert clean_text("customer", "name", value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("one  \r\ntwo\rthree\nfour", "one\ntwo\nthree\nfour"),
        ("\n a\tb  \n\n c \n", "a\tb\n\n c"),
        ("\u200b\nx\n\u200b", "x"),
        ("Cafe\u0301\n", "Café"),
        ("plain  text ", "plain text"),
    ],
)
def test_multi_line_normalisation(value: str, text: str) -> None:
    assert clean_text("note", "text", value, 10_000, multiline=True) == text


def test_length_is_counted_after_normalisation() -> None:
    assert clean_text("c", "f", "  " + "x" * 10 + "  ", 10) == "x" * 10
    with refused("c", "f", "must be at most 10 characters"):
        clean_text("c", "f", "x" * 11, 10)
    with refused("c", "f", "must be at most 10 characters"):
        clean_text("c", "f", "x\u200b" * 6, 10)
    assert clean_text("c", "f", " " * 143 + "x", 10) == "x"
    assert clean_text("c", "f", "\u200b" * 143 + "x", 10) == "x"
    assert clean_text("c", "f", "x" * 10 + "\u200b" * 134, 10) == "x" * 10
    assert clean_text("c", "f", "y") == "y"
    assert clean_text("c", "f", "y" * 255) == "y" * 255
    with refused("c", "f", "must be at most 255 characters"):
        clean_text("c", "f", "y" * 256)


def test_a_megabyte_string_is_refused_before_any_work() -> None:
    with refused("c", "f", "must be at most 10 characters"):
        clean_text("c", "f", " " * 144 + "x", 10)
    with refused("c", "f", "must be at most 10 characters"):
        clean_text("c", "f", "\x00" * 145, 10)


@pytest.mark.parametrize("value", [None, 5, b"x", ["x"]])
def test_text_must_be_str(value: Any) -> None:
    with refused("c", "f", "must be text", value):
        clean_text("c", "f", value)
    with refused("c", "f", "must be text", value):
        required_text("c", "f", value)


@pytest.mark.parametrize(
    ("char", "visible"),
    [
        ("a", True), ("5", True), ("!", True), ("€", True), ("ä", True), ("中", True),
        (" ", False), ("\u200b", False), ("\u0301", False), ("\u3164", False),
        ("\u115f", False), ("\u1160", False), ("\uffa0", False), ("\u2800", False),
        ("\u00a0", False),
    ],
)  # fmt: skip
def test_is_visible(char: str, visible: bool) -> None:
    assert is_visible(char) is visible
    assert has_visible(f" {char} ") is visible


@pytest.mark.parametrize(
    ("text", "visible"),
    [("", False), ("   ", False), ("\t", False), ("~", True), (" !", True), ("\u3164\u200b", False),
     ("\u3164x", True)],
)  # fmt: skip
def test_has_visible(text: str, visible: bool) -> None:
    assert has_visible(text) is visible


def test_required_text() -> None:
    assert required_text("customer", "name", " Acme ") == "Acme"
    for blank in ("", "  ", "\u200b", "\u3164", "\u0301"):
        with refused("customer", "name", "must not be blank", blank):
            required_text("customer", "name", blank)
    assert required_text("note", "text", "a \n b", 10, multiline=True) == "a\n b"
    with refused("note", "text", "must be at most 3 characters"):
        required_text("note", "text", "abcd", 3, multiline=True)


def test_optional_text() -> None:
    assert optional_text("c", "f", None) is None
    assert optional_text("c", "f", " \u200b ") is None
    assert optional_text("c", "f", " x ") == "x"
    assert optional_text("c", "f", "x\n\ny", multiline=True) == "x\n\ny"
    assert optional_text("c", "f", "x" * 255) == "x" * 255
    with refused("c", "f", "must be at most 255 characters"):
        optional_text("c", "f", "x" * 256)
    with refused("c", "f", "must be at most 3 characters"):
        optional_text("c", "f", "abcd", 3)
    with refused("c", "f", "must be text", 1):
        optional_text("c", "f", 1)


def test_search_text_limit_is_200() -> None:
    assert search_text("query", "text", " x ") == "x"
    assert search_text("query", "text", "  ") is None
    assert search_text("query", "text", "s" * 200) == "s" * 200
    with refused("query", "text", "must be at most 200 characters"):
        search_text("query", "text", "s" * 201)
    with refused("query", "text", "must be at most 5 characters"):
        search_text("query", "text", "s" * 6, 5)


def test_text_set() -> None:
    assert text_set("contact", "roles", iter([" a ", "a", "b"])) == frozenset({"a", "b"})
    assert text_set("contact", "roles", []) == frozenset()
    assert text_set("contact", "roles", ["r" * 100]) == frozenset({"r" * 100})
    with refused("contact", "roles", "must be at most 100 characters"):
        text_set("contact", "roles", ["r" * 101])
    assert text_set("c", "f", ["r" * 5], max_length=5) == frozenset({"r" * 5})
    with refused("c", "f", "must be at most 5 characters"):
        text_set("c", "f", ["r" * 6], max_length=5)
    with refused("contact", "roles", "must not be blank", " "):
        text_set("contact", "roles", [" "])


def test_text_set_item_limit() -> None:
    items = [f"k{i}" for i in range(100)]
    assert len(text_set("c", "f", items)) == 100
    with refused("c", "f", "must hold at most 100 items"):
        text_set("c", "f", [*items, "x"])
    assert text_set("c", "f", ["a", "b"], max_items=2) == frozenset({"a", "b"})
    with refused("c", "f", "must hold at most 2 items", ["a", "b", "c"]):
        text_set("c", "f", ["a", "b", "c"], max_items=2)
    endless = repeat("k")
    with refused("c", "f", "must hold at most 100 items", endless):
        text_set("c", "f", endless)
    source = iter([f"k{i}" for i in range(150)])
    with refused("c", "f", "must hold at most 100 items", source):
        text_set("c", "f", source)
    assert len(list(source)) == 49


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("ab", "must be a collection of texts, not one text"),
        (b"ab", "must be a collection of texts, not one text"),
        (5, "must be a collection of texts"),
        (None, "must be a collection of texts"),
    ],
)
def test_text_set_refuses_non_collections(value: Any, reason: str) -> None:
    with refused("c", "f", reason, value):
        text_set("c", "f", value)


def test_defaults_are_one_line_and_255() -> None:
    assert required_text("c", "f", "a\nb") == "a b"
    assert optional_text("c", "f", "a\nb") == "a b"
    assert required_text("c", "f", "r" * 255) == "r" * 255
    with refused("c", "f", "must be at most 255 characters", "r" * 256):
        required_text("c", "f", "r" * 256)


def test_only_whitespace_that_is_not_printable_cleans_to_empty() -> None:
    assert clean_text("c", "f", "\t") == ""
    assert clean_text("c", "f", "\t\n\u2028") == ""
    assert optional_text("c", "f", "\r\n") is None


def test_too_long_carries_the_value() -> None:
    with refused("c", "f", "must be at most 3 characters", "abcd"):
        clean_text("c", "f", "abcd", 3)
    with refused("c", "f", "must be at most 3 characters", "ab\tcd"):
        clean_text("c", "f", "ab\tcd", 3)
    huge = "x" * 1_000_000
    with refused("c", "f", "must be at most 3 characters", huge):
        clean_text("c", "f", huge, 3)


def test_remembered_checks_each_text_once_while_it_is_remembered() -> None:
    calls: list[Any] = []

    def check(value: Any) -> str:
        calls.append(value)
        if value == "bad":
            raise ValidationError("c", "f", "is bad", value)
        return clean_text("c", "f", value)

    cleaned = remembered(check, size=2)
    assert cleaned(" a ") == cleaned(" a ") == "a"
    assert calls == [" a "]
    # a refusal is never remembered: the text is checked, and refused, every time
    for _ in range(2):
        with refused("c", "f", "is bad", "bad"):
            cleaned("bad")
    assert calls == [" a ", "bad", "bad"]
    # only the last `size` texts are remembered
    calls.clear()
    for text in ("b", "c", "d", "b", "d"):
        cleaned(text)
    assert calls == ["b", "c", "d", "b"]


def test_remembered_passes_anything_but_text_to_the_check_every_time() -> None:
    calls: list[Any] = []

    def check(value: Any) -> str:
        calls.append(value)
        return str(value)

    class Text(str):
        pass

    shown = remembered(check)
    for value in (["a"], ["a"], 5, 5, Text("a"), Text("a")):  # a list cannot be a cache key
        assert shown(value) == str(value)
    assert calls == [["a"], ["a"], 5, 5, "a", "a"]


def test_remembered_keeps_the_last_4096_texts_by_default() -> None:
    calls: list[Any] = []
    shown = remembered(lambda value: calls.append(value) or value)
    for n in range(4097):
        shown(str(n))
    calls.clear()
    assert shown("1") == "1" and calls == []  # remembered
    assert shown("0") == "0" and calls == ["0"]  # the oldest, forgotten
