"""Load benchmark: many citizens at once against the real bot process, beside a bare echo bot.

    .venv/bin/python bench/load.py [--citizens 10,50,200] [--seconds 15] [--flood]

Without --citizens and --flood both parts run; with one of them, only that part. Everything
runs on 127.0.0.1 and ends by itself (the default run takes about 2.5 minutes).

What runs: the Bot API emulator (tests/botapi_emulator.py) in this process, with a staff group
(chat -500, the default handoff chat), and the bot as its own process polling it: the real
`kek-bot run`, then bench/echo_bot.py (a bare python-telegram-bot echo bot, same rate limiter) for
the same load. Each bot gets a fresh emulator, process and database per run. Before a run
every question is asked once (each by a warm-up citizen of its own); the replies seen there are
the expected replies.

Load levels (--citizens): N citizens each ask questions the knowledge base answers (checked with
`kek-bot ask --json` at the start), one at a time: send, wait for the bot's reply, send the
next, for --seconds. KEK-Bot's per-citizen flood guard would stop such citizens after 10
questions, so for the levels it is opened wide (KEK_BOT_FLOOD__BURST, __PER_MINUTE). Flood
(--flood), with every setting as in production: 20 citizens ask one question every 2 s for
12 s while, from second 2, one more citizen sends 200 messages in 5 s without waiting.

How to read the figures:
- upd/s: questions answered per second of the run. p50/p95/p99: reply time in ms, from handing
  the update to the emulator until the bot's message enters the emulator's event log (so it
  includes long polling, the bot's work and its rate limiter).
- lost: questions whose expected reply never came, also not after the run (a citizen waits
  20 s, the bench waits until the bot has been quiet for 1 s). late: came after the 20 s.
  doubled: more than one reply for one question. other: bot messages in a citizen's chat that
  are not the warm-up reply to any question asked there (for KEK-Bot: a different answer, an
  error text, "Bitte etwas langsamer"...).
- log errors: lines with ERROR or Traceback in the bot's log; API errors: Bot API calls of the
  bot the emulator refused. Both should be 0; the lines are printed below the tables.
- RSS MiB: peak resident memory (VmHWM) of the bot process. bot CPU: its CPU time during the
  run in % of one core; ms/upd: the same per message sent to it. harness: CPU of this process
  (emulator and citizens) in % of one core. Near 100 % means that side limited the run.
- ratio: KEK-Bot / echo bot, for upd/s (1.00 = as fast as the bare bot), p99 (2.00 = replies
  take twice as long) and ms/upd (CPU cost per question; unlike the other two it does not
  depend on the rate cap below).
- Telegram's limit of 30 messages per second per bot is emulated by python-telegram-bot's
  AIORateLimiter inside both bots (the emulator itself does not limit). It caps replies at
  about 30 per second after a first burst of 30. Citizens who ask again as soon as they have
  their reply fill that from about 3 citizens on, so upd/s stays near 30 and the reply time is
  about citizens / 30 s: that is the cap, not the bot.
- Flood target (issue): p99 of the 20 normal citizens < 200 ms, with every limiter on as in
  production, both over the whole run and for the questions sent during the flood (about 50:
  their p99 is their slowest), and none lost. The flooder's replies are counted by kind.

Exit code 1 if a reply was lost or doubled or the flood target was missed, else 0.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.botapi_emulator import BotApiEmulator  # noqa: E402
from tests.e2e import KEK_BOT, TOKEN, wait_until_polling  # noqa: E402

Message = dict[str, Any]

# Stored phrasings and close variants the bot answers with one entry (action "answer"). Not
# here: "Wie viele Menschen leben im Landkreis?", which the bot asks back about (clarify).
QUESTIONS = (
    "Was ist die Kreisumlage?",
    "Was ist das KEK?",
    "Wie viele Einwohner hat der Landkreis?",
    "Was heißt demografischer Wandel?",
    "Was ist die Zukunftswerkstatt Kommunen?",
    "Was ist digitale Kompetenz?",
    "Wie funktioniert der Breitbandausbau im Landkreis?",
    "Hat der Landkreis Schulden?",
    "Was sind freiwillige Aufgaben?",
    "Warum gibt es das KEK?",
    "Wer hat das KEK erarbeitet?",
    "Wann wurde das KEK beschlossen?",
    "Welche Handlungsfelder hat das KEK?",
    "Was ist eine SWOT-Analyse?",
    "Was ist die 115?",
    "Was ist ein kooperatives Bürgerbüro?",
    "Was ist die Metropolregion Hamburg?",
    "Was ist der Rufbus?",
    "Was ist die Ehrenamtskarte?",
    "Was ist Inklusion?",
)
STAFF_CHAT = -500
STAFF_USER = 900
WARMUP_USER = 1000  # 1000, 1001, ...: one per question
FLOODER = 1999
FIRST_CITIZEN = 2001
REPLY_TIMEOUT = 20.0  # a citizen waits this long for a reply, then asks the next question
START_SPREAD = 0.5  # citizens start within this many seconds, not all in the same millisecond
QUIET_SECONDS = 1.0  # after the run: no bot message for this long ends the wait for stragglers
QUIET_ROUNDS = 10  # ... but at most this many rounds
FLOOD_CITIZENS = 20
FLOOD_INTERVAL = 2.0  # seconds between the questions of one normal citizen
FLOOD_LEAD = 2.0  # normal traffic before the flood starts
FLOOD_MESSAGES = 200
FLOOD_SECONDS = 5.0
FLOOD_TAIL = 5.0  # normal traffic after the flood
FLOOD_TARGET_MS = 200.0
RATE_CAP = 30  # AIORateLimiter's default: messages per second per bot
# What `kek-bot run` needs besides token, API address and database to start with forwarding on.
BOT_ENV = {
    "KEK_BOT_HANDOFF__DEFAULT_CHAT_ID": str(STAFF_CHAT),
    "KEK_BOT_PRIVACY__CONTROLLER": "Landkreis Ludwigslust-Parchim (Lastmessung)",
    "KEK_BOT_PRIVACY__OFFICER": "datenschutz@example.org",
}
# The levels' citizens ask without pause, which KEK-Bot's per-citizen flood guard (production:
# 10 in a row, 30 a minute) would rightly stop: for the levels it is opened wide. The flood
# scenario runs with the production settings.
OPEN_GUARD = {"KEK_BOT_FLOOD__BURST": "1000000", "KEK_BOT_FLOOD__PER_MINUTE": "100000000"}
SLOWER = "Bitte etwas langsamer"  # how KEK-Bot's reply to a flood begins
LOG_ERROR = re.compile(r"\bERROR\b|Traceback")
LOG_START = re.compile(r"^\d{4}-\d\d-\d\d ")  # a new log record (not a traceback line)
NAMES = {"kek": "KEK-Bot", "echo": "echo"}  # command to run -> name in the report


# --- the emulator and what the bot sends ---------------------------------------------------


class TimedEmulator(BotApiEmulator):
    """The emulator, telling the bench the moment each bot message enters its event log, so
    that a waiting citizen wakes at once instead of every waiter rescanning the whole log."""

    def __init__(self, token: str) -> None:
        super().__init__(token)
        self.listener: Callable[[str, int, Message, float], None] | None = None

    def _record_event(self, kind: str, chat: Any, message: Message) -> None:
        super()._record_event(kind, chat, message)
        if self.listener is not None:
            self.listener(kind, int(chat.id), message, time.perf_counter())


@dataclass
class Asked:
    """One question sent by one citizen."""

    chat: int
    question: str
    mark: int  # the emulator's event mark before sending: only later events can answer it
    sent: float  # perf_counter
    replied: float | None = None  # perf_counter of the reply the citizen saw (None: timeout)
    replies: int = 0  # bot messages in the chat that answer this question (event log, at end)


class Citizens:
    """Plays citizens against the emulator and matches the bot's messages to their questions."""

    def __init__(self, emu: TimedEmulator) -> None:
        self.emu = emu
        self.expected: dict[str, str] = {}  # question -> the reply seen in the warm-up
        self.known: set[str] = set()
        self.asked: list[Asked] = []
        self._waiting: dict[int, tuple[Asked, asyncio.Future[None]]] = {}
        emu.listener = self._on_event

    def add(self, user_id: int, name: str) -> None:
        self.emu.add_user(user_id, name)

    def _on_event(self, kind: str, chat_id: int, message: Message, at: float) -> None:
        waiting = self._waiting.get(chat_id)
        if kind != "sent" or waiting is None:
            return
        asked, future = waiting
        text = str(message.get("text", ""))
        # The reply to the waiting question, or a text no question gets (an error, a warning):
        # not a late reply to an earlier question.
        if text == self.expected.get(asked.question) or text not in self.known:
            asked.replied = at
            del self._waiting[chat_id]
            if not future.done():
                future.set_result(None)

    def send(self, chat: int, question: str) -> Asked:
        """Send without waiting (the flooder)."""
        asked = Asked(chat, question, self.emu.mark(), time.perf_counter())
        self.asked.append(asked)
        self.emu.send_text(chat, question)
        return asked

    async def ask(self, chat: int, question: str, timeout: float = REPLY_TIMEOUT) -> Asked:
        """Send a question and wait for the reply (at most `timeout` seconds)."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        asked = Asked(chat, question, self.emu.mark(), time.perf_counter())
        self._waiting[chat] = (asked, future)
        self.asked.append(asked)
        self.emu.send_text(chat, question)
        try:
            await asyncio.wait_for(future, timeout)
        except TimeoutError:
            self._waiting.pop(chat, None)
        return asked

    async def warm_up(self, questions: tuple[str, ...]) -> list[str]:
        """Ask every question once, each from a citizen of its own (so that no flood guard
        counts them); remember the replies. Returns the questions not answered."""
        missing: list[str] = []
        silent = False
        for number, question in enumerate(questions):
            if silent:  # no reply at all within 10 s: the bot is not answering, go on
                missing.append(question)
                continue
            user = WARMUP_USER + number
            self.add(user, "Probe")
            asked = await self.ask(user, question, timeout=10.0)
            events = self.emu.bot_events(user, after=asked.mark)
            text = str(events[0]["message"].get("text", "")) if events else ""
            silent = asked.replied is None
            if silent or not text or text.startswith(SLOWER):
                missing.append(question)
            else:
                self.expected[question] = text
        self.known = set(self.expected.values())
        self.asked = []
        return missing

    async def quiet(self) -> None:
        """Wait until the bot has sent nothing for QUIET_SECONDS (late and doubled replies)."""
        for _ in range(QUIET_ROUNDS):
            mark = self.emu.mark()
            await asyncio.sleep(QUIET_SECONDS)
            if self.emu.mark() == mark:
                return

    def settle(self) -> Counter[str]:
        """Count, from the whole event log, the replies of every question; return the bot's
        other messages in the normal citizens' chats (not the flooder's) by their first words."""
        by_chat: dict[int, list[Asked]] = defaultdict(list)
        for asked in self.asked:
            asked.replies = 0
            by_chat[asked.chat].append(asked)
        other: Counter[str] = Counter()
        for event in self.emu.bot_events():
            chat = event["chat_id"]
            if chat not in by_chat:
                continue
            text = str(event["message"].get("text", ""))
            if event["kind"] != "sent":
                if chat != FLOODER:
                    other[f"<{event['kind']}> {text[:50]}"] += 1
                continue
            match = [a for a in by_chat[chat]
                     if a.mark < event["seq"] and self.expected.get(a.question) == text]
            if match:
                match[-1].replies += 1
            elif chat != FLOODER:
                other[text[:70].replace("\n", " ")] += 1
        return other


# --- the bot process -----------------------------------------------------------------------


@dataclass
class BotProcess:
    process: asyncio.subprocess.Process
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def peak_rss_mib(self) -> float:
        """VmHWM: the most resident memory the process ever had."""
        try:
            status = Path(f"/proc/{self.pid}/status").read_text()
        except OSError:
            return math.nan
        found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
        return int(found.group(1)) / 1024 if found else math.nan

    def cpu_seconds(self) -> float:
        try:
            stat = Path(f"/proc/{self.pid}/stat").read_text()
        except OSError:
            return math.nan
        fields = stat.rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def error_lines(self, limit: int = 30) -> tuple[int, list[str]]:
        """(number of ERROR/Traceback lines, the first records containing one)."""
        lines = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        count = sum(1 for line in lines if LOG_ERROR.search(line))
        shown: list[str] = []
        inside = False
        for line in lines:
            if LOG_START.match(line):
                inside = bool(LOG_ERROR.search(line))
            elif LOG_ERROR.search(line):
                inside = True
            if inside and len(shown) < limit:
                shown.append(line[:200])
        return count, shown


@asynccontextmanager
async def bot_process(bot: str, emu: BotApiEmulator, tmp: Path,
                      extra_env: dict[str, str]) -> AsyncIterator[BotProcess]:
    """`kek-bot run` or the echo bot as its own process, polling the emulator; stopped on exit."""
    log = tmp / f"{bot}.log"
    env = {**os.environ, "KEK_BOT_TOKEN": TOKEN, "KEK_BOT_API_URL": emu.base_url,
           "KEK_BOT_STORAGE__PATH": str(tmp / f"{bot}.sqlite3"), **BOT_ENV, **extra_env}
    env.pop("KEK_BOT_FAULT", None)
    command = ([str(KEK_BOT), "run"] if bot == "kek"
               else [sys.executable, str(ROOT / "bench" / "echo_bot.py")])
    polls = len(emu.calls_of("getUpdates"))
    with log.open("ab") as out:
        process = await asyncio.create_subprocess_exec(
            *command, cwd=ROOT, env=env, stdout=out, stderr=out,
            stdin=asyncio.subprocess.DEVNULL)
    try:
        await wait_until_polling(emu, process, log, polls)
        yield BotProcess(process, log)
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), timeout=15)
            except TimeoutError:
                process.kill()
                await process.wait()


# --- one run -------------------------------------------------------------------------------


@dataclass
class Result:
    bot: str
    citizens: int
    seconds: float
    questions: int = 0
    answered_in_run: int = 0
    latencies: list[float] = field(default_factory=list)  # ms, sorted
    lost: int = 0
    late: int = 0
    doubled: int = 0
    other: Counter[str] = field(default_factory=Counter)
    log_errors: int = 0
    log_lines: list[str] = field(default_factory=list)
    api_errors: list[tuple[str, int, str]] = field(default_factory=list)
    peak_rss: float = math.nan
    bot_cpu: float = math.nan  # % of one core during the run
    bot_cpu_seconds: float = math.nan
    harness_cpu: float = math.nan
    unanswered_warmup: list[str] = field(default_factory=list)
    # flood only
    flood_latencies: list[float] = field(default_factory=list)
    flooder_sent: int = 0
    flooder_replies: Counter[str] = field(default_factory=Counter)

    @property
    def rate(self) -> float:
        return self.answered_in_run / self.seconds

    @property
    def cpu_per_update(self) -> float:
        """The bot's CPU time in ms per message it was sent during the run (flood included)."""
        updates = self.questions + self.flooder_sent
        return 1000 * self.bot_cpu_seconds / updates if updates else math.nan

    def p(self, percent: float, values: list[float] | None = None) -> float:
        return percentile(self.latencies if values is None else values, percent)


