"""Named fault points that tests switch on to prove nothing is lost when the process dies.

`KEK_BOT_FAULT=after_ticket_commit` kills the process with SIGKILL right after a ticket is
committed and before anything is delivered; `after_send` right after Telegram confirmed a sent
message and before the outbox records it; `handling_update` half a second into handling a
text message, before Telegram was told it arrived. Unset in production, where this does nothing.
"""

from __future__ import annotations

import asyncio
import os
import signal

ENV = "KEK_BOT_FAULT"


def fault_point(name: str) -> None:
    """Die at once, like a power cut, if the fault point `name` is switched on."""
    if os.environ.get(ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


async def fault_after(name: str, seconds: float) -> None:
    """Like fault_point, but die only after `seconds` of other work (a slow handler)."""
    if os.environ.get(ENV) == name:
        await asyncio.sleep(seconds)
        os.kill(os.getpid(), signal.SIGKILL)
