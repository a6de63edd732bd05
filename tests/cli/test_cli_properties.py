"""Properties of the command line's pieces, in-process and fast: what it prints stays on one
line, dash values reach their option, organisations are chosen or listed, CSV rows are numbered as
the file numbers them."""

from __future__ import annotations

import csv
import io
import unicodedata
import uuid
from pathlib import Path

import pytest
from hypothesis import example
from hypothesis import given
from hypothesis import strategies as st

from custreg.adapters.cli import build_parser
from custreg.adapters.cli import join_dash_values
from custreg.adapters.cli.database import Organisation
from custreg.adapters.cli.database import choose_organisation
from custreg.adapters.cli.errors import CliError
from custreg.adapters.cli.errors import ExitCode
from custreg.adapters.cli.errors import one_line
from custreg.adapters.cli.importing import read_rows
from custreg.adapters.cli.report import output_format
from custreg.adapters.cli.text import cut_notice
from custreg.adapters.cli.text import printable
from custreg.domain.ids import OrganisationId

HIDDEN = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
PARSER = build_parser()


@given(st.text())
@example("a\nb\r\x1b[2J\u202e\u200b\ud800" + "9" * 5000)
def test_error_lines_are_one_printable_line(text: str) -> None:
    line = one_line(text)
    assert line.isprintable() and len(line) <= 500


@given(st.text())
@example("Nokia\u200b Oyj\u2028\x00")
def test_printed_values_hide_no_control_or_invisible_characters(text: str) -> None:
    shown = printable(text)
    assert not any(unicodedata.category(ch) in HIDDEN for ch in shown)
    if not any(unicodedata.category(ch) in HIDDEN for ch in text):
        assert shown == text


@given(st.text(min_size=1).map(lambda s: "-" + s.replace("\x00", "")).filter(lambda s: s != "--"))
@example("-customer.name")
@example("---")
def test_a_value_starting_with_a_dash_reaches_its_option(value: str) -> None:
    argv = ["report", "customers", "--sort", value]
    joined = join_dash_values(PARSER, argv)
    if value.split("=")[0] in {"--db", "--sort", "--debug", "--help", "--money", "-o", "-h"}:
        return  # an option of custreg stays an option
    args = PARSER.parse_args(joined)
    assert args.sort == [value]


def test_dash_values_leave_other_arguments_alone() -> None:
    argv = ["report", "customers", "-o", "-", "--sort", "customer.name", "--money"]
    assert join_dash_values(PARSER, argv) == argv
    assert PARSER.parse_args(join_dash_values(PARSER, ["customers", "--limit", "-5"])).limit == -5


names = st.text(min_size=1, max_size=20).filter(lambda s: s.strip() == s and s)


@given(st.lists(names, min_size=1, max_size=15, unique_by=str.casefold), st.data())
def test_an_organisation_is_chosen_by_name_or_id_or_refused_with_the_list(
    stored: list[str], data: st.DataObject
) -> None:
    found = [Organisation(OrganisationId(uuid.uuid4()), name) for name in stored]
    pick = data.draw(st.sampled_from(found))
    assert choose_organisation(found, pick.name.upper()) in (pick, *found)  # casefold match
    assert choose_organisation(found, str(pick.id)) == pick
    with pytest.raises(CliError) as refused:
        choose_organisation(found, "\x00no such organisation")
    assert refused.value.code == ExitCode.NOT_FOUND
    assert found[0].name in str(refused.value)
    if len(found) > 1:
        with pytest.raises(CliError) as ambiguous:
            choose_organisation(found, None)
        assert ambiguous.value.code == ExitCode.USAGE
    else:
        assert choose_organisation(found, None) == found[0]


@given(st.integers(0, 10_000), st.integers(0, 10_000), st.integers(0, 10_000))
@example(50, 0, 1204)
def test_a_cut_listing_says_so(shown: int, offset: int, extra: int) -> None:
    total = offset + shown + extra
    notice = cut_notice(shown, offset, total, "customers")
    if shown == total and offset == 0:
        assert notice == f"{total:,} customers"
    else:
        assert f"{total:,}" in notice and ("showing" in notice or notice.startswith("no "))
    if shown and shown < total:
        assert "--limit" in notice
    assert cut_notice(50, 0, 1204, "customers").startswith("showing 50 of 1,204 customers")


@pytest.mark.parametrize(
    ("output", "given_format", "expected"),
    [("-", None, "csv"), ("a.CSV", None, "csv"), ("b.xlsx", None, "xlsx"), ("c.pdf", "csv", "csv")],
)
def test_output_format_from_suffix(output: str, given_format: str | None, expected: str) -> None:
    assert output_format(output, given_format) == expected


@pytest.mark.parametrize("output", ["x.pdf", "x", "x.xls", "x.csv.bak"])
def test_unknown_output_suffix_is_refused(output: str) -> None:
    with pytest.raises(CliError) as refused:
        output_format(output, None)
    assert refused.value.code == ExitCode.USAGE and output in str(refused.value)


cell = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), max_size=12
)


@given(st.lists(st.tuples(cell, cell), min_size=1, max_size=8))
@example([("Aalto Oy", "Otakaari 1\nPL 11000"), ("Bee Oy", "")])
def test_rows_are_numbered_as_the_file_numbers_them(
    tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[str, str]]
) -> None:
    rows = [row for row in rows if any(value.strip() for value in row)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["name", "address_lines"])
    writer.writerows(rows)
    path: Path = tmp_path_factory.mktemp("rows") / "in.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    records, places = read_rows(path, ",")
    assert [(r["name"], r["address_lines"]) for r in records] == rows
    assert [p.row for p in places] == list(range(2, len(rows) + 2))
    line = 2
    for place, (name, lines) in zip(places, rows, strict=True):
        assert place.line == line
        line += 1 + name.count("\n") + lines.count("\n")