def percentile(values: list[float], percent: float) -> float:
    """Nearest-rank percentile of sorted values (nan if there are none)."""
    if not values:
        return math.nan
    return values[max(1, math.ceil(percent / 100 * len(values))) - 1]


Load = Callable[[Citizens, float], Awaitable[None]]


async def measure(bot: str, citizens: int, seconds: float, questions: tuple[str, ...],
                  load: Load, users: list[int],
                  extra_env: dict[str, str]) -> tuple[Result, Citizens]:
    """Start the emulator and the bot, warm up, run `load` from now for `seconds`, collect."""
    result = Result(NAMES[bot], citizens, seconds)
    with tempfile.TemporaryDirectory(prefix="kek-load-") as tmp:
        async with TimedEmulator(TOKEN) as emu:
            emu.add_user(STAFF_USER, "Team")
            emu.add_group(STAFF_CHAT, "Bürgerbüro", [STAFF_USER])
            people = Citizens(emu)
            for user in users:
                people.add(user, f"Bürger{user}")
            async with bot_process(bot, emu, Path(tmp), extra_env) as process:
                result.unanswered_warmup = await people.warm_up(questions)
                cpu0, own0 = process.cpu_seconds(), time.process_time()
                start = time.perf_counter()
                await load(people, start)
                wall = time.perf_counter() - start
                result.bot_cpu_seconds = process.cpu_seconds() - cpu0
                result.bot_cpu = 100 * result.bot_cpu_seconds / wall
                result.harness_cpu = 100 * (time.process_time() - own0) / wall
                await people.quiet()
                result.peak_rss = process.peak_rss_mib()
                other = people.settle()
                end = start + seconds
                normal = [a for a in people.asked if a.chat != FLOODER]
                result.questions = len(normal)
                result.answered_in_run = sum(1 for a in normal
                                             if a.replied is not None and a.replied <= end)
                result.latencies = sorted((a.replied - a.sent) * 1000 for a in normal
                                          if a.replied is not None)
                result.lost = sum(1 for a in normal if a.replies == 0)
                result.late = sum(1 for a in normal if a.replied is None and a.replies > 0)
                result.doubled = sum(a.replies - 1 for a in normal if a.replies > 1)
                result.other = other
                result.api_errors = list(emu.errors)
            result.log_errors, result.log_lines = process.error_lines()
    return result, people


