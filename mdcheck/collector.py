"""Python's cycle collector paused while one document is read or checked: both make hundreds of
thousands of short-lived objects, and the collections they trigger scan every long-lived object
again and again. What the document leaves behind is collected after it."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector off inside the block (as it was before, after it)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
