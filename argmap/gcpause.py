"""Pause Python's cyclic garbage collector while a map's many long-lived objects are built.

Parsing, validating and analysing a map allocate millions of containers that live until the end
of the run and form no reference cycles. Each allocation burst sets off collections that walk
every object already alive, so that with the collector running a 50,000-node map spends more than
a third of its time in it. Pausing postpones collection: the collector is switched back on
afterwards, and cyclic garbage is collected then.

When the block has left many new objects alive (a big map), they are also *frozen*
(:func:`gc.freeze`): later collections skip them instead of walking them all again (on a
50,000-node map each full collection costs half a second, and the rules set off several: check
10.7 -> 7.1 s of CPU). Frozen objects are still freed by reference counting when released, which
is all that a map's objects need; only reference cycles among them would outlive their last use.
Small maps are never frozen (a 1,000-node map leaves some 17,000 objects; 10,000 nodes, 150,000).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["FREEZE_ABOVE", "gc_paused"]

FREEZE_ABOVE = 50_000
"""Freeze what the block left alive when it created more than this many objects (net)."""


@contextmanager
def gc_paused() -> Iterator[None]:
    """Switch the cyclic collector off for the ``with`` block (if it was on), then back on."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if gc.get_count()[0] > FREEZE_ABOVE:
            gc.freeze()
        gc.enable()
