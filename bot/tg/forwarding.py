"""Telegram side of forwarding: consent, town, tickets, staff answers, and the outbox worker.

Nothing about a citizen is stored before they press "Ja, bitte weiterleiten" and the ticket is
created: until then the question lives only in memory (`user_data`). A ticket and its first
deliveries are committed in one transaction; the outbox worker then delivers them, retrying with
backoff, and resumes after a restart.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import smtplib
from typing import Any, cast

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

from bot import handoff, mail, texts
from bot.config import Config
from bot.faults import fault_point
from bot.handoff import Forwarding
from bot.replies import Option, Reply
from bot.storage import OutboxItem, Storage, Ticket, now, parse_ticket_number
from bot.tg import render
from bot.tg.sending import send

logger = logging.getLogger(__name__)

MISSES_BEFORE_OFFER = 2


def storage_of(context: ContextTypes.DEFAULT_TYPE) -> Storage:
    return cast(Storage, context.bot_data["storage"])


def forwarding_of(context: ContextTypes.DEFAULT_TYPE) -> Forwarding:
    return cast(Forwarding, context.bot_data["forwarding"])


def user_state(context: ContextTypes.DEFAULT_TYPE) -> dict[str, Any]:
    return cast(dict[str, Any], context.user_data if context.user_data is not None else {})


# --- the citizen's side ------------------------------------------------------------------------


async def offer(message: Message, context: ContextTypes.DEFAULT_TYPE, question: str,
                before: str = "") -> None:
    """Ask for consent to forward `question`; remember it in memory only."""
    state = user_state(context)
    state.update(pending=question, misses=0)
    state.pop("want_office", None)
    text = forwarding_of(context).consent_text(question)
    options = (Option(texts.BUTTON_CONSENT_YES, "fw:yes"),
               Option(texts.BUTTON_CONSENT_NO, "fw:no"))
    await send(message, Reply(f"{before}\n\n{text}" if before else text, options))


async def ask_for_office(message: Message, context: ContextTypes.DEFAULT_TYPE,
                         before: str = "") -> None:
    """The citizen wants a person: offer to forward the last question, or ask for one."""
    question = user_state(context).get("last_question")
    if question:
        await offer(message, context, question, before)
    else:
        user_state(context)["want_office"] = True
        await send(message, Reply(texts.WRITE_QUESTION_FIRST))


async def on_citizen_text(message: Message, context: ContextTypes.DEFAULT_TYPE,
                          text: str) -> bool:
    """Handle a text that belongs to the forwarding dialogue; False if it is a new question."""
    state = user_state(context)
    if "town_for" in state:
        await create_ticket(message, context, state.pop("town_for"), text.strip()[:100])
        return True
    replied = message.reply_to_message
    if replied is not None:
        ticket = await storage_of(context).ticket_by_confirmation(message.chat.id,
                                                                   replied.message_id)
        if ticket is not None:
            await add_follow_up(message, context, ticket, text)
            return True
    if state.pop("want_office", False):
        await offer(message, context, text)
        return True
    return False


async def on_action(message: Message, context: ContextTypes.DEFAULT_TYPE, action: str) -> bool:
    """Handle a button of the forwarding dialogue; False if the engine should handle it."""
    state = user_state(context)
    if action == "fw:no":
        state.pop("pending", None)
        state.pop("town_for", None)
        await send(message, Reply(texts.CONSENT_DECLINED))
    elif action in ("fw:yes", "fw:skip"):
        await on_consent(message, context, action)
    elif action == "office":
        await ask_for_office(message, context)
    elif action.startswith(("down:", "none")):
        state["misses"] = state.get("misses", 0) + 1
        if state["misses"] < MISSES_BEFORE_OFFER:
            return False
        await ask_for_office(message, context, texts.MISSES_OFFER)
    else:
        if action.startswith("up:"):
            state["misses"] = 0
        return False
    return True


async def on_consent(message: Message, context: ContextTypes.DEFAULT_TYPE, action: str) -> None:
    """"Ja" moves on to the town question (again, if pressed twice); "Überspringen" files."""
    state = user_state(context)
    if "pending" in state:
        state["town_for"] = state.pop("pending")
    if "town_for" not in state:
        await send(message, Reply(texts.CONSENT_EXPIRED))
    elif action == "fw:skip":
        await create_ticket(message, context, state.pop("town_for"), None)
    else:
        await send(message, Reply(texts.TOWN_QUESTION, (Option(texts.BUTTON_SKIP, "fw:skip"),)))


async def create_ticket(message: Message, context: ContextTypes.DEFAULT_TYPE, question: str,
                        town: str | None) -> None:
    """Commit the ticket with its deliveries, then let the outbox worker send them."""
    config: Config = context.bot_data["config"]
    route = forwarding_of(context).route(town)
    deliveries: list[tuple[str, dict[str, Any]]] = [("staff_ticket", {}), ("citizen_confirm", {})]
    email = config.office_emails.get(route.office_id)
    if email and mail.configured(config):
        deliveries.append(("email", {"to": email}))
    await storage_of(context).create_ticket(message.chat.id, question, town, route.office_id,
                                            route.chat_id, deliveries)
    fault_point("after_ticket_commit")
    user_state(context).pop("misses", None)
    wake_worker(context.application)


async def add_follow_up(message: Message, context: ContextTypes.DEFAULT_TYPE, ticket: Ticket,
                        text: str) -> None:
    if ticket.status != "open":
        await send(message, Reply(texts.FOLLOW_UP_CLOSED.format(number=ticket.number)))
        return
    note = texts.STAFF_FOLLOW_UP.format(number=ticket.number, text=text)
    await storage_of(context).add_citizen_message(
        ticket, text, [("staff_note", {"chat_id": ticket.staff_chat_id, "text": note})])
    wake_worker(context.application)
    await send(message, Reply(texts.FOLLOW_UP_ADDED.format(number=ticket.number)))


async def my_tickets(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the citizen's own tickets and their state."""
    message = update.effective_message
    if message is None or message.chat.type != ChatType.PRIVATE:
        return
    tickets = await storage_of(context).tickets_of(message.chat.id)
    if not tickets:
        await send(message, Reply(texts.MY_TICKETS_NONE))
        return
    lines = [handoff.ticket_line(t) for t in tickets]
    await send(message, Reply("\n\n".join([texts.MY_TICKETS_INTRO, *lines])))


