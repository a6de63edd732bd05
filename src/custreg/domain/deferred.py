"""Per-row views and entities whose fields an adapter may fill on first use.

A card tab of a big customer holds tens of thousands of per-row views (task cards, invoice
rows, activity views, contacts); most are never looked at one by one. ``Deferred`` lets an
adapter build such a view with some of its fields still unset and a way to fill them (e.g. a
UUID decoded from the stored text, an entity built from its row): the first read of an unset
field fills them all, and from then on the view is the one ``__init__`` would have made.
Equality, hashing, ``repr`` and pickling read the fields, so they see the filled values: a
deferred view is indistinguishable from an eager one. ``Contact`` derives from it too (the
Contacts tab lists the entities themselves).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import Any

_get = object.__getattribute__


class Deferred:
    """Base of a frozen, slotted attrs view that an adapter may build with fields left unset.

    The adapter sets ``_deferred`` to ``(fill, source)``; the first read of an unset field calls
    ``fill(view, source)``, which must set every field left unset (through the slots'
    descriptors: the view is frozen). Views built by ``__init__`` never have ``_deferred``, and
    a filled view drops it.
    """

    __slots__ = ("_deferred",)

    _deferred: tuple[Callable[[Any, Any], None], Any]

    def __getattr__(self, name: str) -> Any:
        # Only called when normal lookup fails: an unset slot or a name the class lacks.
        if name == "_deferred":
            raise AttributeError(name)
        try:
            fill, source = _get(self, "_deferred")
        except AttributeError:
            raise AttributeError(
                f"{type(self).__name__!r} object has no attribute {name!r}"
            ) from None
        fill(self, source)  # idempotent: two threads filling at once set the same values
        with suppress(AttributeError):  # the other thread forgot it first
            _forget(self)  # the source (a row, a read's decoders) is not needed any more
        return _get(self, name)


_forget: Callable[[Deferred], None] = vars(Deferred)["_deferred"].__delete__
