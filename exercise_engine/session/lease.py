"""The facilitator lease: one engine per session, whichever facilitator console holds it.

The lease is a row in the session file with an expiry. The holder renews it every couple of
seconds; a console that crashed simply stops renewing, and another facilitator console takes over
once it has expired. Renewals are not written durably (no fsync): a lease only says who is alive
now, so an idle, paused facilitator console costs the disk nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from ..store.session_store import SessionStore

RENEW_SECONDS = 2.0


class FacilitatorLease:
    """One console's hold on the facilitator lease."""

    def __init__(self, store: SessionStore, holder: str, clock: Callable[[], datetime]) -> None:
        self.store = store
        self.holder = holder
        self._clock = clock
        self._renewed_at: datetime | None = None

    def acquire(self) -> bool:
        """Take the lease unless another live holder has it."""
        if self.store.acquire_facilitator_lease(self.holder):
            self._renewed_at = self._clock()
            return True
        return False

    def renew(self) -> bool:
        """Keep the lease (every RENEW_SECONDS); False if another console has taken it meanwhile."""
        now = self._clock()
        if self._renewed_at is not None and (now - self._renewed_at).total_seconds() < RENEW_SECONDS:
            return True
        self._renewed_at = now
        return self.store.renew_facilitator_lease(self.holder) or self.store.acquire_facilitator_lease(self.holder)

    def release(self) -> None:
        self.store.release_facilitator_lease(self.holder)