def citizen_ids(count: int) -> list[int]:
    return list(range(FIRST_CITIZEN, FIRST_CITIZEN + count))


async def run_level(bot: str, count: int, seconds: float,
                    questions: tuple[str, ...]) -> Result:
    """`count` citizens, each asking one question after the other without pause."""

    async def citizen(people: Citizens, chat: int, start: float, end: float) -> None:
        order = list(questions)
        random.Random(chat).shuffle(order)
        await asyncio.sleep(max(0.0, start - time.perf_counter()))
        n = 0
        while time.perf_counter() < end:
            await people.ask(chat, order[n % len(order)])
            n += 1

    async def load(people: Citizens, start: float) -> None:
        end = start + seconds
        await asyncio.gather(*(citizen(people, chat, start + START_SPREAD * i / count, end)
                               for i, chat in enumerate(citizen_ids(count))))

    result, _ = await measure(bot, count, seconds, questions, load, citizen_ids(count),
                             OPEN_GUARD)
    return result


async def run_flood(bot: str, questions: tuple[str, ...]) -> Result:
    """FLOOD_CITIZENS citizens at one question every FLOOD_INTERVAL s, one flooder beside."""
    seconds = FLOOD_LEAD + FLOOD_SECONDS + FLOOD_TAIL
    flood_start = flood_end = 0.0

    async def citizen(people: Citizens, chat: int, first: float, end: float) -> None:
        order = list(questions)
        random.Random(chat).shuffle(order)
        due, n = first, 0
        while due < end:
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            await people.ask(chat, order[n % len(order)])
            n += 1
            due += FLOOD_INTERVAL
            while due < time.perf_counter():  # a reply took longer than the interval
                due += FLOOD_INTERVAL

    async def flooder(people: Citizens, start: float) -> None:
        nonlocal flood_start, flood_end
        flood_start = start
        for i in range(FLOOD_MESSAGES):
            await asyncio.sleep(max(0.0, start + i * FLOOD_SECONDS / FLOOD_MESSAGES
                                    - time.perf_counter()))
            people.send(FLOODER, questions[i % len(questions)])
        flood_end = time.perf_counter()

    async def load(people: Citizens, start: float) -> None:
        end = start + seconds
        await asyncio.gather(
            flooder(people, start + FLOOD_LEAD),
            *(citizen(people, chat, start + FLOOD_INTERVAL * i / FLOOD_CITIZENS, end)
              for i, chat in enumerate(citizen_ids(FLOOD_CITIZENS))))

    result, people = await measure(bot, FLOOD_CITIZENS, seconds, questions, load,
                                   [*citizen_ids(FLOOD_CITIZENS), FLOODER], {})
    result.flood_latencies = sorted(
        (a.replied - a.sent) * 1000 for a in people.asked
        if a.chat != FLOODER and a.replied is not None and flood_start <= a.sent <= flood_end)
    flooded = [a for a in people.asked if a.chat == FLOODER]
    result.flooder_sent = len(flooded)
    for event in people.emu.bot_events(FLOODER):
        text = str(event["message"].get("text", ""))
        if event["kind"] != "sent":
            kind = event["kind"]
        elif text.startswith(SLOWER):
            kind = "'" + text[:60].replace("\n", " ") + "'"
        elif text in people.known:
            kind = "answers"
        else:
            kind = "other: '" + text[:50].replace("\n", " ") + "'"
        result.flooder_replies[kind] += 1
    return result


