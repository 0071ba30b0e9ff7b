"""The cycle collector paused while a pack is read or its questions are made.

Both build many objects that hold no reference cycles (strings, tuples, frozen dataclasses) and keep most of them,
so the collector's passes meanwhile find nothing to free, while each full pass walks every object alive again: on
the benchmark's articles ~7% of generating and a quarter of parsing at 100,000 facts. What it would find (none is
known) is collected once it runs again.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No collection inside; the collector is left as it was found (a caller that turned it off keeps it off)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
