"""The shipped strategies draw free text in the form the domain stores it (C1).

A test that stores a drawn name and compares it with what comes back is only sound when the
domain's normalisation (strip, one space between words) leaves the drawn value unchanged.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custreg.domain.text import clean_text
from custreg.testing import strategies as s

FREE_TEXT = {
    "texts": s.texts(),
    "texts of a spacey alphabet": s.texts(alphabet=" \t\na"),
    "phones": s.phones(),
    "file_names": s.file_names(),
}


@pytest.mark.parametrize("name", sorted(FREE_TEXT))
def test_c1_free_text_strategies_draw_what_the_domain_stores_unchanged(name: str) -> None:
    @given(FREE_TEXT[name])
    def check(text: str) -> None:
        assert text
        assert clean_text("entity", "field", text) == text

    check()


@given(st.text(" \t\n\u00a0ab", max_size=12))
def test_c1_single_spaced_is_the_one_line_normal_form(text: str) -> None:
    spaced = s.single_spaced(text)
    assert spaced == clean_text("entity", "field", text)
    assert "  " not in spaced
    assert spaced == spaced.strip()
