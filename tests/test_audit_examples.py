"""Examples of the audit trail's renderings and change detection (M7), stated directly."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from attrs import frozen

from custreg.domain import audit
from custreg.domain.audit import BOOKKEEPING
from custreg.domain.audit import _is_mapping
from custreg.domain.audit import _is_set
from custreg.domain.audit import changed_fields
from custreg.domain.audit import render
from custreg.domain.audit import renderer
from custreg.domain.frozenmap import FrozenMap

ID = UUID(int=1)
ID2 = UUID(int=2)


class Colour(enum.Enum):
    RED = "red"


@frozen
class Point:
    x: int
    label: str


class Opaque:
    def __str__(self) -> str:
        return "opaque!"


@pytest.mark.parametrize(
    ("value", "rendered"),
    [
        (None, None),
        (True, True),
        (False, False),
        (0, 0),
        (-5, -5),
        ("text", "text"),
        (Colour.RED, "red"),
        (ID, "00000000-0000-0000-0000-000000000001"),
        (Decimal("1.50"), "1.50"),
        (date(2026, 1, 2), "2026-01-02"),
        (datetime(2026, 1, 2, 3, 4, 5), "2026-01-02T03:04:05"),
        (frozenset({ID2, ID}), [str(ID), str(ID2)]),
        ({3, 1, 2}, ["1", "2", "3"]),
        (frozenset({Colour.RED}), ["red"]),
        ({1: Decimal("2")}, {"1": "2"}),
        (FrozenMap({"a": date(2026, 1, 1)}), {"a": "2026-01-01"}),
        (Point(1, "p"), {"x": 1, "label": "p"}),
        ((1, Decimal("2")), [1, "2"]),
        ([ID], [str(ID)]),
        ([], []),
        (Opaque(), "opaque!"),
        (1.5, "1.5"),
    ],
)
def test_m7_render_examples(value: object, rendered: Any) -> None:
    result = render(value)
    assert result == rendered
    assert type(result) is type(rendered)


def test_m7_bookkeeping_fields() -> None:
    assert frozenset({"version", "updated_at", "updated_by"}) == BOOKKEEPING


@frozen
class Versioned:
    name: str
    count: int
    version: int
    updated_at: str


@pytest.mark.parametrize(
    ("before", "after", "changed"),
    [
        (Versioned("a", 1, 1, "t"), Versioned("a", 1, 1, "t"), []),
        (Versioned("a", 1, 1, "t"), Versioned("b", 1, 2, "u"), ["name"]),
        (Versioned("a", 1, 1, "t"), Versioned("b", 2, 1, "t"), ["name", "count"]),
        (Versioned("a", 1, 1, "t"), Versioned("a", 1, 2, "u"), []),
    ],
)
def test_m7_changed_fields_skip_bookkeeping(
    before: Versioned, after: Versioned, changed: list[str]
) -> None:
    assert changed_fields(before, after) == changed


def test_m7_changed_fields_with_own_ignore() -> None:
    before, after = Versioned("a", 1, 1, "t"), Versioned("b", 2, 2, "u")
    assert changed_fields(before, after, frozenset({"name"})) == [
        "count",
        "version",
        "updated_at",
    ]
    assert changed_fields(before, after, frozenset()) == ["name", "count", "version", "updated_at"]


@pytest.mark.parametrize(
    ("kind", "is_set", "is_mapping"),
    [
        (frozenset[UUID], True, False),
        (frozenset, True, False),
        (set[int], True, False),
        (dict[str, int], False, True),
        (Mapping, False, True),
        (FrozenMap, False, True),
        (list[int], False, False),
        (str, False, False),
        (Any, False, False),
        (int | None, False, False),
    ],
)
def test_kind_tests(kind: Any, is_set: bool, is_mapping: bool) -> None:
    assert _is_set(kind) is is_set
    assert _is_mapping(kind) is is_mapping


@frozen
class Row:
    id: UUID
    name: str
    count: int
    amount: Decimal
    on: date
    at: datetime
    tags: frozenset[UUID]
    words: frozenset[str]
    colours: frozenset[Colour]
    extra: FrozenMap[str, Any]
    colour: Colour
    maybe: UUID | None = None


def row(**changes: Any) -> Row:
    fields: dict[str, Any] = {
        "id": ID,
        "name": "n",
        "count": 3,
        "amount": Decimal("2.50"),
        "on": date(2026, 1, 2),
        "at": datetime(2026, 1, 2, 3, 4, 5),
        "tags": frozenset({ID2, ID}),
        "words": frozenset({"b", "a"}),
        "colours": frozenset({Colour.RED}),
        "extra": FrozenMap({"d": Decimal("1"), "when": date(2026, 1, 1), 7: Opaque()}),
        "colour": Colour.RED,
    }
    return Row(**(fields | changes))


@pytest.fixture(autouse=True)
def _no_planned_renderers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test plans its renderers afresh: a plan cached by an earlier test (or by the
    unmutated code) would hide the planning under test."""
    monkeypatch.setattr(audit, "_RENDERERS", {})


