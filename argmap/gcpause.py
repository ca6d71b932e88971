"""Pause Python's cyclic garbage collector while a map's many long-lived objects are built.

Parsing, validating and analysing a map allocate millions of containers that live until the end
of the run and form no reference cycles. Each allocation burst sets off collections that walk
every object already alive, so that with the collector running a 50,000-node map spends more than
half its time in it (load: 5.6 s of CPU with it, 2.1 s without). Pausing only postpones
collection: the collector is switched back on afterwards, and cyclic garbage is collected then.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


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
        gc.enable()