# --- checks and report ---------------------------------------------------------------------


def answered_questions() -> tuple[tuple[str, ...], list[str]]:
    """The questions `kek-bot ask --json` answers with action "answer", and the others."""
    done = subprocess.run([str(KEK_BOT), "ask", "--json", "--batch", "-"], cwd=ROOT,
                          input="\n".join(QUESTIONS) + "\n", capture_output=True, text=True,
                          timeout=120, check=True)
    actions = [json.loads(line)["action"] for line in done.stdout.splitlines() if line.strip()]
    good = tuple(q for q, a in zip(QUESTIONS, actions, strict=True) if a == "answer")
    bad = [f"{q} ({a})" for q, a in zip(QUESTIONS, actions, strict=True) if a != "answer"]
    return good, bad


def fmt(value: float, digits: int = 0) -> str:
    return "-" if math.isnan(value) else f"{value:.{digits}f}"


HEADER = (f"{'citizens':>8}  {'bot':<8}{'questions':>10}{'upd/s':>8}{'p50 ms':>8}{'p95 ms':>8}"
          f"{'p99 ms':>8}{'lost':>6}{'late':>6}{'doubled':>8}{'other':>7}{'log err':>8}"
          f"{'API err':>8}{'RSS MiB':>9}{'bot CPU':>8}{'ms/upd':>7}{'harness':>8}")


