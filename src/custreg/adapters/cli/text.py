"""How the command line prints values: one line per value, dates and times in the
organisation's time zone, counts with thousands separators, never a Python repr."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from zoneinfo import ZoneInfo


def printable(text: str) -> str:
    """``text`` safe for a terminal: control, format (zero-width, bidi) and unpaired surrogate
    characters shown as escapes, so a stored value cannot move the cursor or hide text."""
    out = []
    for ch in text:
        category = unicodedata.category(ch)
        if category in {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}:
            out.append(ch.encode("unicode_escape", "backslashreplace").decode("ascii"))
        else:
            out.append(ch)
    return "".join(out)


def table_cell(text: str, width: int) -> str:
    """``text`` made printable and fitted to ``width`` columns (cut with an ellipsis)."""
    shown = printable(text)
    if len(shown) > width:
        shown = shown[: width - 1] + "…"
    return f"{shown:<{width}}"


def local_date(moment: datetime, zone: ZoneInfo) -> str:
    """The calendar date of ``moment`` in the organisation's time zone (YYYY-MM-DD)."""
    return moment.astimezone(zone).date().isoformat()


def local_time(moment: datetime, zone: ZoneInfo) -> str:
    """``moment`` in the organisation's time zone, to the minute, with the zone's abbreviation."""
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z")


def cut_notice(shown: int, offset: int, total: int, what: str) -> str:
    """What a listing shows of the whole: "showing 50 of 1,204 customers, use --limit ..."."""
    if shown == total and offset == 0:
        return f"{total:,} {what}"
    if shown == 0:
        return f"no {what} from {offset + 1:,} on ({total:,} in all)"
    first, last = offset + 1, offset + shown
    more = " (use --limit or --offset to see others)" if shown < total else ""
    if offset == 0:
        return f"showing {shown:,} of {total:,} {what}{more}"
    return f"showing {first:,}-{last:,} of {total:,} {what}{more}"