async def delete_my_data(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Delete everything stored about this citizen, on request."""
    message = update.effective_message
    if message is None or message.chat.type != ChatType.PRIVATE:
        return
    count = await storage_of(context).delete_citizen(message.chat.id)
    user_state(context).clear()
    await send(message, Reply(texts.DELETED.format(count=count)))


# --- the staff side ----------------------------------------------------------------------------


async def staff_reply(message: Message, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A reply to a ticket message in a staff chat answers that ticket."""
    replied = message.reply_to_message
    if replied is None or not message.text:
        return False
    ticket = await storage_of(context).ticket_by_staff_message(message.chat.id,
                                                                replied.message_id)
    if ticket is None:
        return False
    await answer_ticket(message, context, ticket, message.text)
    return True


async def answer_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Staff: /antwort LUP-0042 text."""
    message = update.effective_message
    args = context.args or []
    if message is None:
        return
    ticket_id = parse_ticket_number(args[0]) if args else None
    text = " ".join(args[1:]).strip()
    if ticket_id is None or not text:
        await send(message, Reply(texts.STAFF_ANSWER_USAGE))
        return
    ticket = await storage_of(context).ticket(ticket_id)
    if ticket is None:
        await send(message, Reply(texts.STAFF_TICKET_UNKNOWN.format(number=args[0].upper())))
        return
    await answer_ticket(message, context, ticket, text)


async def answer_ticket(message: Message, context: ContextTypes.DEFAULT_TYPE, ticket: Ticket,
                        text: str) -> None:
    office = office_name(context, ticket)
    answer = handoff.answer_for_citizen(ticket, office, text)
    stored = await storage_of(context).answer(ticket, text,
                                              [("citizen_answer", {"text": answer})])
    template = texts.STAFF_ANSWER_SENT if stored else texts.STAFF_TICKET_CLOSED
    wake_worker(context.application)
    await send(message, Reply(template.format(number=ticket.number)))


async def open_tickets(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Staff: list open tickets, oldest first."""
    message = update.effective_message
    if message is None:
        return
    config: Config = context.bot_data["config"]
    chats = [message.chat.id] if message.chat.id in config.handoff_chats else None
    tickets = await storage_of(context).open_tickets(chats)
    if not tickets:
        await send(message, Reply(texts.STAFF_OPEN_NONE))
        return
    moment = now()
    lines = [handoff.open_line(t, moment) for t in tickets]
    await send(message, Reply("\n\n".join([texts.STAFF_OPEN_INTRO, *lines])))


async def claim(message: Message, context: ContextTypes.DEFAULT_TYPE, action: str,
                staff_name: str) -> str:
    """Staff pressed "Ich übernehme": record who took the ticket; the toast text."""
    ticket_id = int(action.removeprefix("tk:claim:"))
    storage = storage_of(context)
    if not await storage.claim(ticket_id, staff_name):
        return texts.STAFF_ALREADY_CLAIMED
    ticket = await storage.ticket(ticket_id)
    if ticket is not None:
        text = handoff.staff_message(ticket, office_name(context, ticket))
        claimed = texts.STAFF_CLAIMED.format(name=staff_name)
        await message.edit_text(render.escape(f"{text}\n\n{claimed}"))
    return texts.STAFF_CLAIMED.format(name=staff_name)


def office_name(context: ContextTypes.DEFAULT_TYPE, ticket: Ticket) -> str:
    return forwarding_of(context).route_for(ticket.office_id).office_name


# --- the outbox worker -------------------------------------------------------------------------


def wake_worker(app: Application) -> None:  # type: ignore[type-arg]
    """Deliver now instead of waiting for the next tick."""
    if app.job_queue is not None:
        app.job_queue.run_once(deliver_due, 0)


async def deliver_due(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send every due outbox item; failed ones are retried later with growing delays."""
    lock: asyncio.Lock = context.bot_data["outbox_lock"]
    async with lock:
        await queue_reminders(context)
        storage = storage_of(context)
        for item in await storage.due():
            try:
                await deliver(context, item)
            except (TelegramError, OSError, smtplib.SMTPException) as exc:
                await storage.retry_later(item.id, backoff(context, item.attempts), str(exc))
                logger.warning("Zustellung %s (%s) fehlgeschlagen, neuer Versuch später: %s",
                               item.id, item.kind, exc)
            else:
                await storage.delivered(item.id)


def backoff(context: ContextTypes.DEFAULT_TYPE, attempts: int) -> dt.timedelta:
    config: Config = context.bot_data["config"]
    seconds = min(config.retry_seconds * 2 ** min(attempts, 20), config.retry_max_seconds)
    return dt.timedelta(seconds=seconds)


async def deliver(context: ContextTypes.DEFAULT_TYPE, item: OutboxItem) -> None:
    storage = storage_of(context)
    ticket = await storage.ticket(item.ticket_id) if item.ticket_id is not None else None
    bot = context.bot
    if item.kind == "staff_note":
        await bot.send_message(item.payload["chat_id"], render.escape(item.payload["text"]))
    elif ticket is None:
        return  # the citizen's data was deleted meanwhile: nothing left to deliver
    elif item.kind == "staff_ticket":
        text = handoff.staff_message(ticket, office_name(context, ticket))
        markup = render.keyboard((Option(texts.BUTTON_CLAIM, f"tk:claim:{ticket.id}"),))
        sent = await bot.send_message(ticket.staff_chat_id, render.escape(text),
                                      reply_markup=markup)
        await storage.set_staff_message(ticket.id, sent.message_id)
    elif item.kind == "citizen_confirm":
        route = forwarding_of(context).route_for(ticket.office_id)
        text = forwarding_of(context).confirmation(ticket, route, now())
        sent = await bot.send_message(ticket.citizen_chat_id, render.escape(text))
        await storage.set_confirmation(ticket.id, sent.message_id)
    elif item.kind == "citizen_answer":
        await bot.send_message(ticket.citizen_chat_id, render.escape(item.payload["text"]))
    elif item.kind == "email":
        subject = f"Neue Frage {ticket.number} über KEK-Bot"
        body = handoff.staff_message(ticket, office_name(context, ticket))
        await mail.send_mail(context.bot_data["config"], item.payload["to"], subject, body)


async def queue_reminders(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Announce tickets again that have been open longer than the configured time."""
    config: Config = context.bot_data["config"]
    storage = storage_of(context)
    moment = now()
    limit = dt.timedelta(hours=config.reminder_hours)
    for ticket in await storage.open_tickets():
        last = ticket.reminded_at or ticket.created_at
        if moment - last < limit:
            continue
        hours = int((moment - ticket.created_at).total_seconds() // 3600)
        text = texts.STAFF_REMINDER.format(number=ticket.number, hours=hours,
                                           question=ticket.question)
        await storage.enqueue(ticket.id, ticket.citizen_chat_id, "staff_note",
                              {"chat_id": ticket.staff_chat_id, "text": text})
        await storage.mark_reminded(ticket.id)


async def delete_expired(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Retention: remove answered tickets older than the configured number of days."""
    config: Config = context.bot_data["config"]
    removed = await storage_of(context).delete_older_than(config.retention_days)
    if removed:
        logger.info("%d abgeschlossene Fragen nach Ablauf der Frist gelöscht.", removed)


async def check_staff_chats(app: Application) -> None:  # type: ignore[type-arg]
    """Say clearly in the log which staff chat the bot cannot post to or read."""
    config: Config = app.bot_data["config"]
    for chat_id in sorted(config.staff_chats):
        try:
            member = await app.bot.get_chat_member(chat_id, app.bot.id)
        except TelegramError as exc:
            logger.error("Staff-Chat %s ist nicht erreichbar: %s. Ist der Bot Mitglied?",
                         chat_id, exc.message)
            continue
        if member.status in ("left", "kicked"):
            logger.error("Staff-Chat %s: der Bot ist nicht Mitglied (Status %s).",
                         chat_id, member.status)
        else:
            logger.info("Staff-Chat %s ist erreichbar.", chat_id)
