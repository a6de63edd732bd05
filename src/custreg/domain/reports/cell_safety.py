"""Spreadsheet-safe text (X4): what a text cell of an export may hold, and when a text would start
a spreadsheet formula and how it is neutralised.

The rule is written once here and used by every exporter (CSV, XLSX, a host's own sink): clean
first (``cell_safe_text``), then neutralise (``neutralise_formula``), both in
``spreadsheet_text``. How cells of each type are written as text is the exporters' own business
(``custreg.adapters.exports.cell_text``).
"""

from __future__ import annotations

import re

from custreg.domain.text import is_visible

#: A cell whose first character a spreadsheet sees (after its own trimming of leading blanks) is
#: one of these would be read as a formula: the ASCII triggers and the full-width and small forms
#: that spreadsheet programs fold to them.
FORMULA_TRIGGERS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\u2212")
#: Cells starting with one of these (before any trimming) are neutralised too.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
#: What neutralises such a cell: a leading apostrophe, the spreadsheet convention for "text".
NEUTRALISER = "'"
#: The longest text a spreadsheet cell holds (Excel's limit); longer text is cut there.
MAX_CELL_LENGTH = 32_767
#: What a text cell never holds: C0/C1 controls (tab and line feed are kept; carriage returns
#: become line feeds first), lone surrogates, the non-characters XML cannot hold, and every format
#: character (Unicode category Cf: soft hyphen, zero-width characters, bidirectional controls,
#: byte-order mark, tags...) of Unicode 15.
_NOT_IN_CELL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f]"
)


def _leading_blank(char: str) -> bool:
    return char.isspace() or not is_visible(char)


def cell_safe_text(text: str) -> str:
    """X4, step 1: what a text cell may contain. Line breaks become ``\\n``; C0/C1 control
    characters (except tab and line feed), lone surrogates, the non-characters U+FFFE/U+FFFF and
    Unicode format characters (category Cf) are dropped; the text is cut at MAX_CELL_LENGTH."""
    # only text that is not printable apart from its line breaks and tabs holds one to drop
    if not text.isprintable() and not text.replace("\n", "").replace("\t", "").isprintable():
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        text = _NOT_IN_CELL.sub("", text)
    return text[:MAX_CELL_LENGTH]


def starts_formula(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula: it starts with a tab or a line
    break, or its first character after leading blanks (whitespace, invisible characters) is a
    formula trigger (FORMULA_TRIGGERS, full-width forms included)."""
    if text.startswith(FORMULA_PREFIXES):
        return True
    if text[:1].isascii() and text[:1].isalnum():  # the common case, decided at once
        return False
    for char in text:
        if not _leading_blank(char):
            return char in FORMULA_TRIGGERS
    return False


def neutralise_formula(text: str) -> str:
    """X4, step 2: ``text`` prefixed with an apostrophe if it would start a formula
    (``starts_formula``), else unchanged. Exporters call ``spreadsheet_text``, which cleans
    first."""
    return NEUTRALISER + text if starts_formula(text) else text


def spreadsheet_text(text: str) -> str:
    """The text exporters write for a text cell: cleaned first (``cell_safe_text``), then
    formula-neutralised (``neutralise_formula``), so no character that is later dropped or
    ignored can hide a trigger; a CSV and an XLSX export of the same report read back equal.

    Most text is printable throughout (nothing to drop) and starts with an ASCII letter or digit
    (no trigger, nothing blank before one), within the length limit: it is returned as it is
    at once, which is what the two steps give it."""
    if (
        text[:1].isascii()
        and text[:1].isalnum()
        and text.isprintable()
        and len(text) <= MAX_CELL_LENGTH
    ):
        return text
    return neutralise_formula(cell_safe_text(text))
