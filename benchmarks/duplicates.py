"""Benchmark: duplicate detection over 10,000 / 100,000 customers.

Data: company-like names (two to four syllables, an optional second word, a Nordic or EU legal
form), 40 % with a VAT number. One customer in fifty has a planted duplicate: the legal form
moved or changed ("Oy Esimerkki Ab" / "Esimerkki Oy"), a typo (a letter dropped, doubled or
swapped), a different case, or the same VAT number under another name.

Timed: ``detect_duplicates`` on the customers' identities (normalising, grouping, sorted-
neighbourhood blocking, rapidfuzz scoring), and ``find_duplicates`` over SQLite (the same plus
reading the identities in keyset chunks). "compared" is how many name pairs were scored; "all
pairs" is what comparing every pair would have scored, and "all-pairs s" its estimated time
(rapidfuzz's cost per pair, measured on a sample, times the number of pairs). "recall" is the
share of planted duplicates found; "blocking" the share found of those that comparing the pair
directly would report (what blocking may lose; the rest is below the threshold).

Usage: python benchmarks/duplicates.py [--sizes 10000,100000] [--window 8] [--threshold 0.9]
                                       [--no-sql]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from datetime import UTC
from datetime import datetime
from pathlib import Path

from rapidfuzz import fuzz

from custreg.adapters.similarity import RapidfuzzSimilarity
from custreg.bootstrap import registry_of
from custreg.domain.business_ids import VatNumber
from custreg.domain.customer import Customer
from custreg.domain.duplicates import CustomerIdentity
from custreg.domain.duplicates import normalise_name
from custreg.domain.ids import CustomerId
from custreg.domain.ids import OrganisationId
from custreg.domain.ids import UserId
from custreg.domain.permissions import CustomerPermission
from custreg.domain.permissions import Principal
from custreg.domain.settings import OrganisationSettings
from custreg.domain.values import CustomerNumber
from custreg.usecases.duplicates import detect_duplicates
from custreg.usecases.duplicates import find_duplicates

_CONSONANTS = ("b", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v")
_VOWELS = ("a", "e", "i", "o", "u", "y", "ä", "ö")
SYLLABLES = (
    *(c + v for c in _CONSONANTS for v in _VOWELS),
    "ber", "gen", "dal", "sund", "holm", "vik", "berg", "strand", "stad", "by",
)
WORDS = ("", "", "", "Consulting", "Group", "Systems", "Trading", "Bygg", "Logistik", "Design")
FORMS = ("Oy", "Oyj", "Ab", "AB", "AS", "ASA", "ApS", "A/S", "GmbH", "Ltd", "s.r.o.", "")


class Counting(RapidfuzzSimilarity):
    """The rapidfuzz scorer, counting the name pairs it scores."""

    def __init__(self) -> None:
        super().__init__()
        self.compared = 0

    def similar(
        self, query: str, candidates: Sequence[str], cutoff: float
    ) -> list[tuple[int, float]]:
        self.compared += len(candidates)
        return super().similar(query, candidates, cutoff)


def _typo(word: str, rnd: random.Random) -> str:
    i = rnd.randrange(1, len(word) - 1)
    kind = rnd.randrange(3)
    if kind == 0:
        return word[:i] + word[i + 1 :]
    if kind == 1:
        return word[:i] + word[i] + word[i:]
    return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]


def generate(size: int) -> tuple[list[CustomerIdentity], set[frozenset[int]]]:
    """Customers and the planted duplicate pairs (by customer number)."""
    rnd = random.Random(size)
    customers: list[CustomerIdentity] = []
    planted: set[frozenset[int]] = set()

    def add(name: str, vat: str | None) -> int:
        number = len(customers) + 1
        customers.append(
            CustomerIdentity(CustomerId(uuid.UUID(int=rnd.getrandbits(128))), number, name, vat)
        )
        return number

    while len(customers) < size:
        stem = "".join(rnd.choice(SYLLABLES) for _ in range(rnd.randrange(2, 5))).capitalize()
        word = rnd.choice(WORDS)
        form = rnd.choice(FORMS)
        vat = f"FI{rnd.randrange(10**7, 10**8)}" if rnd.random() < 0.4 else None
        base = " ".join(p for p in (stem, word, form) if p)
        first = add(base, vat)
        if rnd.random() < 0.02 and len(customers) < size:
            kind = rnd.randrange(4)
            if kind == 0:
                other = " ".join(p for p in (rnd.choice(FORMS), stem, word) if p)
            elif kind == 1 and len(stem) > 4:
                other = " ".join(p for p in (_typo(stem, rnd), word, form) if p)
            elif kind == 2:
                other = base.upper()
            else:
                other = f"{rnd.choice(SYLLABLES).capitalize()}{rnd.choice(SYLLABLES)} Holding"
                vat = vat or f"FI{rnd.randrange(10**7, 10**8)}"
                customers[-1] = CustomerIdentity(customers[-1].id, first, base, vat)
            planted.add(frozenset({first, add(other, vat if kind == 3 else None)}))
    return customers, planted


def detectable(
    customers: Sequence[CustomerIdentity], pair: frozenset[int], threshold: float
) -> bool:
    """Whether comparing the pair directly (no blocking) reports it."""
    a, b = (customers[n - 1] for n in sorted(pair))
    if a.vat_number and a.vat_number == b.vat_number:
        return True
    key_a, key_b = normalise_name(a.name), normalise_name(b.name)
    return key_a == key_b or fuzz.ratio(key_a, key_b) >= threshold * 100


def pair_cost(customers: Sequence[CustomerIdentity], sample: int = 200_000) -> float:
    """Seconds rapidfuzz needs per name pair (measured on random pairs of normalised names)."""
    rnd = random.Random(0)
    keys = [normalise_name(c.name) for c in customers]
    pairs = [(rnd.choice(keys), rnd.choice(keys)) for _ in range(sample)]
    ratio = fuzz.ratio
    started = time.perf_counter()
    for a, b in pairs:
        ratio(a, b, score_cutoff=90)
    return (time.perf_counter() - started) / sample


def sql_time(customers: Sequence[CustomerIdentity], folder: Path, window: int,
             threshold: float) -> float:
    from custreg.adapters.sql import SqlDatabase
    from custreg.adapters.sql import rows as r
    from custreg.adapters.sql import tables as t

    database = SqlDatabase(f"sqlite:///{folder / 'duplicates.db'}")
    org = OrganisationId(uuid.uuid4())
    registry = registry_of(database, org, settings=OrganisationSettings(org, "Benchmark Oy"))
    now = datetime(2026, 11, 25, tzinfo=UTC)
    rows = [
        r.customer_row(
            org,
            Customer(
                id=c.id, number=CustomerNumber(c.number), name=c.name, created_at=now,
                vat_number=VatNumber(c.vat_number) if c.vat_number else None,
            ),
        )
        for c in customers
    ]
    with database.engine.begin() as connection:
        for start in range(0, len(rows), 20_000):
            connection.execute(t.customers.insert(), rows[start : start + 20_000])
    principal = Principal(UserId(uuid.UUID(int=1)), CustomerPermission.READ_ONLY)
    started = time.perf_counter()
    find_duplicates(registry, principal, RapidfuzzSimilarity(), threshold=threshold,
                    window=window)
    elapsed = time.perf_counter() - started
    database.dispose()
    return elapsed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--window", type=int, default=8)
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument("--no-sql", action="store_true", help="skip find_duplicates over SQLite")
    args = parser.parse_args(argv)
    header = (
        f"{'customers':>9} {'detect s':>9} {'sqlite s':>9} {'pairs':>7} {'recall':>7} "
        f"{'blocking':>9} {'compared':>12} {'all pairs':>15} {'all-pairs s':>11}"
    )
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            customers, planted = generate(size)
            scorer = Counting()
            started = time.perf_counter()
            pairs = detect_duplicates(
                customers, scorer, threshold=args.threshold, window=args.window
            )
            detect = time.perf_counter() - started
            found = {frozenset({p.first.number, p.second.number}) for p in pairs}
            recall = len(planted & found) / len(planted) if planted else 1.0
            findable = {p for p in planted if detectable(customers, p, args.threshold)}
            blocking = len(findable & found) / len(findable) if findable else 1.0
            every = size * (size - 1) // 2
            estimate = pair_cost(customers) * every
            sql = (
                "-" if args.no_sql
                else f"{sql_time(customers, Path(tmp), args.window, args.threshold):9.2f}"
            )
            print(
                f"{size:>9,} {detect:9.2f} {sql:>9} {len(pairs):>7,} {recall:7.1%} {blocking:9.1%} "
                f"{scorer.compared:>12,} {every:>15,} {estimate:11.0f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
