"""The ticket workflow, without Telegram: consent, town, filing, staff answers, notes, claims,
taking an answer back, reminders, and what happens when a delivery fails for good.

Front ends turn their input into calls on `Workflow` and show the `Response` it returns to the
person who wrote. Everything meant for someone else (staff chats, the citizen after a staff
answer, e-mail) goes into the outbox as a `Delivery` within the same transaction as the change
it belongs to; a delivery worker sends it.

Nothing about a citizen is stored before they agree to forwarding. The consent and town steps
live in memory only (`CitizenState`); a consent button names the question it was shown for.
Without storage (the terminal chat) the workflow shows the same dialogue and stores nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import logging
import re
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot import handoff, texts, texts_easy, texts_en
from bot.actions import (
    Action,
    AskOffice,
    Consent,
    EraseData,
    Feedback,
    Language,
    NoneOfThese,
    Privacy,
    ShowEntry,
    Theme,
    TicketAction,
    encode,
    moves_in_menu,
)
from bot.config import Config
from bot.dialogue import Decision
from bot.engine import Engine, shown_entry
from bot.faults import fault_point
from bot.flood import FloodGuard, Verdict
from bot.handoff import Forwarding, Route
from bot.masking import mask
from bot.replies import Option, Reply, in_language
from bot.storage import (
    NEW,
    OPEN,
    Delivery,
    OutboxItem,
    Storage,
    Ticket,
    find_ticket_number,
    now,
    parse_ticket_number,
    ticket_number,
)

logger = logging.getLogger(__name__)

MISSES_BEFORE_OFFER = 2
TOWN_MAX_WORDS = 3
OFFERS_KEPT = 5  # consent messages per citizen whose buttons still work
CITIZENS_KEPT = 10_000  # dialogue states kept in memory, least recently active dropped first
REMINDERS_PER_CHAT = 3  # reminders queued per staff chat and tick: a backlog is spread out
# Bot messages in staff chats whose reply is read as an answer to the ticket they name, even
# when their link was lost (a copy sent again after a crash).
TICKET_MESSAGE = re.compile(
    r"^(Neue Frage|Erinnerung: Die Frage|Ergänzung zu|Achtung: [^\n]{0,60}? zu) LUP-[0-9]+")
STAFF_ROLES = ("staff_ticket", "staff_note")
MAX_EDIT = 4000  # a claimed note fits into the ticket message up to this length
BUTTON_COST = 0.5  # browsing the menus is quick clicking, not a flood


@dataclass(frozen=True)
class Response:
    """What the person who wrote gets back at once."""

    replies: tuple[Reply, ...] = ()
    edit: bool = False  # the first reply replaces the menu message whose button was pressed
    toast: str | None = None  # a short notice on the pressed button
    ends: bool = False  # the citizen said "stopp": the terminal chat ends here


@dataclass
class AwaitingTown:
    """The citizen agreed to forwarding; the question waits for the town."""

    offer: int
    question: str
    ticket_id: int | None  # None without storage
    since: dt.datetime


@dataclass
class CitizenState:
    last_question: str | None = None
    last_entry: str | None = None
    misses: int = 0
    want_office: bool = False  # asked for the Bürgerbüro before writing a question
    offers: dict[int, str] = field(default_factory=dict)  # consent shown: offer -> question
    filed: dict[int, str] = field(default_factory=dict)  # offer -> ticket number
    town: AwaitingTown | None = None
    choice: tuple[Action, Action] | None = None  # what a typed "ja" / "nein" would press
    recalled: bool = False  # looked for a question stored before a restart
    language: str | None = None  # "de", "easy" or "en" (None: not looked up yet)
    logged: int | None = None  # the question log row of the last question (no identifier)
    logged_entry: str | None = None  # the entry it was answered with


def lane(chat_id: int) -> str:
    return f"chat:{chat_id}"


def message(chat_id: int, reply: Reply, ticket: Ticket | None = None,
            link: str | None = None) -> Delivery:
    """A message for the outbox; `link` records its sent parts as belonging to the ticket."""
    payload: dict[str, Any] = {"text": reply.text,
                               "options": [[o.label, encode(o.action)] for o in reply.options],
                               "link": link}
    return Delivery(lane(chat_id), "message", payload, ticket.id if ticket else None,
                    ticket.citizen_chat_id if ticket else None)


class Workflow:
    """The forwarding dialogue of all citizens and staff chats."""

    def __init__(self, config: Config, engine: Engine, storage: Storage | None,
                 wake: Callable[[], None] = lambda: None, log_questions: bool = False) -> None:
        self.config = config
        # The question log is kept only by `kek-bot run` (never by ask or chat), if switched on.
        self.log_questions = log_questions and storage is not None
        self.engine = engine
        self.storage = storage
        self.forwarding = Forwarding(config, lambda: engine.kb)
        self.wake = wake
        self.flood = FloodGuard(config.flood_burst, config.flood_per_minute)
        self._citizens: OrderedDict[int, CitizenState] = OrderedDict()
        # Offer numbers start from the clock, so a button from before a restart never names
        # an offer made after it.
        self._offers = itertools.count(int(time.time() * 1000) % 10**9)

    @property
    def enabled(self) -> bool:
        """Whether questions can be forwarded: staff chats are configured, or this is the
        terminal's dry run without storage."""
        return self.storage is None or self.forwarding.enabled

    def state(self, chat_id: int) -> CitizenState:
        state = self._citizens.pop(chat_id, None) or CitizenState()
        self._citizens[chat_id] = state
        while len(self._citizens) > CITIZENS_KEPT:
            self._citizens.popitem(last=False)
        return state

    def forget(self, chat_id: int) -> None:
        self._citizens.pop(chat_id, None)

    # --- citizens -----------------------------------------------------------------------------

    async def citizen_text(self, chat_id: int, text: str, reply_to: int | None = None,
                           private: bool = True) -> Response:
        """A citizen's message: a town, a follow-up, or a question for the engine."""
        slowed = self._slowed(chat_id, 1.0)
        if slowed is not None:
            return await self._in_chosen_language(chat_id, slowed)
        response = await self._citizen_text(chat_id, text, reply_to, private)
        return await self._in_chosen_language(chat_id, self._remember_choice(chat_id, response))

    async def _citizen_text(self, chat_id: int, text: str, reply_to: int | None,
                            private: bool) -> Response:
        state = self.state(chat_id)
        if private and self.enabled and not state.recalled and self.storage is not None:
            # The first message after a restart: a question still waiting for its town (stored
            # at "Ja") takes this answer.
            state.recalled = True
            waiting = await self.storage.waiting_ticket(chat_id) if state.town is None else None
            if waiting is not None and waiting.offer is not None:
                state.town = AwaitingTown(waiting.offer, waiting.question, waiting.id,
                                          waiting.created_at)
        forwarding = private and self.enabled
        before: tuple[Reply, ...] = ()
        if forwarding and state.town is not None:
            if self._is_town(state.town, text):
                return await self._file(chat_id, state, text.strip()[:100])
            # Not a town: the question goes without one, and the text is a new message.
            before = (await self._file(chat_id, state, None)).replies
        if forwarding and reply_to is not None and self.storage is not None:
            ticket = await self.storage.ticket_by_message(chat_id, reply_to, ("confirmation",))
            if ticket is not None:
                return await self._follow_up(ticket, text)
        if forwarding and state.want_office:
            return self._offer(state, text)
        language = await self.language_of(chat_id)
        decision, reply = self.engine.ask(text, state.last_entry, language)
        if decision.action == "smalltalk" and decision.reason in ("yes", "no") and state.choice:
            # A typed "ja" or "nein" continues the choice just offered.
            chosen = state.choice[0 if decision.reason == "yes" else 1]
            return _after(before, await self._citizen_press(chat_id, chosen, private))
        if decision.action == "smalltalk" and decision.reason == "stop":
            return Response((*before, reply), ends=True)
        await self._log(state, text, decision)
        if decision.action in ("answer", "clarify", "handoff") and decision.reason != "person":
            state.last_question = text
        if decision.entry is not None:
            state.last_entry = decision.entry.id
        # Written in English without choosing English: the offices' contacts, no forwarding.
        english_only = decision.english and language != "en"
        if decision.action == "handoff" and forwarding and not english_only:
            if decision.reason == "person":
                return _after(before, self._ask_for_office(state, reply.text))
            themes = tuple(o for o in reply.options if isinstance(o.action, Theme))
            if themes:  # not understood: the nearest themes, then the offer to forward
                return _after((*before, Reply(reply.text, themes)), self._offer(state, text))
            return _after(before, self._offer(state, text, reply.text))
        return Response((*before, reply))

    async def citizen_press(self, chat_id: int, action: Action | None,
                            private: bool = True) -> Response:
        """A citizen pressed a button (or chose an option in the terminal)."""
        slowed = self._slowed(chat_id, BUTTON_COST)
        if slowed is not None:
            return await self._in_chosen_language(chat_id, slowed)
        response = await self._citizen_press(chat_id, action, private)
        return await self._in_chosen_language(chat_id, self._remember_choice(chat_id, response))

    async def _in_chosen_language(self, chat_id: int, response: Response,
                                  language: str | None = None) -> Response:
        """The response's fixed texts and buttons in the citizen's language (`language` when it
        was read before the choice was deleted)."""
        language = language or await self.language_of(chat_id)
        if language == "de":
            return response
        replies_ = tuple(in_language(r, language) for r in response.replies)
        return Response(replies_, response.edit, response.toast, response.ends)

    async def in_chosen_language(self, chat_id: int, reply: Reply) -> Reply:
        """A command's fixed reply (/start, /hilfe ...) in the language the citizen chose."""
        return in_language(reply, await self.language_of(chat_id))

    def _remember_choice(self, chat_id: int, response: Response) -> Response:
        """Remember what a typed "ja" or "nein" would choose after this response: the consent
        question, or a single "Meinen Sie diese Frage?". Never a deletion."""
        state = self.state(chat_id)
        options = response.replies[-1].options if response.replies else ()
        actions = [o.action for o in options]
        consent = [a for a in actions if isinstance(a, Consent) and a.answer in ("yes", "no")]
        entries = [a for a in actions if isinstance(a, ShowEntry) and a.verb == "entry"]
        if len(consent) == 2:
            state.choice = (consent[0], consent[1])
        elif len(entries) == 1 and NoneOfThese() in actions:
            state.choice = (entries[0], NoneOfThese())
        elif response.replies:
            state.choice = None
        return response

    async def _citizen_press(self, chat_id: int, action: Action | None,
                             private: bool) -> Response:
        state = self.state(chat_id)
        await self._log_press(state, action)
        forwarding = private and self.enabled
        if isinstance(action, Privacy):
            return self.privacy(await self.language_of(chat_id))
        if isinstance(action, Language):
            return await self.choose_language(chat_id, action.code)
        if isinstance(action, EraseData):
            if action.confirmed and private:
                return await self.delete_data(chat_id)
            return Response((Reply(texts.DELETE_KEPT),))
        if isinstance(action, Consent):
            if not forwarding:
                return Response((Reply(texts.CONSENT_EXPIRED),))
            return await self._consent(chat_id, state, action)
        if forwarding and isinstance(action, AskOffice) and not action.english:
            return self._ask_for_office(state)
        if forwarding and (isinstance(action, NoneOfThese)
                           or action == ShowEntry("down", getattr(action, "entry_id", ""))):
            state.misses += 1
            if state.misses >= MISSES_BEFORE_OFFER:
                return self._ask_for_office(state, texts.MISSES_OFFER)
        if isinstance(action, ShowEntry) and action.verb == "up":
            state.misses = 0
        shown = shown_entry(action)
        if shown is not None:
            state.last_entry = shown
        language = await self.language_of(chat_id)
        return Response((self.engine.act(action, language),), edit=moves_in_menu(action))

    async def _log(self, state: CitizenState, text: str, decision: Decision) -> None:
        """Log a question that reached the matcher, masked: no chat id, no name, the hour only.
        Smalltalk, requests for a person and emergencies are not logged."""
        state.logged, state.logged_entry = None, None
        if not self.log_questions or self.storage is None or decision.action == "smalltalk" \
                or decision.reason in ("person", "urgent"):
            return
        candidates = [(m.entry.id, m.score) for m in decision.candidates[:3]]
        entry = decision.entry.id if decision.entry is not None else None
        state.logged = await self.storage.log_question(
            mask(text), decision.action, decision.reason, candidates, entry,
            "en" if decision.english else "de")
        state.logged_entry = entry

    async def _log_press(self, state: CitizenState, action: Action | None) -> None:
        """A choice after "Meinen Sie ...?", or feedback on an answer, into the log."""
        if not self.log_questions or self.storage is None:
            return
        if isinstance(action, ShowEntry) and action.verb in ("entry", "english") and state.logged:
            await self.storage.log_choice(state.logged, action.entry_id)
            state.logged_entry = action.entry_id
        elif isinstance(action, NoneOfThese) and state.logged:
            await self.storage.log_choice(state.logged, "none")
        elif isinstance(action, ShowEntry) and action.verb in ("up", "down"):
            row = state.logged if state.logged_entry == action.entry_id else None
            await self.storage.log_feedback(row, action.entry_id, action.verb)
        elif isinstance(action, Feedback):
            row = state.logged if state.logged_entry == action.entry_id else None
            await self.storage.log_feedback(row, action.entry_id, action.reason, action.reason)

    def _slowed(self, chat_id: int, cost: float) -> Response | None:
        """None if the citizen may go on; else the one "slow down", or nothing at all."""
        verdict = self.flood.check(chat_id, cost)
        if verdict is Verdict.OK:
            return None
        return Response((Reply(texts.SLOW_DOWN),) if verdict is Verdict.WARN else ())

    def _ask_for_office(self, state: CitizenState, before: str = "") -> Response:
        """The citizen wants a person: offer to forward the last question, or ask for one."""
        if state.last_question:
            return self._offer(state, state.last_question, before)
        state.want_office = True
        return Response((Reply(texts.WRITE_QUESTION_FIRST),))

    def _offer(self, state: CitizenState, question: str, before: str = "") -> Response:
        """Ask for consent to forward `question`; the buttons name this offer."""
        offer = next(self._offers)
        state.offers[offer] = question
        while len(state.offers) > OFFERS_KEPT:
            del state.offers[next(iter(state.offers))]
        state.misses, state.want_office = 0, False
        text = self.forwarding.consent_text(question, state.language or "de")
        options = (Option(texts.BUTTON_CONSENT_YES, Consent("yes", offer)),
                   Option(texts.BUTTON_CONSENT_NO, Consent("no", offer)),
                   Option(texts.BUTTON_PRIVACY, Privacy()))
        return Response((Reply(f"{before}\n\n{text}" if before else text, options),))

    async def _consent(self, chat_id: int, state: CitizenState, action: Consent) -> Response:
        await self._recall(chat_id, state, action.offer)
        waiting = state.town if state.town and state.town.offer == action.offer else None
        if action.offer in state.filed:
            number = state.filed[action.offer]
            return Response((Reply(texts.ALREADY_FORWARDED.format(number=number)),))
        if action.answer == "no":
            state.offers.pop(action.offer, None)
            if waiting is not None:  # "Nein" after "Ja", before the town: forward nothing
                state.town = None
                if self.storage is not None and waiting.ticket_id is not None:
                    await self.storage.drop_new_ticket(waiting.ticket_id)
            return Response((Reply(texts.CONSENT_DECLINED),))
        if action.answer == "skip":
            if waiting is None:
                return Response((Reply(texts.CONSENT_EXPIRED),))
            return await self._file(chat_id, state, None)
        if waiting is not None:  # "Ja" pressed twice: ask for the town again
            return Response((Reply(texts.TOWN_QUESTION, self._skip(waiting.offer)),))
        question = state.offers.pop(action.offer, None)
        if question is None:  # shown before a restart, or too many offers ago
            return Response((Reply(texts.CONSENT_EXPIRED),))
        before: tuple[Reply, ...] = ()
        if state.town is not None:  # another question still waits for its town: send it now
            before = (await self._file(chat_id, state, None)).replies
        ticket_id = None
        if self.storage is not None:
            route = self.forwarding.route(None)
            ticket = await self.storage.new_ticket(chat_id, question, route.office_id,
                                                   route.chat_id, action.offer)
            ticket_id = ticket.id
        state.town = AwaitingTown(action.offer, question, ticket_id, now())
        return _after(before, Response((Reply(texts.TOWN_QUESTION, self._skip(action.offer)),)))

    async def _recall(self, chat_id: int, state: CitizenState, offer: int) -> None:
        """After a restart the dialogue state is gone, the ticket made at "Ja" is not: a button
        of that consent finds it again, so that the citizen is never asked to send a question
        again that is already stored (and would then go to staff twice)."""
        if self.storage is None or offer in state.filed or (
                state.town is not None and state.town.offer == offer):
            return
        ticket = await self.storage.ticket_by_offer(chat_id, offer)
        if ticket is None:
            return
        if ticket.status == NEW and state.town is None:
            state.town = AwaitingTown(offer, ticket.question, ticket.id, ticket.created_at)
        elif ticket.status != NEW:
            state.filed[offer] = ticket.number

    @staticmethod
    def _skip(offer: int) -> tuple[Option, ...]:
        return (Option(texts.BUTTON_SKIP, Consent("skip", offer)),)

    def _is_town(self, waiting: AwaitingTown, text: str) -> bool:
        """A short answer without "?" that the engine does not answer, within the time."""
        if now() - waiting.since > dt.timedelta(minutes=self.config.town_minutes):
            return False
        if "?" in text or len(text.split()) > TOWN_MAX_WORDS or not text.strip():
            return False
        return self.engine.decide(text).action not in ("answer", "smalltalk")

    async def _file(self, chat_id: int, state: CitizenState, town: str | None) -> Response:
        """Send the waiting question to the office serving `town`."""
        waiting = state.town
        assert waiting is not None
        state.town, state.misses = None, 0
        route = self.forwarding.route(town)
        if self.storage is None or waiting.ticket_id is None:
            text = texts.DRY_RUN_FORWARD.format(office=route.office_name)
            return Response((Reply(text),))
        language = await self.language_of(chat_id)
        ticket = await self.storage.file_ticket(
            waiting.ticket_id, town, route.office_id, route.chat_id,
            lambda t: self._filing_deliveries(t, route, language))
        fault_point("after_ticket_commit")
        if ticket is not None:
            state.filed[waiting.offer] = ticket.number
            self.wake()
        return Response()  # the confirmation comes through the outbox, after the commit

    def _filing_deliveries(self, ticket: Ticket, route: Route,
                           language: str) -> list[Delivery]:
        deliveries = [self._staff_ticket(ticket, route),
                      self._confirmation(ticket, route, language)]
        email = self._email(ticket, route)
        return deliveries + ([email] if email else [])

    def _staff_ticket(self, ticket: Ticket, route: Route) -> Delivery:
        staff_text = handoff.staff_message(ticket, route.office_name)
        claim = (Option(texts.BUTTON_CLAIM, TicketAction("claim", ticket.id)),)
        return message(ticket.staff_chat_id, Reply(staff_text, claim), ticket, "staff_ticket")

    def _confirmation(self, ticket: Ticket, route: Route, language: str) -> Delivery:
        confirmation = self.forwarding.confirmation(ticket, route, now(), language)
        return message(ticket.citizen_chat_id, Reply(confirmation), ticket, "confirmation")

    def _email(self, ticket: Ticket, route: Route, to: str | None = None) -> Delivery | None:
        to = to or self.config.office_emails.get(route.office_id)
        if not to or not self.config.smtp_host or not self.config.smtp_sender:
            return None
        payload = {"to": to, "subject": f"Neue Frage {ticket.number} über KEK-Bot",
                   "text": handoff.staff_message(ticket, route.office_name)}
        return Delivery("mail", "email", payload, ticket.id, ticket.citizen_chat_id)

    async def upgrade_legacy_outbox(self) -> int:
        """Deliveries queued by version 1 (no lanes, texts made at sending) get their lane and
        text, so that an update loses nothing; the number upgraded."""
        if self.storage is None:
            return 0
        items = await self.storage.legacy_items()
        for item in items:
            ticket = await self.storage.ticket(item.ticket_id) if item.ticket_id else None
            language = await self.language_of(ticket.citizen_chat_id) if ticket else "de"
            await self.storage.replace_legacy(item.id, self._legacy(item, ticket, language))
        return len(items)

    def _legacy(self, item: OutboxItem, ticket: Ticket | None,
                language: str) -> Delivery | None:
        payload = item.payload
        if item.kind == "staff_note":
            return message(int(payload["chat_id"]), Reply(str(payload["text"])), ticket,
                           "staff_note")
        if ticket is None:
            return None  # the citizen's data was deleted: nothing left to deliver
        route = self.forwarding.route_for(ticket.office_id)
        if item.kind == "staff_ticket":
            return self._staff_ticket(ticket, route)
        if item.kind == "citizen_confirm":
            return self._confirmation(ticket, route, language)
        if item.kind == "citizen_answer":
            return message(ticket.citizen_chat_id, Reply(str(payload["text"])), ticket, "answer")
        if item.kind == "email":
            return self._email(ticket, route, str(payload.get("to", "")))
        return None

    async def _follow_up(self, ticket: Ticket, text: str) -> Response:
        if ticket.status != OPEN or self.storage is None:
            return Response((Reply(texts.FOLLOW_UP_CLOSED.format(number=ticket.number)),))
        note = texts.STAFF_FOLLOW_UP.format(number=ticket.number, text=text)
        await self.storage.add_message(
            ticket.id, "citizen", text,
            [message(ticket.staff_chat_id, Reply(note), ticket, "staff_note")])
        self.wake()
        return Response((Reply(texts.FOLLOW_UP_ADDED.format(number=ticket.number)),))

    async def my_tickets(self, chat_id: int) -> Response:
        """/meine_fragen: the citizen's questions to the Bürgerbüro and their state."""
        language = await self.language_of(chat_id)
        tickets = await self.storage.tickets_of(chat_id) if self.storage else []
        lines = [handoff.ticket_line(t, language) for t in tickets]
        reply = (Reply("\n\n".join([texts.MY_TICKETS_INTRO, *lines])) if tickets
                 else Reply(texts.MY_TICKETS_NONE))
        return await self._in_chosen_language(chat_id, Response((reply,)), language)

    async def language_of(self, chat_id: int) -> str:
        """"de", "easy" or "en": what the citizen chose with /sprache or /einfach (read from
        storage once per chat, then kept in the dialogue state)."""
        state = self.state(chat_id)
        if state.language is None:
            state.language = (await self.storage.language(chat_id)
                              if self.storage is not None else "de")
        return state.language

    async def _easy(self, chat_id: int) -> bool:
        return await self.language_of(chat_id) == "easy"

    async def toggle_easy(self, chat_id: int) -> Response:
        """/einfach: Leichte Sprache on or off. Stored (by chat id) only while it is on."""
        return await self.choose_language(chat_id, "de" if await self._easy(chat_id) else "easy")

    async def choose_language(self, chat_id: int, language: str) -> Response:
        """German, Leichte Sprache or English; anything but German is stored by chat id, like
        /einfach, and deleted by /loeschen."""
        was_easy = await self._easy(chat_id)
        if self.storage is not None:
            await self.storage.set_language(chat_id, language)
        self.state(chat_id).language = language
        text = {"easy": texts_easy.ON, "en": texts_en.LANGUAGE_SET}.get(
            language, texts_easy.OFF if was_easy else texts.LANGUAGE_GERMAN)
        return Response((Reply(text),))

    def language_menu(self) -> Response:
        options = tuple(Option(label, Language(code))  # type: ignore[arg-type]
                        for code, label in texts.LANGUAGE_BUTTONS.items())
        return Response((Reply(texts.LANGUAGE_CHOOSE, options),))

    def privacy(self, language: str = "de") -> Response:
        return Response((Reply(self.forwarding.privacy_notice(language)),))

    async def delete_request(self, chat_id: int) -> Response:
        """/loeschen asks first: deleting cannot be undone."""
        options = (Option(texts.BUTTON_DELETE_YES, EraseData(True)),
                   Option(texts.BUTTON_DELETE_NO, EraseData(False)))
        return await self._in_chosen_language(chat_id, Response((Reply(texts.DELETE_CONFIRM,
                                                                          options),)))

    async def delete_data(self, chat_id: int) -> Response:
        """Delete everything stored about this citizen, their dialogue state, and (as far as
        Telegram allows) the bot's messages about them in staff chats. Said in the language
        chosen before, which is deleted with the rest."""
        language = await self.language_of(chat_id)
        count = 0
        if self.storage is not None:
            count = await self.storage.delete_citizen(chat_id, _removals)
            self.wake()
        self.forget(chat_id)
        done = Response((Reply(texts.DELETED.format(count=count)),))
        return await self._in_chosen_language(chat_id, done, language)

    async def expire(self) -> int:
        """Retention: delete every ticket older than the period; staff hear of open ones."""
        if self.storage is None:
            return 0
        days = self.config.retention_days

        def notice(ticket: Ticket) -> list[Delivery]:
            text = texts.STAFF_EXPIRED.format(number=ticket.number, days=days)
            return [message(ticket.staff_chat_id, Reply(text))]

        count = await self.storage.expire(days, notice)
        self.wake()
        forgotten = await self.storage.expire_log(self.config.log_retention_days)
        if forgotten:
            logger.info("%d Fragen aus dem Fragen-Protokoll nach Ablauf der Frist gelöscht.",
                        forgotten)
        return count

    # --- staff --------------------------------------------------------------------------------

    async def staff_text(self, chat_id: int, author: str, text: str, reply_to: int | None,
                         reply_to_text: str = "") -> None:
        """A message addressed to the bot in a staff chat: an answer or a note to the ticket it
        replies to. Staff chats never get answers from the engine."""
        ticket = await self._replied_ticket(chat_id, reply_to, reply_to_text)
        if ticket is None:
            await self.post(chat_id, Reply(texts.STAFF_NOT_A_TICKET))
            return
        if text.lower().startswith(texts.INTERNAL_MARK):
            await self._note(chat_id, ticket, author, text)
            return
        await self.answer(chat_id, ticket.id, text)

    async def _replied_ticket(self, chat_id: int, reply_to: int | None,
                              reply_to_text: str) -> Ticket | None:
        if reply_to is None or self.storage is None:
            return None
        ticket = await self.storage.ticket_by_message(chat_id, reply_to, STAFF_ROLES)
        if ticket is None and TICKET_MESSAGE.match(reply_to_text):
            number = find_ticket_number(reply_to_text)
            ticket = await self.storage.ticket(number) if number is not None else None
        return ticket

    async def _note(self, chat_id: int, ticket: Ticket, author: str, text: str) -> None:
        assert self.storage is not None
        saved = Reply(texts.STAFF_NOTE_SAVED.format(number=ticket.number))
        await self.storage.add_message(ticket.id, "intern", f"{author}: {text}",
                                       [message(chat_id, saved)])
        self.wake()

    async def answer_command(self, chat_id: int, args: Sequence[str]) -> None:
        """/antwort LUP-0042 text"""
        ticket_id = parse_ticket_number(args[0]) if args else None
        text = " ".join(args[1:]).strip()
        if ticket_id is None or not text:
            await self.post(chat_id, Reply(texts.STAFF_ANSWER_USAGE))
            return
        await self.answer(chat_id, ticket_id, text)

    async def answer(self, chat_id: int, ticket_id: int, text: str) -> None:
        """Carry a staff answer to the citizen; tell the staff chat `chat_id` what happened."""
        assert self.storage is not None
        found = await self.storage.ticket(ticket_id)
        if found is None:
            number = ticket_number(ticket_id)
            await self.post(chat_id, Reply(texts.STAFF_TICKET_UNKNOWN.format(number=number)))
            return
        office = self.forwarding.route_for(found.office_id).office_name
        language = await self.language_of(found.citizen_chat_id)

        def deliveries(ticket: Ticket) -> list[Delivery]:
            answer = in_language(Reply(handoff.answer_for_citizen(ticket, office, text)),
                                 language)
            receipt = texts.STAFF_ANSWER_SENT.format(number=ticket.number,
                                                     minutes=_minutes(self.config.undo_minutes))
            undo = (Option(texts.BUTTON_UNDO, TicketAction("undo", ticket.id)),
                    Option(texts.BUTTON_ADOPT, TicketAction("adopt", ticket.id)))
            return [message(ticket.citizen_chat_id, answer, ticket, "answer"),
                    message(chat_id, Reply(receipt, undo), ticket)]

        if await self.storage.answer(ticket_id, text, deliveries) is None:
            await self.post(chat_id, Reply(texts.STAFF_TICKET_CLOSED.format(number=found.number)))
            return
        self.wake()

    async def staff_press(self, chat_id: int, author: str, action: TicketAction,
                          message_id: int, message_text: str) -> str | None:
        """Staff pressed a ticket button; the notice shown on the button."""
        if self.storage is None:
            return None
        if action.verb == "claim":
            return await self._claim(chat_id, author, action.ticket_id, message_id, message_text)
        if action.verb == "adopt":
            return None  # the Telegram layer drafts the entry (bot/install.py) off the handler
        return await self._undo(chat_id, action.ticket_id)

    async def _claim(self, chat_id: int, author: str, ticket_id: int, message_id: int,
                     message_text: str) -> str:
        assert self.storage is not None
        claimed = texts.STAFF_CLAIMED.format(name=author)

        def deliveries(ticket: Ticket) -> list[Delivery]:
            text = f"{message_text}\n\n{claimed}"
            if len(text) > MAX_EDIT:  # the last part of a long question: say it below it
                text = message_text
                note = Reply(f"{ticket.number}: {claimed}")
                return [Delivery(lane(chat_id), "edit", {"message_id": message_id, "text": text,
                                                         "options": []},
                                 ticket.id, ticket.citizen_chat_id),
                        message(chat_id, note, ticket, "staff_note")]
            edit = {"message_id": message_id, "text": text, "options": []}
            return [Delivery(lane(chat_id), "edit", edit, ticket.id, ticket.citizen_chat_id)]

        if await self.storage.claim(ticket_id, author, deliveries) is None:
            return texts.STAFF_ALREADY_CLAIMED
        self.wake()
        return claimed

    async def _undo(self, chat_id: int, ticket_id: int) -> str:
        assert self.storage is not None
        minutes = self.config.undo_minutes
        since = now() - dt.timedelta(minutes=minutes)
        found = await self.storage.ticket(ticket_id)
        language = await self.language_of(found.citizen_chat_id) if found else "de"

        def deliveries(ticket: Ticket, sent: list[tuple[int, int]]) -> list[Delivery]:
            removals = [Delivery(lane(chat), "delete", {"message_id": message_id}, ticket.id,
                                 ticket.citizen_chat_id) for chat, message_id in sent]
            withdrawn = in_language(Reply(texts.CITIZEN_ANSWER_WITHDRAWN.format(
                number=ticket.number)), language)
            undone = texts.STAFF_UNDONE.format(number=ticket.number)
            return [*removals, message(ticket.citizen_chat_id, withdrawn, ticket),
                    message(chat_id, Reply(undone), ticket)]

        if await self.storage.reopen(ticket_id, since, deliveries) is None:
            return texts.STAFF_UNDO_TOO_LATE.format(minutes=_minutes(minutes))
        self.wake()
        return texts.STAFF_UNDONE.format(number=ticket_number(ticket_id))

    async def open_tickets(self, chat_id: int) -> None:
        """/offen: open tickets of this staff chat (of all, elsewhere), oldest first, and the
        deliveries that failed for good."""
        assert self.storage is not None
        chats = [chat_id] if chat_id in self.config.handoff_chats else None
        tickets = await self.storage.open_tickets(chats)
        moment = now()
        blocks = ([texts.STAFF_OPEN_INTRO, *(handoff.open_line(t, moment) for t in tickets)]
                  if tickets else [texts.STAFF_OPEN_NONE])
        failed = await self.storage.failed()
        lines = []
        for item in failed[:20]:
            ticket = await self.storage.ticket(item.ticket_id) if item.ticket_id else None
            if ticket is not None and (chats is None or ticket.staff_chat_id in chats):
                lines.append(texts.STAFF_FAILED_LINE.format(
                    number=ticket.number, what=_what(item.kind, item.link),
                    reason=item.last_error))
        if lines:
            blocks += [texts.STAFF_FAILED_INTRO, *lines]
        await self.post(chat_id, Reply("\n\n".join(blocks)))

    async def post(self, chat_id: int, reply: Reply) -> None:
        """A message into a staff chat, through the outbox: handlers never wait for a group."""
        if self.storage is not None:
            await self.storage.enqueue([message(chat_id, reply)])
            self.wake()

    # --- periodic work and delivery outcomes --------------------------------------------------

    async def tick(self) -> None:
        """File questions whose town never came, and queue reminders."""
        if self.storage is None:
            return
        limit = now() - dt.timedelta(minutes=self.config.town_minutes)
        route = self.forwarding.route(None)
        for ticket in await self.storage.new_tickets_before(limit):
            deliveries = functools.partial(self._filing_deliveries, route=route,
                                           language=await self.language_of(ticket.citizen_chat_id))
            await self.storage.file_ticket(ticket.id, None, route.office_id, route.chat_id,
                                           deliveries)
        await self._queue_reminders()

    async def _queue_reminders(self) -> None:
        assert self.storage is not None
        moment = now()
        limit = dt.timedelta(hours=self.config.reminder_hours)
        queued: dict[int, int] = {}
        for ticket in await self.storage.open_tickets():
            last = ticket.reminded_at or ticket.created_at
            if moment - last < limit or queued.get(ticket.staff_chat_id, 0) >= REMINDERS_PER_CHAT:
                continue
            queued[ticket.staff_chat_id] = queued.get(ticket.staff_chat_id, 0) + 1
            hours = int((moment - ticket.created_at).total_seconds() // 3600)
            text = texts.STAFF_REMINDER.format(number=ticket.number, hours=hours,
                                               question=ticket.question)
            await self.storage.mark_reminded(
                ticket.id, [message(ticket.staff_chat_id, Reply(text), ticket, "staff_note")])
        if queued:
            self.wake()

    async def delivery_failed(self, item: OutboxItem, reason: str) -> None:
        """Give a delivery up for good and tell staff in a chat that works."""
        assert self.storage is not None
        notices: list[Delivery] = []
        ticket = await self.storage.ticket(item.ticket_id) if item.ticket_id else None
        target = self._notice_chat(item, ticket)
        if ticket is not None and target is not None:
            what = _what(item.kind, item.payload.get("link"))
            text = texts.STAFF_DELIVERY_FAILED.format(what=what, number=ticket.number,
                                                      reason=reason)
            if item.payload.get("link") == "staff_ticket":  # the question itself, elsewhere
                text += "\n\n" + item.payload["text"]
            notices.append(message(target, Reply(text), ticket, "staff_note"))
        else:
            logger.error("Zustellung %s (%s) endgültig gescheitert: %s", item.id, item.lane,
                         reason)
        await self.storage.fail(item.id, reason, notices)
        if notices:
            self.wake()

    def _notice_chat(self, item: OutboxItem, ticket: Ticket | None) -> int | None:
        """The staff chat to tell about a failed delivery: the ticket's, unless that is the
        one that failed, then another handoff chat. None for notices and receipts in staff
        chats (nobody else to tell), or if no other chat exists."""
        if ticket is None or (item.kind == "message" and item.payload.get("link") is None):
            return None
        for chat in (ticket.staff_chat_id, self.config.default_chat_id,
                     *sorted(self.config.handoff_chats)):
            if chat and lane(chat) != item.lane:
                return chat
        return None


def forwarding_problem(config: Config, engine: Engine) -> str | None:
    """One sentence naming a handoff setting that does not fit the knowledge base, or None."""
    return Forwarding(config, lambda: engine.kb).check_config()


def _removals(messages: list[tuple[int, int]]) -> list[Delivery]:
    """Best-effort removal of the bot's messages about a citizen from staff chats (Telegram
    allows it for 48 hours); these carry no personal data themselves."""
    return [Delivery(lane(chat), "delete", {"message_id": message_id, "best_effort": True})
            for chat, message_id in messages]


def _after(before: tuple[Reply, ...], response: Response) -> Response:
    return Response((*before, *response.replies), response.edit, response.toast)


def _what(kind: str, link: object) -> str:
    key = kind if kind in ("email", "delete") else str(link or "note")
    return texts.DELIVERY_WHAT.get(key, texts.DELIVERY_WHAT["note"])


def _minutes(value: float) -> str:
    return f"{value:g}"

