"""Bounded SIGKILL storm: is a forwarded question ever lost when the bot dies at random moments?

    .venv/bin/python bench/storm.py [--kills 30] [--citizens 40] [--seed 1] [--window [N]]
                                    [--time-limit 240] [--keep]

What runs, all on 127.0.0.1: the Bot API emulator (tests/botapi_emulator.py) in this process, one
staff group (chat -500, the default handoff chat) and the real `kek-bot run` process. Citizens
ask "Wie backe ich Brot Nummer <i>?", press "Ja, bitte weiterleiten" and "Überspringen"; staff
reply to every "Neue Frage LUP-…" they see. Meanwhile the bot is killed with SIGKILL 0.2–1.5 s
after each start reached the Bot API (its startup, about 1.3 s of imports and loading the
knowledge base, does not count: a kill there hits nothing) and started again at once. Updates
sent while it is down wait in the emulator. With --window, N more runs start with
KEK_BOT_FAULT=after_send: that bot dies right after Telegram confirmed a send and before the
outbox recorded it, the one moment in which a message may go out twice (README, "Never lost").
After the last kill the bot runs on until the outbox is empty and every ticket is answered, then
the emulator's event log and the SQLite file are read. Stops by itself within --time-limit.

How to read the figures (a "ticket" is a LUP number):
- lost: tickets filed in the database, confirmed to a citizen or shown to staff whose ticket
  message, confirmation or answer (after the staff receipt "Die Antwort zu LUP-x ist
  gespeichert", or status "answered" in the database) never arrived. Anything but 0 is a bug in
  the bot; the exit code is then 1, as it is when a run ended by itself (a crash) or the bot did
  not settle within the time limit: then the figures cannot vouch for anything.
- doubles: extra copies of one ticket message, confirmation, answer or receipt, by how the run
  that sent the copy before ended. After window kills they are expected: the message sent just
  before the fault goes out again ("window kills followed by a double"; not counted if that
  was a message of another kind), and so may a send another lane had in flight at that moment.
  After random kills they mean a kill happened to hit that window; after "no kill" they are a
  bug.
- repeats: a citizen step without any reaction for 8 s is done again (a staff reply without
  receipt after 10 s). "update still waiting" means the bot was down or busy; "update taken by
  the bot" means it had fetched the update (getUpdates confirms it with the next poll) and died
  before its reply went out, or before acting on it at all. A staff reply "without any effect"
  got neither a receipt nor "schon beantwortet": the bot took it and never saved the answer.
  Consent and town wait in memory only, so a press after a restart gets "Diese Anfrage ist nicht
  mehr offen" and the citizen asks again; the ticket whose "Überspringen" was lost is filed
  by the town timeout (set to 12 s here), so such a citizen holds two tickets.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import logging
import os
import random
import re
import shutil
import signal
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import texts  # noqa: E402
from bot.storage import ticket_number  # noqa: E402
from tests.botapi_emulator import BotApiEmulator  # noqa: E402
from tests.e2e import KEK_BOT, PRIVACY, TOKEN, button_data  # noqa: E402

Message = dict[str, Any]

STAFF_CHAT = -500
STAFF_USER = 900
FIRST_CITIZEN = 1001
KILL_AFTER = (0.2, 1.5)  # seconds between a start reaching the Bot API and the SIGKILL
STEP_SECONDS = 8.0  # a citizen repeats a step that got no reaction for this long
THINK = (0.1, 1.0)  # seconds a citizen takes to read before pressing a button
STAFF_RETRY_SECONDS = 10.0  # staff reply again to a ticket without receipt after this long
WINDOW_WAIT_SECONDS = 10.0  # a window run that sends nothing for this long is killed at random
BOT_ENV = {
    "KEK_BOT_HANDOFF__DEFAULT_CHAT_ID": str(STAFF_CHAT),
    "KEK_BOT_HANDOFF__OUTBOX_SECONDS": "0.2",
    "KEK_BOT_HANDOFF__RETRY_SECONDS": "0.2",
    "KEK_BOT_HANDOFF__RETRY_MAX_SECONDS": "1",
    # Tickets whose "Überspringen" was lost in a restart are filed by the timeout, within the run.
    "KEK_BOT_HANDOFF__TOWN_MINUTES": "0.2",
}
KINDS = ("ticket message", "confirmation", "answer", "receipt")
ENDS = ("random kill", "window kill", "no kill")


def number_pattern(template: str) -> re.Pattern[str]:
    """The start of a bot text up to its ticket number, with the number as group 1."""
    head = template[: template.index("{number}")]
    return re.compile(".*?".join(re.escape(p) for p in re.split(r"\{\w+\}", head)) + r"(LUP-\d+)")


PATTERNS = {
    "ticket message": number_pattern(texts.STAFF_TICKET),
    "confirmation": number_pattern(texts.CONFIRMATION),
    "answer": number_pattern(texts.ANSWER_TO_CITIZEN),
    "receipt": number_pattern(texts.STAFF_ANSWER_SENT),
}
CLOSED = number_pattern(texts.STAFF_TICKET_CLOSED)
NOT_A_TICKET = texts.STAFF_NOT_A_TICKET.split(".")[0]  # "Diese Nachricht gehört zu keiner ..."


def classify(event: Message) -> tuple[str, str] | None:
    """(kind, ticket number) of a sent ticket message, confirmation, answer or receipt."""
    if event["kind"] != "sent":
        return None
    text = event["message"].get("text", "")
    staff = event["chat_id"] == STAFF_CHAT
    for kind in ("ticket message", "receipt") if staff else ("confirmation", "answer"):
        found = PATTERNS[kind].match(text)
        if found:
            return kind, found.group(1)
    return None


def text_of(message: Message) -> str:
    return str(message.get("text", ""))


def update_key(update: Message) -> str:
    """The key `Workload.say` and `Workload.press` give the update they cause."""
    if "callback_query" in update:
        return "press " + str(update["callback_query"]["id"])
    message = update.get("message") or {}
    return f"message {message.get('chat', {}).get('id')}:{message.get('message_id')}"


def has_button(label: str) -> Callable[[Message], bool]:
    return lambda m: label in BotApiEmulator.button_texts(m)


# --- the bot process -----------------------------------------------------------------------


@dataclass
class Run:
    """One life of the bot process: the emulator events after its start, and how it ended."""

    fault: bool
    first_seq: int
    last_seq: float = float("inf")
    end: str = "no kill"  # "random kill", "window kill", "no kill", "crash"
    startup: float | None = None  # seconds from spawn to its first Bot API call


class BotProcess:
    """Starts `kek-bot run` against the emulator, kills it, starts it again."""

    def __init__(self, emu: BotApiEmulator, tmp: Path) -> None:
        self.emu = emu
        self.log = tmp / "bot.log"
        self.env = {**os.environ, "KEK_BOT_TOKEN": TOKEN, "KEK_BOT_API_URL": emu.base_url,
                    "KEK_BOT_STORAGE__PATH": str(tmp / "kek.sqlite3"), **PRIVACY, **BOT_ENV}
        self.env.pop("KEK_BOT_FAULT", None)
        self.runs: list[Run] = []
        self.process: asyncio.subprocess.Process | None = None

    async def start(self, fault: bool = False) -> Run:
        """Spawn the bot; return once it called the Bot API (or died trying)."""
        env = {**self.env, "KEK_BOT_FAULT": "after_send"} if fault else self.env
        run = Run(fault, self.emu.mark())
        self.runs.append(run)
        with self.log.open("a", encoding="utf-8") as out:
            out.write(f"===== run {len(self.runs)}{' KEK_BOT_FAULT=after_send' * fault} =====\n")
        calls = len(self.emu.calls)
        spawned = time.monotonic()
        with self.log.open("ab") as out:
            self.process = await asyncio.create_subprocess_exec(
                str(KEK_BOT), "run", cwd=ROOT, env=env, stdout=out, stderr=out,
                stdin=asyncio.subprocess.DEVNULL)
        while len(self.emu.calls) == calls and time.monotonic() - spawned < 30:
            if self.process.returncode is not None:
                break
            await asyncio.sleep(0.01)
        if len(self.emu.calls) > calls:
            run.startup = time.monotonic() - spawned
        return run

    async def exits_within(self, seconds: float) -> bool:
        assert self.process is not None
        try:
            await asyncio.wait_for(self.process.wait(), seconds)
        except TimeoutError:
            return False
        return True

    async def kill(self) -> None:
        """SIGKILL now, or note how the process ended by itself (the fault point, a crash)."""
        assert self.process is not None
        run = self.runs[-1]
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGKILL)
            run.end = "random kill"
        elif run.fault and self.process.returncode == -signal.SIGKILL:
            run.end = "window kill"
        else:
            run.end = "crash"
        await self.process.wait()
        await asyncio.sleep(0.05)  # requests the dead process had in flight are logged by now
        run.last_seq = self.emu.mark()

    async def stop(self) -> None:
        """Graceful stop of the last run (SIGTERM, as systemd does)."""
        if self.process is None or self.process.returncode is not None:
            return
        self.process.terminate()
        if not await self.exits_within(15):
            self.process.kill()
            await self.process.wait()

    def log_of(self, run: int) -> str:
        """The last lines the bot logged in run `run` (counted from 1)."""
        text = self.log.read_text(encoding="utf-8", errors="replace")
        part = text.split(f"===== run {run}", 1)[-1].split("===== run ", 1)[0]
        return "\n".join(part.splitlines()[1:][-12:])

    def run_of(self, seq: int) -> int:
        """The index of the run during which the emulator logged event `seq`."""
        return max(bisect.bisect_left([r.first_seq for r in self.runs], seq) - 1, 0)

    def end_of(self, seq: int) -> str:
        """How the run that caused emulator event `seq` ended."""
        end = self.runs[self.run_of(seq)].end
        return end if end in ENDS else "no kill"


def kill_plan(kills: int, window: int) -> list[bool]:
    """`kills` random kills with `window` fault runs spread among them (True = fault run)."""
    plan = [False] * kills
    for j in range(window, 0, -1):
        plan.insert(round(j * kills / (window + 1)), True)
    return plan


class StartFailed(Exception):
    """The bot ended before it ever called the Bot API (a configuration error, say)."""


async def storm(bot: BotProcess, plan: list[bool], rng: random.Random, deadline: float) -> None:
    for fault in plan:
        if time.monotonic() > deadline:
            return
        run = await bot.start(fault)
        if run.startup is None:
            raise StartFailed(bot.log_of(len(bot.runs)))
        await bot.exits_within(WINDOW_WAIT_SECONDS if fault else rng.uniform(*KILL_AFTER))
        await bot.kill()


# --- citizens and staff ----------------------------------------------------------------------


@dataclass
class Tally:
    tries: int = 0  # questions asked, first ones included
    # citizen steps without reaction for STEP_SECONDS: "waiting" if the update was still in the
    # emulator, else (the bot had taken it) by step: "question", "Ja ...", "Überspringen"
    repeats: Counter[str] = field(default_factory=Counter)
    expired: int = 0  # "Diese Anfrage ist nicht mehr offen"
    staff_replies: int = 0
    staff_repeats: int = 0
    misrouted: int = 0  # "Diese Nachricht gehört zu keiner offenen Frage"
    closed: int = 0  # "Die Frage LUP-x ist schon beantwortet"


@dataclass
class Workload:
    emu: BotApiEmulator
    rng: random.Random
    tally: Tally = field(default_factory=Tally)
    ticket_messages: dict[str, Message] = field(default_factory=dict)  # number -> newest copy
    replied: dict[str, float] = field(default_factory=dict)  # number -> time of last reply
    done: set[str] = field(default_factory=set)  # numbers with a receipt or "schon beantwortet"
    staff_seen: int = 0

    def confirmed(self, chat: int) -> bool:
        return any(PATTERNS["confirmation"].match(text_of(m)) for m in self.emu.bot_messages(chat))

    async def citizen(self, chat: int, delay: float, deadline: float) -> None:
        await asyncio.sleep(delay)
        question = f"Wie backe ich Brot Nummer {chat - FIRST_CITIZEN + 1}?"
        while not self.confirmed(chat) and time.monotonic() < deadline:
            self.tally.tries += 1
            await self.one_try(chat, question)

    async def one_try(self, chat: int, question: str) -> None:
        """Question, "Ja", "Überspringen"; returns early when a step gets no usable reaction."""
        confirmation = PATTERNS["confirmation"].match
        consent = await self.step(chat, "question", self.say(chat, question),
                                  lambda m: has_button(texts.BUTTON_CONSENT_YES)(m)
                                  or bool(confirmation(text_of(m))))
        if consent is None or confirmation(text_of(consent)):
            return
        yes = texts.BUTTON_CONSENT_YES
        town = await self.step(chat, yes, self.press(chat, consent, yes),
                               lambda m: has_button(texts.BUTTON_SKIP)(m)
                               or texts.CONSENT_EXPIRED in text_of(m))
        if town is None or not has_button(texts.BUTTON_SKIP)(town):
            return
        skip = texts.BUTTON_SKIP
        await self.step(chat, skip, self.press(chat, town, skip),
                        lambda m: bool(confirmation(text_of(m)))
                        or texts.CONSENT_EXPIRED in text_of(m))

    def say(self, chat: int, text: str) -> Callable[[], str]:
        """Sending `text`, returning the key of its update."""
        return lambda: f"message {chat}:{self.emu.send_text(chat, text)['message_id']}"

    def press(self, chat: int, message: Message, label: str) -> Callable[[], str]:
        """Pressing a button, returning the key of its update."""
        return lambda: "press " + self.emu.press_button(chat, message, button_data(message, label))

    async def step(self, chat: int, name: str, act: Callable[[], str],
                   wanted: Callable[[Message], bool]) -> Message | None:
        """Do `act`, wait for a bot message in `chat` that is `wanted`; None after a timeout."""
        await asyncio.sleep(self.rng.uniform(*THINK))
        mark = self.emu.mark()
        try:
            key = act()
        except AssertionError:  # the button is gone
            return None
        try:
            found = await self.emu.wait_for_bot_message(chat, wanted, STEP_SECONDS, mark)
        except TimeoutError:
            waiting = key in {update_key(u) for u in self.emu.pending_updates()}
            self.tally.repeats["waiting" if waiting else name] += 1
            return None
        if texts.CONSENT_EXPIRED in text_of(found):
            self.tally.expired += 1
        return found

    async def staff(self) -> None:
        """Reply to every ticket message once, and again if no receipt comes."""
        while True:
            for event in self.emu.bot_events(STAFF_CHAT, after=self.staff_seen):
                self.staff_seen = event["seq"]
                self.staff_saw(event)
            self.staff_reply()
            await asyncio.sleep(0.1)

    def staff_saw(self, event: Message) -> None:
        text = text_of(event["message"])
        found = classify(event)
        closed = CLOSED.match(text)
        if found and found[0] == "ticket message":
            self.ticket_messages[found[1]] = event["message"]
        elif found:  # a receipt
            self.done.add(found[1])
        elif closed:
            self.done.add(closed.group(1))
            self.tally.closed += 1
        elif text.startswith(NOT_A_TICKET):
            self.tally.misrouted += 1

    def staff_reply(self) -> None:
        moment = time.monotonic()
        for number, message in self.ticket_messages.items():
            last = self.replied.get(number)
            if number in self.done or (last and moment - last < STAFF_RETRY_SECONDS):
                continue
            if last:
                self.tally.staff_repeats += 1
            self.tally.staff_replies += 1
            self.replied[number] = moment
            self.emu.send_text(STAFF_USER, f"Mit Sauerteig (für {number}).", chat_id=STAFF_CHAT,
                               reply_to=message)

    def all_answered(self) -> bool:
        return set(self.ticket_messages) <= self.done


# --- settling and reading the results ---------------------------------------------------------


def query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    if not db.exists():
        return []
    with sqlite3.connect(db, timeout=5) as connection:
        return list(connection.execute(sql))


def unfinished(db: Path) -> int:
    """Deliveries still to go out plus tickets still waiting for their town."""
    rows = query(db, "SELECT (SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at "
                     "IS NULL) + (SELECT COUNT(*) FROM tickets WHERE status = 'new')")
    return int(rows[0][0]) if rows else 0


async def settle(emu: BotApiEmulator, work: Workload, citizens: list[asyncio.Task[None]],
                 db: Path, deadline: float) -> bool:
    """Wait until nothing is left to do (twice in a row, 0.5 s apart), or until `deadline`."""
    quiet = 0
    while time.monotonic() < deadline:
        idle = (all(t.done() for t in citizens) and not emu.pending_updates()
                and work.all_answered() and unfinished(db) == 0)
        quiet = quiet + 1 if idle else 0
        if quiet >= 2:
            return True
        await asyncio.sleep(0.5)
    return False


@dataclass
class Result:
    copies: dict[tuple[str, str], list[int]]  # (kind, number) -> seqs of the sent copies
    filed: set[str]  # open or answered in the database
    answered_db: set[str]
    pending: int
    failed: int
    wrong_answers: int

    def numbers(self, kind: str) -> set[str]:
        return {number for k, number in self.copies if k == kind}

    def lost(self) -> dict[str, set[str]]:
        shown, confirmed = self.numbers("ticket message"), self.numbers("confirmation")
        return {
            "never shown to staff": (self.filed | confirmed) - shown,
            "confirmation never came": (self.filed | shown) - confirmed,
            "answer saved, never came":
                (self.numbers("receipt") | self.answered_db) - self.numbers("answer"),
        }

    def doubles(self, bot: BotProcess) -> Counter[tuple[str, str]]:
        """(kind, end of the run that sent the copy before) -> extra copies."""
        counted: Counter[tuple[str, str]] = Counter()
        for (kind, _), seqs in self.copies.items():
            for seq in seqs[:-1]:
                counted[kind, bot.end_of(seq)] += 1
        return counted


def read_result(emu: BotApiEmulator, db: Path) -> Result:
    copies: dict[tuple[str, str], list[int]] = {}
    answers: list[tuple[int, str, str]] = []
    for event in emu.bot_events():
        found = classify(event)
        if found:
            copies.setdefault(found, []).append(event["seq"])
            if found[0] == "answer":
                answers.append((event["chat_id"], found[1], text_of(event["message"])))
    tickets = query(db, "SELECT id, status, citizen_chat_id FROM tickets")
    number = {row[0]: ticket_number(row[0]) for row in tickets}
    chat_of = {number[row[0]]: int(row[2]) for row in tickets}
    wrong = sum(1 for chat, n, text in answers
                if f"(für {n})" not in text or chat_of.get(n, chat) != chat)
    outbox = query(db, "SELECT COUNT(*) FILTER (WHERE sent_at IS NULL AND failed_at IS NULL), "
                       "COUNT(*) FILTER (WHERE failed_at IS NOT NULL) FROM outbox")
    pending, failed = outbox[0] if outbox else (0, 0)
    return Result(copies, {number[r[0]] for r in tickets if r[1] in ("open", "answered")},
                  {number[r[0]] for r in tickets if r[1] == "answered"},
                  int(pending or 0), int(failed or 0), wrong)


def window_kills_with_doubles(bot: BotProcess, result: Result) -> tuple[int, int]:
    """Window kills, and how many of them sent the first copy of a double."""
    kills = [i for i, run in enumerate(bot.runs) if run.end == "window kill"]
    origins = {bot.run_of(seq) for seqs in result.copies.values() for seq in seqs[:-1]}
    return len(kills), len(origins.intersection(kills))


def explain(number: str, emu: BotApiEmulator, bot: BotProcess, db: Path) -> list[str]:
    """What the emulator and the database know about one lost ticket."""
    ticket_id = int(number.removeprefix("LUP-"))
    lines = [f"  {number}:"]
    for event in emu.bot_events():
        if number in text_of(event["message"]):
            lines.append(f"    emulator #{event['seq']} {event['kind']} in chat "
                         f"{event['chat_id']} (run {bot.run_of(event['seq']) + 1}, "
                         f"{bot.end_of(event['seq'])}): "
                         f"{text_of(event['message'])[:60]!r}")
    for row in query(db, f"SELECT status, citizen_chat_id FROM tickets WHERE id = {ticket_id}"):
        lines.append(f"    database: status {row[0]}, citizen chat {row[1]}")
    for row in query(db, "SELECT id, lane, kind, attempts, parts_sent, sent_at, failed_at, "
                         f"last_error FROM outbox "
                         f"WHERE ticket_id = {ticket_id}"):
        lines.append(f"    outbox {row[0]} {row[1]} {row[2]}: attempts {row[3]}, parts "
                     f"{row[4]}, sent {row[5]}, failed {row[6]}, error {row[7]!r}")
    return lines


def log_problems(log: Path) -> list[str]:
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines() if log.exists() else []
    return [line for line in lines if " ERROR " in line or line.startswith("Traceback")]


def row(label: str, value: object) -> None:
    print(f"  {label:<40} {value}")


def report(args: argparse.Namespace, emu: BotApiEmulator, bot: BotProcess, work: Workload,
           result: Result, times: tuple[float, float, bool]) -> int:
    """Print the table; return the exit code (1 if anything was lost)."""
    wall, storm_time, settled = times
    ends = Counter(run.end for run in bot.runs)
    missed = sum(1 for run in bot.runs if run.fault and run.end == "random kill")
    startups = [run.startup for run in bot.runs if run.startup is not None]
    tally, lost = work.tally, result.lost()
    citizens = sum(work.confirmed(FIRST_CITIZEN + i) for i in range(args.citizens))
    print(f"KEK-Bot SIGKILL storm: seed {args.seed}, {args.citizens} citizens, "
          f"{args.kills} random kills, {args.window} window kills planned")
    row("wall time", f"{wall:.1f} s (storm {storm_time:.1f} s, then "
                     f"{'settled' if settled else 'did NOT settle within the time limit'})")
    row("bot runs", f"{len(bot.runs)} (spawn to first API call "
                    f"{sum(startups) / max(len(startups), 1):.1f} s on average)")
    row("kills", f"{ends['random kill']} random, {ends['window kill']} window, "
                 f"{ends['crash']} crashes")
    if missed:
        row("  window runs that sent nothing (killed)", missed)
    row("questions asked by citizens", tally.tries)
    repeats = tally.repeats
    row(f"  steps repeated after {STEP_SECONDS:.0f} s, no reaction", repeats.total())
    row("    update still waiting in the emulator", repeats["waiting"])
    taken = ", ".join(f"{step} {repeats[step]}" for step in
                      ("question", texts.BUTTON_CONSENT_YES, texts.BUTTON_SKIP))
    row("    update taken by the bot", taken)
    row("  'Diese Anfrage ist nicht mehr offen'", tally.expired)
    row("citizens with a confirmation", f"{citizens} / {args.citizens}")
    row("tickets confirmed to citizens", len(result.numbers("confirmation")))
    row("tickets shown in the staff chat", len(result.numbers("ticket message")))
    row("tickets answered (receipt seen)", len(result.numbers("receipt")))
    row("answers that reached the citizen", len(result.numbers("answer")))
    for kind, numbers in lost.items():
        row(f"lost: {kind}", f"{len(numbers)} {' '.join(sorted(numbers))}".rstrip())
    doubles = result.doubles(bot)
    print(f"  {'doubles, by how the run before ended':<40} " + "  ".join(f"{e:>11}" for e in ENDS))
    for kind in KINDS:
        print(f"    {kind:<38} " + "  ".join(f"{doubles[kind, e]:>11}" for e in ENDS))
    kills, doubled = window_kills_with_doubles(bot, result)
    if kills:
        row("window kills followed by a double", f"{doubled} of {kills}")
    row("staff replies", tally.staff_replies)
    row(f"  repeated after {STAFF_RETRY_SECONDS:.0f} s without receipt", tally.staff_repeats)
    row("  got the receipt", len(result.numbers("receipt")))
    # A reply handled again after a restart (Telegram hands unconfirmed updates over again)
    # gets "schon beantwortet" besides its receipt, so the difference below is a lower bound.
    row("  got 'schon beantwortet'", tally.closed)
    row("  misrouted ('keiner offenen Frage')", tally.misrouted)
    ignored = tally.staff_replies - len(result.numbers("receipt")) - tally.closed - tally.misrouted
    row("  without any effect (update dropped)", max(0, ignored))
    row("answers naming another ticket or chat", result.wrong_answers)
    row("outbox at the end", f"{result.pending} pending, {result.failed} failed")
    problems = log_problems(bot.log)
    row("bot log", f"{len(problems)} ERROR lines or tracebacks")
    missing = sorted(set().union(*lost.values()))
    row("result", verdict(missing, result.wrong_answers, ends["crash"], settled))
    for number in missing:
        print("\n".join(explain(number, emu, bot, bot.log.parent / "kek.sqlite3")))
    for index, run in enumerate(bot.runs, start=1):
        if run.end == "crash":
            print(f"  run {index} ended by itself; its last log lines:")
            print("    " + bot.log_of(index).replace("\n", "\n    "))
    if problems:
        print("  bot log, errors:", *problems[:20], sep="\n    ")
    return 0 if verdict(missing, result.wrong_answers, ends["crash"], settled) == "OK" else 1


def verdict(missing: list[str], wrong: int, crashes: int, settled: bool) -> str:
    """OK only if nothing was lost or misdelivered, and the run itself went as planned."""
    if missing or wrong:
        return f"FAILED: {len(missing)} tickets lost, {wrong} answers misdelivered"
    if crashes or not settled:
        return (f"INCONCLUSIVE: {crashes} runs ended by themselves, "
                f"{'settled' if settled else 'not settled'}")
    return "OK"


async def bench(args: argparse.Namespace, tmp: Path) -> int:
    started = time.monotonic()
    limit = started + args.time_limit
    db = tmp / "kek.sqlite3"
    async with BotApiEmulator(TOKEN) as emu:
        emu.add_user(STAFF_USER, "Sachbearbeitung")
        emu.add_group(STAFF_CHAT, "Bürgerbüro Team", [STAFF_USER])
        chats = [FIRST_CITIZEN + i for i in range(args.citizens)]
        for chat in chats:
            emu.add_user(chat, f"Bürger {chat}")
        bot, work = BotProcess(emu, tmp), Workload(emu, random.Random(args.seed + 1))
        plan = kill_plan(args.kills, args.window)
        gap = 1.5 * len(plan) / max(len(chats), 1)  # citizens start over most of the storm
        citizens = [asyncio.create_task(work.citizen(chat, i * gap, limit - 25))
                    for i, chat in enumerate(chats)]
        staff = asyncio.create_task(work.staff())
        try:
            await storm(bot, plan, random.Random(args.seed), started + 0.6 * args.time_limit)
            storm_time = time.monotonic() - started
            if (await bot.start()).startup is None:
                raise StartFailed(bot.log_of(len(bot.runs)))
            settled = await settle(emu, work, citizens, db, limit - 15)
        finally:
            await bot.stop()
            for task in (*citizens, staff):
                task.cancel()
            await asyncio.gather(*citizens, staff, return_exceptions=True)
        times = (time.monotonic() - started, storm_time, settled)
        return report(args, emu, bot, work, read_result(emu, db), times)


def parse(argv: Iterable[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--kills", type=int, default=30, help="random SIGKILLs (default 30)")
    parser.add_argument("--citizens", type=int, default=40, help="citizens (default 40)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the kill delays")
    parser.add_argument("--window", type=int, nargs="?", const=4, default=0, metavar="N",
                        help="add N kills at KEK_BOT_FAULT=after_send (4 if N is left out)")
    parser.add_argument("--time-limit", type=float, default=240.0,
                        help="hard limit in seconds for the whole run (default 240)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary folder with bot.log and the database")
    return parser.parse_args(None if argv is None else list(argv))


def main() -> int:
    args = parse()
    # A killed bot leaves half-sent requests behind; aiohttp would log a traceback for each.
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)
    tmp = Path(tempfile.mkdtemp(prefix="kek-storm-"))
    code = 1
    try:
        code = asyncio.run(bench(args, tmp))
    except StartFailed as exc:
        print(f"kek-bot ended before it called the Bot API; its log:\n{exc}")
    finally:
        if args.keep or code:
            print(f"  bot log and database kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