def row(r: Result) -> str:
    return (f"{r.citizens:>8}  {r.bot:<8}{r.questions:>10}{r.rate:>8.1f}{fmt(r.p(50)):>8}"
            f"{fmt(r.p(95)):>8}{fmt(r.p(99)):>8}{r.lost:>6}{r.late:>6}{r.doubled:>8}"
            f"{sum(r.other.values()):>7}{r.log_errors:>8}{len(r.api_errors):>8}"
            f"{fmt(r.peak_rss, 1):>9}{fmt(r.bot_cpu):>7}%{fmt(r.cpu_per_update, 2):>7}"
            f"{fmt(r.harness_cpu):>7}%")


def ratio_row(kek: Result, echo: Result) -> str:
    rate = kek.rate / echo.rate if echo.rate else math.nan
    p99 = kek.p(99) / echo.p(99) if echo.p(99) else math.nan
    cpu = kek.cpu_per_update / echo.cpu_per_update if echo.cpu_per_update else math.nan
    left = f"{'':>8}  {'ratio':<8}{'':>10}{fmt(rate, 2):>8}{'':>16}{fmt(p99, 2):>8}"
    return f"{left:<{HEADER.index('ms/upd') - 1}}{fmt(cpu, 2):>7}   (KEK-Bot / echo)"


