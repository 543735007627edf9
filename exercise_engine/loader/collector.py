"""Loading builds hundreds of thousands of small objects that all live on; the cyclic garbage
collector would scan them again and again as they pile up (10,000 injects took 19x as long as 1,000).
Pausing it while a file is loaded keeps loading linear; it runs again as soon as loading is done."""

from __future__ import annotations

import gc


class collector_paused:  # noqa: N801 - used as a function: `with collector_paused():`
    """Pause the cyclic garbage collector for the duration (reference counting still frees memory).

    A class rather than a generator: leaving it allocates nothing, so the collection that the
    pause put off runs at the caller's next allocation, not inside the code that paused it."""

    def __enter__(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self._was_enabled:
            gc.enable()
