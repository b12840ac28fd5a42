"""Forwarding questions to a Bürgerbüro: routing, expected answer times and every text around a
ticket. Plain Python: the Telegram adapter sends what this module composes, storage keeps it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot import texts
from bot.config import Config
from bot.knowledge import Contact, KnowledgeBase
from bot.matcher import find_towns
from bot.storage import Ticket

BERLIN = ZoneInfo("Europe/Berlin")
STATUS = {"open": "offen", "answered": "beantwortet", "closed": "abgeschlossen"}


@dataclass(frozen=True)
class Route:
    office_id: str
    office_name: str
    chat_id: int
    contact: Contact | None


class Forwarding:
    """Which staff chat gets a question, and what the citizen is told about it."""

    def __init__(self, config: Config, knowledge: Callable[[], KnowledgeBase]) -> None:
        self.config = config
        self._knowledge = knowledge

    @property
    def kb(self) -> KnowledgeBase:
        """The knowledge base being served right now (it can be reloaded)."""
        return self._knowledge()

    @property
    def enabled(self) -> bool:
        return bool(self.config.handoff_chats)

    def check_config(self) -> str | None:
        """One sentence naming a handoff setting that does not fit the knowledge base."""
        known = self.kb.contacts
        if self.enabled and self.config.default_office not in known:
            return (f"Einstellung 'handoff.default_office': einen Kontakt "
                    f"'{self.config.default_office}' gibt es in der Wissensbasis nicht.")
        unknown = sorted(set(self.config.office_chats) - set(known))
        if unknown:
            return (f"Einstellung 'handoff.office_chats': einen Kontakt '{unknown[0]}' gibt es "
                    "in der Wissensbasis nicht.")
        return None

    def route(self, town: str | None) -> Route:
        """The Bürgerbüro serving `town` (fuzzy), else the configured default office."""
        office_id = self.config.default_office
        if town:
            names = {c.id: [c.town, *c.serves] for c in self.kb.contacts.values()}
            found = find_towns(town, names)
            if found:
                office_id = found[0]
        return self.route_for(office_id)

    def route_for(self, office_id: str) -> Route:
        contact = self.kb.contacts.get(office_id)
        chat_id = self.config.office_chats.get(office_id, self.config.default_chat_id)
        if not chat_id:  # the serving office has no chat of its own and there is no default
            chat_id = next(iter(sorted(self.config.handoff_chats)))
        name = contact.name if contact else texts.DEFAULT_OFFICE_NAME
        return Route(office_id, name, chat_id, contact)

    def consent_text(self, question: str) -> str:
        return texts.CONSENT.format(question=shorten(question, 300),
                                    days=self.config.retention_days)

    def confirmation(self, ticket: Ticket, route: Route, moment: dt.datetime) -> str:
        lines = [texts.CONFIRMATION.format(number=ticket.number, office=route.office_name),
                 expected_answer(route.contact, self.config.answer_days, moment)]
        alternatives = contact_alternatives(route.contact)
        if alternatives:
            lines.append(alternatives)
        lines.append(texts.CONFIRMATION_FOLLOW_UP)
        return "\n\n".join(lines)


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def expected_answer(contact: Contact | None, days: int, moment: dt.datetime) -> str:
    """When an answer can usually be expected, honest about opening hours."""
    usual = texts.ANSWER_USUALLY.format(days=days)
    if contact is None or not contact.hours:
        return f"{usual} {texts.HOURS_UNKNOWN}"
    local = moment.astimezone(BERLIN)
    opening = next_opening(contact, local)
    if opening is None or opening <= local:
        return usual
    day = texts.WEEKDAY_NAMES[("mo", "di", "mi", "do", "fr", "sa", "so")[opening.weekday()]]
    when = "heute" if opening.date() == local.date() else f"am {day}"
    return f"{texts.OFFICE_CLOSED.format(when=when, time=texts.clock(opening.time()))} {usual}"


def next_opening(contact: Contact, local: dt.datetime) -> dt.datetime | None:
    """`local` itself if the office is open now, else the start of its next opening time."""
    codes = ("mo", "di", "mi", "do", "fr", "sa", "so")
    for offset in range(8):
        day = local.date() + dt.timedelta(days=offset)
        today = [s for s in (contact.hours or ()) if codes[day.weekday()] in s.days]
        for slot in sorted(today, key=lambda s: s.opens):
            start = dt.datetime.combine(day, slot.opens, BERLIN)
            end = dt.datetime.combine(day, slot.closes, BERLIN)
            if start <= local < end:
                return local
            if local < start:
                return start
    return None


def contact_alternatives(contact: Contact | None) -> str:
    if contact is None:
        return texts.ALTERNATIVE_115
    parts = []
    if contact.phone:
        parts.append(f"Telefon {contact.phone}")
    if contact.email:
        parts.append(f"E-Mail {contact.email}")
    if not parts:
        return texts.ALTERNATIVE_115
    return texts.ALTERNATIVES.format(ways=" oder ".join(parts))


def staff_message(ticket: Ticket, office_name: str) -> str:
    local = ticket.created_at.astimezone(BERLIN)
    return texts.STAFF_TICKET.format(
        number=ticket.number, office=office_name, town=ticket.town or texts.TOWN_NOT_GIVEN,
        time=f"{local:%d.%m.%Y, %H:%M} Uhr", question=ticket.question,
    )


def answer_for_citizen(ticket: Ticket, office_name: str, answer: str) -> str:
    return texts.ANSWER_TO_CITIZEN.format(office=office_name, number=ticket.number,
                                          question=shorten(ticket.question, 200), answer=answer)


def ticket_line(ticket: Ticket) -> str:
    local = ticket.created_at.astimezone(BERLIN)
    return (f"{ticket.number} vom {local:%d.%m.%Y}: {STATUS.get(ticket.status, ticket.status)}"
            f" – {shorten(ticket.question, 80)}")


def open_line(ticket: Ticket, moment: dt.datetime) -> str:
    hours = int((moment - ticket.created_at).total_seconds() // 3600)
    claimed = f", übernommen von {ticket.claimed_by}" if ticket.claimed_by else ""
    town = ticket.town or texts.TOWN_NOT_GIVEN
    return (f"{ticket.number} (seit {hours} Stunden, Ort: {town}{claimed}): "
            f"{shorten(ticket.question, 100)}")