def details(results: list[Result]) -> list[str]:
    """What to look at: other replies, log errors, API errors, warm-up misses."""
    lines: list[str] = []
    for r in results:
        name = f"{r.bot}, {r.citizens} citizens" + (" (flood)" if r.flooder_sent else "")
        if r.unanswered_warmup:
            lines.append(f"{name}: no reply in the warm-up to {r.unanswered_warmup}")
        for text, count in r.other.most_common(5):
            lines.append(f"{name}: other reply x{count}: {text!r}")
        for method, status, description in r.api_errors[:5]:
            lines.append(f"{name}: API error {method} {status} {description[:120]}")
        if r.log_lines:
            lines.append(f"{name}: {r.log_errors} log lines with ERROR/Traceback, first ones:")
            lines += [f"    {line}" for line in r.log_lines]
    return lines


def report_levels(pairs: list[tuple[Result, Result]], seconds: float) -> None:
    print(f"\nLoad levels: {seconds:.0f} s each; citizens ask one question after the other; "
          f"a reply is waited for {REPLY_TIMEOUT:.0f} s")
    print(HEADER)
    for kek, echo in pairs:
        print(row(kek))
        print(row(echo))
        print(ratio_row(kek, echo))
    print("KEK-Bot's per-citizen flood guard is opened wide for the levels: these citizens ask "
          "without pause.")
    print(f"Rate cap: both bots send through AIORateLimiter ({RATE_CAP} messages/s per bot, as "
          f"Telegram allows), so upd/s cannot exceed about {RATE_CAP} for long.")


