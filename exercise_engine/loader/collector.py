"""Loading builds hundreds of thousands of small objects that all live on; the cyclic garbage
collector would scan them again and again as they pile up (10,000 injects took 19x as long as 1,000).
Pausing it while a file is loaded keeps loading linear; it runs again as soon as loading is done."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the duration (reference counting still frees memory)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
