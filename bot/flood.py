"""Flood protection per citizen: a token bucket for each chat, in memory only.

A citizen may send `burst` messages in a quick row and `per_minute` in the long run. The first
message past that gets one polite "please slow down"; the rest of the burst is ignored without
any work (messages within the long-run rate are still answered), so one person cannot slow the
bot down for everyone else. Only when the bucket has filled up again may a new burst be warned
about again.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

CHATS_KEPT = 10_000  # buckets kept, least recently active dropped first (they are full again)


class Verdict(Enum):
    OK = "ok"
    WARN = "warn"  # the first message past the limit: say "slow down" once
    DROP = "drop"  # the rest of the burst: no answer at all


@dataclass
class Bucket:
    tokens: float
    at: float
    warned: bool = False


class FloodGuard:
    def __init__(self, burst: int, per_minute: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.burst = max(1, burst)
        self.rate = max(per_minute, 0.001) / 60.0
        self.clock = clock
        self._buckets: OrderedDict[int, Bucket] = OrderedDict()

    def check(self, chat_id: int, cost: float = 1.0) -> Verdict:
        """Take `cost` from the chat's bucket (a button press costs less than a message)."""
        moment = self.clock()
        bucket = self._buckets.pop(chat_id, None) or Bucket(float(self.burst), moment)
        self._buckets[chat_id] = bucket
        while len(self._buckets) > CHATS_KEPT:
            self._buckets.popitem(last=False)
        bucket.tokens = min(self.burst, bucket.tokens + (moment - bucket.at) * self.rate)
        bucket.at = moment
        if bucket.tokens >= self.burst:  # calm again: a new burst may be warned about again
            bucket.warned = False
        if bucket.tokens >= cost:
            bucket.tokens -= cost
            return Verdict.OK
        if bucket.warned:
            return Verdict.DROP
        bucket.warned = True
        return Verdict.WARN
