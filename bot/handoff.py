"""Forwarding questions to a Bürgerbüro: routing, expected answer times and every text around a
ticket. Plain Python: the Telegram adapter sends what this module composes, storage keeps it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import holidays

from bot import texts, translate
from bot.config import Config
from bot.knowledge import WEEKDAYS, Contact, KnowledgeBase
from bot.matcher import contacts_serving
from bot.storage import Ticket

BERLIN = ZoneInfo("Europe/Berlin")
# Public holidays of Mecklenburg-Vorpommern (Reformationstag, Frauentag ...), any year.
HOLIDAYS = holidays.country_holidays("DE", subdiv="MV")


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
        for setting, value in (("privacy.controller", self.config.privacy_controller),
                               ("privacy.officer", self.config.privacy_officer)):
            if self.enabled and not value:
                return (f"Einstellung '{setting}' fehlt: sie ist für den Datenschutz-Hinweis "
                        "nötig, sobald Fragen weitergeleitet werden (handoff.*_chat*).")
        unknown = sorted(set(self.config.office_chats) - set(known))
        if unknown:
            return (f"Einstellung 'handoff.office_chats': einen Kontakt '{unknown[0]}' gibt es "
                    "in der Wissensbasis nicht.")
        return None

    def route(self, town: str | None) -> Route:
        """The Bürgerbüro serving `town` (fuzzy), else the configured default office."""
        found = contacts_serving(self.kb, town) if town else []
        return self.route_for(found[0].id if found else self.config.default_office)

    def route_for(self, office_id: str) -> Route:
        contact = self.kb.contacts.get(office_id)
        # Without a chat of its own and without a default chat, any staff chat will do.
        chat_id = (self.config.office_chats.get(office_id, self.config.default_chat_id)
                   or min(self.config.handoff_chats, default=0))
        name = contact.name if contact else texts.DEFAULT_OFFICE_NAME
        return Route(office_id, name, chat_id, contact)

    def consent_text(self, question: str, language: str = "de") -> str:
        """What forwarding sends and stores, and for how long, in the citizen's language."""
        say = translate.catalog(language).template
        email = say(texts.CONSENT_EMAIL) if self.emails_on else ""
        return say(texts.CONSENT).format(question=shorten(question, 300),
                                         days=self.config.retention_days, email=email)

    @property
    def emails_on(self) -> bool:
        """Whether some office gets e-mail copies of forwarded questions."""
        return bool(self.config.office_emails and self.config.smtp_host
                    and self.config.smtp_sender)

    def privacy_notice(self, language: str = "de") -> str:
        """What is stored, how long, who sees it, the citizen's rights: in German, Leichte
        Sprache or English, always from the same settings."""
        config = self.config
        say = translate.catalog(language).template
        not_set = say(texts.PRIVACY_NOT_SET)
        log = (say(texts.PRIVACY_LOG).format(days=config.log_retention_days)
               if config.log_enabled else say(texts.PRIVACY_NO_LOG))
        return say(texts.PRIVACY).format(
            days=config.retention_days, email=say(texts.PRIVACY_EMAIL) if self.emails_on else "",
            log=log, controller=config.privacy_controller or not_set,
            officer=config.privacy_officer or not_set)

    def confirmation(self, ticket: Ticket, route: Route, moment: dt.datetime,
                     language: str = "de") -> str:
        """What the citizen is told once the question is with the office."""
        say = translate.catalog(language).template
        return "\n\n".join([
            say(texts.CONFIRMATION).format(number=ticket.number, office=route.office_name),
            expected_answer(route.contact, self.config.answer_days, moment, language),
            contact_alternatives(route.contact, language),
            say(texts.CONFIRMATION_FOLLOW_UP),
        ])


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def expected_answer(contact: Contact | None, days: int, moment: dt.datetime,
                    language: str = "de") -> str:
    """When an answer can usually be expected, honest about opening hours."""
    say = translate.catalog(language).template
    usual = say(texts.ANSWER_USUALLY).format(days=days)
    if contact is None or not contact.hours:
        return f"{usual}\n{say(texts.HOURS_UNKNOWN)}"
    local = moment.astimezone(BERLIN)
    opening = next_opening(contact, local)
    if opening is None or opening <= local:
        return usual
    time = translate.clock(language, opening.time())
    if opening.date() == local.date():
        closed = say(texts.OFFICE_CLOSED_TODAY).format(time=time)
    else:
        day = translate.weekday(language, WEEKDAYS[opening.weekday()])
        closed = say(texts.OFFICE_CLOSED).format(day=day, time=time)
    return f"{closed}\n{usual}"


def next_opening(contact: Contact, local: dt.datetime) -> dt.datetime | None:
    """`local` itself if the office is open now, else the start of its next opening time.
    Offices are closed on the public holidays of Mecklenburg-Vorpommern."""
    for offset in range(15):
        day = local.date() + dt.timedelta(days=offset)
        if day in HOLIDAYS:
            continue
        today = [s for s in (contact.hours or ()) if WEEKDAYS[day.weekday()] in s.days]
        for slot in sorted(today, key=lambda s: s.opens):
            start = dt.datetime.combine(day, slot.opens, BERLIN)
            end = dt.datetime.combine(day, slot.closes, BERLIN)
            if start <= local < end:
                return local
            if local < start:
                return start
    return None


def contact_alternatives(contact: Contact | None, language: str = "de") -> str:
    """A second way to the office, for everyone who cannot wait in a chat."""
    phone, email = (contact.phone, contact.email) if contact is not None else (None, None)
    if phone and email:
        template = texts.ALTERNATIVE_BOTH
    elif phone or email:
        template = texts.ALTERNATIVE_PHONE if phone else texts.ALTERNATIVE_EMAIL
    else:
        template = texts.ALTERNATIVE_115
    return translate.template(language, template).format(phone=phone, email=email)


def staff_message(ticket: Ticket, office_name: str) -> str:
    local = ticket.created_at.astimezone(BERLIN)
    return texts.STAFF_TICKET.format(
        number=ticket.number, office=office_name, town=ticket.town or texts.TOWN_NOT_GIVEN,
        time=f"{local:%d.%m.%Y, %H:%M} Uhr", question=ticket.question,
    )


def answer_for_citizen(ticket: Ticket, office_name: str, answer: str) -> str:
    return texts.ANSWER_TO_CITIZEN.format(office=office_name, number=ticket.number,
                                          question=shorten(ticket.question, 200), answer=answer)


def ticket_line(ticket: Ticket, language: str = "de") -> str:
    """One of the citizen's questions for /meine_fragen: number, day, state, beginning."""
    local = ticket.created_at.astimezone(BERLIN)
    status = texts.TICKET_STATUS.get(ticket.status, ticket.status)
    return translate.template(language, texts.TICKET_LINE).format(
        number=ticket.number, date=translate.date(language, local.date()),
        status=translate.template(language, status), question=shorten(ticket.question, 80))


def open_line(ticket: Ticket, moment: dt.datetime) -> str:
    hours = int((moment - ticket.created_at).total_seconds() // 3600)
    claimed = f", übernommen von {ticket.claimed_by}" if ticket.claimed_by else ""
    town = ticket.town or texts.TOWN_NOT_GIVEN
    return (f"{ticket.number} (seit {hours} Stunden, Ort: {town}{claimed}): "
            f"{shorten(ticket.question, 100)}")