def test_m7_renderer_equals_render() -> None:
    hook = renderer(Row)
    expected = {
        "id": str(ID),
        "name": "n",
        "count": 3,
        "amount": "2.50",
        "on": "2026-01-02",
        "at": "2026-01-02T03:04:05",
        "tags": [str(ID), str(ID2)],
        "words": ["a", "b"],
        "colours": ["red"],
        "extra": {"d": "1", "when": "2026-01-01", "7": "opaque!"},
        "colour": "red",
        "maybe": None,
    }
    assert hook(row()) == expected
    assert render(row()) == expected
    with_maybe = row(maybe=ID2, tags=frozenset())
    assert hook(with_maybe) == render(with_maybe)
    assert hook(with_maybe)["maybe"] == str(ID2)
    assert hook(with_maybe)["tags"] == []


def test_renderer_is_planned_once_per_class() -> None:
    first = renderer(Row)
    assert renderer(Row) is first
    assert {Row: first} == audit._RENDERERS
    assert renderer(Point) is not renderer(Row)
    assert renderer(Point)(Point(2, "q")) == {"x": 2, "label": "q"}


def test_renderer_many_equals_render_and_shares_no_list_or_dict() -> None:
    hook = renderer(Row)
    shared = row()
    rows = [row(), row(maybe=ID2, tags=frozenset(), count=4), shared, shared, row(name="m")]
    rendered = hook.many(rows)
    assert rendered == [render(r) for r in rows]
    assert hook.many(rows[:1]) == [render(rows[0])]
    assert hook.many([]) == []
    # The same object rendered twice gives two renderings: changing one leaves the other as is.
    rendered[2]["tags"].append("x")
    rendered[2]["extra"]["d"] = "2"
    assert rendered[3] == render(shared)
    assert rendered[2] is not rendered[3]


def test_renderer_many_renders_few_distinct_objects_once_each_sharing_only_text() -> None:
    hook = renderer(Row)
    tags, extra = frozenset({ID}), FrozenMap({"d": Decimal("1")})
    rows = [row(maybe=(ID, ID2)[n % 2], tags=tags, extra=extra, count=n) for n in range(10)]
    rendered = hook.many(rows)
    assert rendered == [render(r) for r in rows]
    assert rendered[0]["maybe"] is rendered[2]["maybe"]  # an id's text, made once
    rendered[0]["tags"].append("x")
    rendered[0]["extra"]["d"] = "2"
    assert rendered[2] == render(rows[2])


def test_renderer_many_copies_the_rendering_of_one_object_shared_by_every_row() -> None:
    # A bulk write's rows share one empty map or set object: rendered once, copied per row.
    hook = renderer(Row)
    tags, extra = frozenset({ID, ID2}), FrozenMap({"d": Decimal("1"), "when": date(2026, 1, 1)})
    rows = [row(tags=tags, extra=extra, count=n) for n in range(6)]
    rendered = hook.many(rows)
    assert rendered == [render(r) for r in rows]
    rendered[0]["tags"].append("x")
    rendered[1]["extra"]["d"] = "2"
    assert rendered[2:] == [render(r) for r in rows[2:]]
    assert rendered[0]["extra"] == rendered[2]["extra"]
    assert rendered[1]["tags"] == rendered[2]["tags"]


def test_a_shared_rendering_not_made_of_dicts_and_lists_is_made_per_row() -> None:
    calls: list[object] = []

    def hook(value: object) -> object:
        calls.append(value)
        return {"kept": (1, 2), "list": [{"a": [1]}]}

    shared = object()
    column = audit._rendered_column(hook, [shared] * 4)
    assert calls == [shared] * 4
    assert column == [hook(shared)] * 4
    plain = audit._rendered_column(lambda _: {"a": [{"b": [None, 1.5]}], "c": True}, [shared] * 3)
    assert plain == [{"a": [{"b": [None, 1.5]}], "c": True}] * 3
    plain[0]["a"][0]["b"].append(2)
    assert plain[1] == plain[2] == {"a": [{"b": [None, 1.5]}], "c": True}
    assert audit._rendered_column(lambda _: {1: []}, [shared] * 2) == [{1: []}, {1: []}]


def test_audit_entries_render_a_run_of_entities_at_once() -> None:
    from custreg.domain.events import Created
    from custreg.domain.events import Removed
    from custreg.domain.events import Stamp
    from custreg.domain.events import audit_entries

    stamp = Stamp(None, datetime(2026, 1, 2, 3, 4, 5))
    ids = iter(UUID(int=n) for n in range(1000, 1100))
    events = [
        Created("row", row(), stamp),
        Removed("row", row(name="m"), stamp),
        Created("row", row(count=9), stamp),
    ]
    entries = audit_entries(events, ids.__next__, renderer(Row))
    assert [(e.entity_id, e.before, e.after) for e in entries] == [
        (ID, None, render(row())),
        (ID, render(row(name="m")), None),
        (ID, None, render(row(count=9))),
    ]
    assert [e.id for e in entries] == [UUID(int=n) for n in range(1000, 1003)]


def test_renderer_many_of_a_class_without_fields_gives_an_empty_dict_per_entity() -> None:
    @frozen
    class Nothing:
        pass

    assert renderer(Nothing).many([Nothing(), Nothing(), Nothing()]) == [{}, {}, {}]
    assert audit._assembler(())([]) == []
    assert audit._assembler(("a", "b"))([[1, 2], ["x", "y"]]) == [
        {"a": 1, "b": "x"},
        {"a": 2, "b": "y"},
    ]
