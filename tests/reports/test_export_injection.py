"""X4 against hostile text: formula injection hidden behind characters that are later dropped or
ignored (controls, format characters, lone surrogates, blanks, full-width triggers).

For any text, the CSV cell read back does not start a formula after a spreadsheet's own trimming,
no XLSX cell read back by openpyxl is a formula, both files are written without crashing, and
the two read back equal. Numbers stay numbers (a negative amount is not neutralised).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import example
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from custreg.adapters.exports import CsvSink
from custreg.adapters.exports import XlsxSink
from custreg.domain.reports import MAX_CELL_LENGTH
from custreg.domain.reports import CellType
from custreg.domain.reports import Column
from custreg.domain.reports import ReportHeader
from custreg.domain.reports import ReportLevel
from custreg.domain.reports import cell_safe_text
from custreg.domain.reports import neutralise_formula
from custreg.domain.reports import spreadsheet_text
from custreg.domain.values import Money

#: What spreadsheet programs read as the start of a formula (full-width forms fold to ASCII).
TRIGGERS = set("=+-@") | set("\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\u2212")
#: All of Unicode, with controls, format characters, lone surrogates and triggers favoured.
HOSTILE_CHARACTER = st.one_of(
    st.characters(codec=None),
    st.characters(categories=["Cc", "Cf", "Cs", "Zs", "Mn"]),
    st.sampled_from([*sorted(TRIGGERS), "\t", "\r", "\n", " ", "\u3164", "\u2800", "'"]),
)
HOSTILE_TEXT = st.text(HOSTILE_CHARACTER, max_size=30)
HOSTILE_EXAMPLES = (
    "\x00=1+1",
    "\x01\x02@SUM(A1)",
    "\u200b=cmd|' /C calc'!A0",
    "\ufeff+1",
    "\u202e-2",
    "\ud800=1",
    " \t=1",
    "\u00a0\u3000=1",
    "\uff1dSUM(A1)",
    "\u3164=1",
    "\r\n=1",
    "\u0301=1",
)


def spreadsheet_sees(cell: str) -> str:
    """The first character a spreadsheet reads after trimming blanks and ignoring what shows
    nothing (whitespace, controls, format characters, combining marks, blank look-alikes)."""
    for char in cell:
        category = unicodedata.category(char)
        if char.isspace() or category[0] in "CMZ" or char in "\u115f\u1160\u3164\uffa0\u2800":
            continue
        return char
    return ""


def is_formula(cell: str) -> bool:
    return not cell.startswith("'") and (
        cell[:1] in ("\t", "\r", "\n") or spreadsheet_sees(cell) in TRIGGERS
    )


def header(*types: CellType) -> ReportHeader:
    columns = tuple(
        Column(f"c{i}", f"Column {i}", type_, frozenset(ReportLevel), "any")
        for i, type_ in enumerate(types)
    )
    return ReportHeader("Export", ReportLevel.CUSTOMERS, columns, "EUR")


def export(head: ReportHeader, rows: list[list[Any]]) -> tuple[list[list[str]], list[Any]]:
    """The CSV rows read back with ``csv`` and the XLSX cells read back with openpyxl."""
    stream, book = io.StringIO(newline=""), io.BytesIO()
    for sink in (CsvSink(stream), XlsxSink(book)):
        sink.start(head)
        sink.write_rows(rows)
        sink.finish()
    from_csv = list(csv.reader(io.StringIO(stream.getvalue(), newline="")))
    sheet = load_workbook(io.BytesIO(book.getvalue())).active
    assert sheet is not None
    return from_csv, [list(row) for row in sheet.iter_rows()]


@given(text=HOSTILE_TEXT, label=HOSTILE_TEXT)
@example(text="\x00=1+1", label="\u200b@x")
@example(text="\ud800-1", label="\ufeff=A1")
def test_x4_no_exported_text_cell_starts_a_formula_whatever_the_text(text: str, label: str) -> None:
    head = ReportHeader(
        label,
        ReportLevel.CUSTOMERS,
        (Column("c", label, CellType.TEXT, frozenset(ReportLevel), "str"),
         Column("l", "List", CellType.LIST, frozenset(ReportLevel), "tuple")),
        "EUR",
    )
    from_csv, from_xlsx = export(head, [[text, (text, label)]])
    for row in from_csv:
        for cell in row:
            assert not is_formula(cell), cell
    for row in from_xlsx:
        for cell in row:
            assert cell.data_type != "f"
            assert not is_formula(cell.value or "")
    # the two files read back equal (an empty string cell reads back as None)
    assert [[c.value or "" for c in row] for row in from_xlsx] == [
        row + [""] * (2 - len(row)) for row in from_csv
    ]


def test_x4_every_hostile_example_is_neutralised_in_both_exports() -> None:
    rows = [[text] for text in HOSTILE_EXAMPLES]
    from_csv, from_xlsx = export(header(CellType.TEXT), rows)
    for text, csv_row, xlsx_row in zip(HOSTILE_EXAMPLES, from_csv[1:], from_xlsx[1:], strict=True):
        assert csv_row[0].startswith("'"), text
        assert xlsx_row[0].data_type == "s" and xlsx_row[0].value == csv_row[0]
        assert csv_row[0] == "'" + cell_safe_text(text)


@given(HOSTILE_TEXT)
@example("=1")
@example("\x00\ud800\u200b")
def test_x4_the_cell_text_is_cleaned_before_it_is_neutralised(text: str) -> None:
    safe = spreadsheet_text(text)
    cleaned = cell_safe_text(text)
    assert safe in (cleaned, "'" + cleaned)
    assert not any(
        unicodedata.category(c) in ("Cc", "Cf", "Cs") and c not in "\t\n" for c in cleaned
    )
    assert "\r" not in cleaned
    assert not is_formula(safe)
    assert spreadsheet_text(safe) == safe  # neutralising twice changes nothing


@given(st.one_of(HOSTILE_TEXT, st.tuples(st.sampled_from("aZ09"), HOSTILE_TEXT).map("".join)))
@example("A" * (MAX_CELL_LENGTH + 1))
@example("a\u200b=1")
@example("Z\r\n=1")
@example("9\ud800")
def test_x4_plain_text_taken_at_once_is_what_cleaning_and_neutralising_give(text: str) -> None:
    assert spreadsheet_text(text) == neutralise_formula(cell_safe_text(text))


def test_x4_numbers_and_dates_stay_machine_readable() -> None:
    head = header(CellType.INTEGER, CellType.DECIMAL, CellType.MONEY, CellType.DATE)
    row = [-5, Decimal("-1.25"), Money("-3.50", "EUR"), date(2026, 12, 6)]
    from_csv, from_xlsx = export(head, [row])
    assert from_csv[1] == ["-5", "-1.25", "-3.50", "2026-12-06"]
    cells = [c.value for c in from_xlsx[1]]
    assert cells[:3] == [-5, -1.25, -3.5]
    assert [c.data_type for c in from_xlsx[1][:3]] == ["n", "n", "n"]
    # a number Excel cannot hold exactly is kept as an explicit string cell, not neutralised
    long_row = [0, Decimal("-1234567890123456.75"), Money("-99999999999999.9999", "USD"), None]
    from_csv, from_xlsx = export(head, [long_row])
    assert from_csv[1][1:3] == ["-1234567890123456.75", "-99999999999999.9999 USD"]
    assert [c.data_type for c in from_xlsx[1][1:3]] == ["s", "s"]
    assert [c.value for c in from_xlsx[1][1:3]] == from_csv[1][1:3]


def test_x4_every_control_format_and_surrogate_code_point_is_dropped_from_cells() -> None:
    dropped = [
        chr(code)
        for code in range(0x110000)
        if unicodedata.category(chr(code)) in ("Cc", "Cf", "Cs") and chr(code) not in "\t\n\r"
    ]
    kept = [c for c in dropped if cell_safe_text(f"a{c}b") != "ab"]
    assert kept == []
    assert cell_safe_text("a\r\nb\rc\td") == "a\nb\nc\td"