def report_flood(results: list[Result]) -> bool:
    print(f"\nFlood: {FLOOD_CITIZENS} citizens ask one question every {FLOOD_INTERVAL:.0f} s "
          f"for {FLOOD_LEAD + FLOOD_SECONDS + FLOOD_TAIL:.0f} s; from second "
          f"{FLOOD_LEAD:.0f} one citizen sends {FLOOD_MESSAGES} messages in "
          f"{FLOOD_SECONDS:.0f} s")
    print(HEADER)
    for r in results:
        print(row(r))
    ok = True
    for r in results:
        during = r.p(99, r.flood_latencies)
        print(f"{r.bot}: normal citizens p99 {fmt(r.p(99))} ms over the run, {fmt(during)} ms "
              f"for the {len(r.flood_latencies)} questions sent during the flood")
        replies = ", ".join(f"{count} {kind}" for kind, count in r.flooder_replies.most_common())
        print(f"{r.bot}: the flooder sent {r.flooder_sent} messages and got "
              f"{sum(r.flooder_replies.values())} replies ({replies or 'none'})")
        if r.bot == "KEK-Bot":
            met = max(r.p(99), during) < FLOOD_TARGET_MS and r.lost == 0
            ok = ok and met
            print(f"KEK-Bot: target p99 < {FLOOD_TARGET_MS:.0f} ms for the normal citizens "
                  f"with the rate limiter on: {'ok' if met else 'MISSED'}")
    print(f"The echo bot has no flood protection: it shows what the rate cap of {RATE_CAP}/s "
          "alone does to the others when every flood message is answered.")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", help="concurrency levels, comma separated "
                        "(default 10,50,200)")
    parser.add_argument("--seconds", type=float, default=15.0,
                        help="length of each load level (default 15)")
    parser.add_argument("--flood", action="store_true", help="run the flood scenario")
    args = parser.parse_args()
    levels = [int(n) for n in (args.citizens or "10,50,200").split(",") if n.strip()]
    run_levels = args.citizens is not None or not args.flood
    run_flood_part = args.flood or args.citizens is None
    if any(n < 1 or n > 1000 for n in levels) or not 1 <= args.seconds <= 600:
        parser.error("citizens must be 1..1000 and seconds 1..600")

    questions, refused = answered_questions()
    print(f"{len(questions)} questions the knowledge base answers (kek-bot ask --json)"
          + (f"; left out, not answered: {refused}" if refused else ""))
    if not questions:
        return 1
    print(f"Machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start "
          "(other busy processes make the slow tail noisy)")
    started = time.perf_counter()
    results: list[Result] = []
    ok = True
    if run_levels:
        pairs = []
        for count in levels:
            kek = asyncio.run(run_level("kek", count, args.seconds, questions))
            echo = asyncio.run(run_level("echo", count, args.seconds, questions))
            pairs.append((kek, echo))
            results += [kek, echo]
            ok = ok and all(r.lost == 0 and r.doubled == 0 for r in (kek, echo))
        report_levels(pairs, args.seconds)
    if run_flood_part:
        flood = [asyncio.run(run_flood(bot, questions)) for bot in ("kek", "echo")]
        results += flood
        ok = report_flood(flood) and ok and all(r.doubled == 0 for r in flood)
    lines = details(results)
    print("\nSuspicious:" if lines else "\nNothing suspicious: no other replies, log errors "
          "or API errors.")
    for line in lines:
        print(f"  {line}")
    print(f"\nTotal time {time.perf_counter() - started:.0f} s; load average "
          f"{os.getloadavg()[0]:.1f} at the end.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
