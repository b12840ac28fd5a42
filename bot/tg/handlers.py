"""Thin Telegram callbacks: update in, engine call, rendered reply out. No logic lives here."""

from __future__ import annotations

import logging
from typing import cast

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot import replies, texts
from bot.engine import Engine, load_checked, shown_entry
from bot.errors import KnowledgeError
from bot.lint import lint
from bot.replies import Reply
from bot.tg import forwarding
from bot.tg.sending import edit, send

logger = logging.getLogger(__name__)

# Actions that move around the topic menu edit the menu message instead of sending a new one.
MENU_ACTIONS = ("themes", "theme:", "goal:", "show:")


def engine_of(context: ContextTypes.DEFAULT_TYPE) -> Engine:
    return cast(Engine, context.bot_data["engine"])


def staff_chats(context: ContextTypes.DEFAULT_TYPE) -> frozenset[int]:
    return cast(frozenset[int], context.bot_data.get("staff_chats", frozenset()))


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Welcome the citizen and offer the main themes."""
    if update.effective_message:
        await send(update.effective_message, replies.welcome(engine_of(context).kb))


async def themes(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the topic menu."""
    if update.effective_message:
        await send(update.effective_message, replies.themes_menu(engine_of(context).kb))


async def help_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain in a few sentences how to use the bot."""
    if update.effective_message:
        await send(update.effective_message, Reply(texts.HELP))


async def contact(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the Bürgerbüros, or the one serving the town given after the command."""
    if update.effective_message:
        town = " ".join(context.args or []).strip() or None
        await send(update.effective_message, engine_of(context).contacts_reply(town))


async def question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a text message with the engine's decision."""
    message = update.effective_message
    if message is None or not message.text:
        return
    text = addressed_text(message, context.bot.username, staff_chats(context))
    if text is None:
        return
    private = message.chat.type == ChatType.PRIVATE
    if forwarding_on(context):
        if message.chat.id in staff_chats(context) and await forwarding.staff_reply(message,
                                                                                    context):
            return
        if private and await forwarding.on_citizen_text(message, context, text):
            return
    state = forwarding.user_state(context)
    decision, reply = engine_of(context).ask(text, state.get("last_entry"))
    if decision.action in ("answer", "clarify", "handoff") and decision.reason != "person":
        state["last_question"] = text
    if decision.entry is not None:
        state["last_entry"] = decision.entry.id
    if decision.action == "handoff" and private and forwarding_on(context):
        if decision.reason == "person":
            await forwarding.ask_for_office(message, context, reply.text)
        else:
            await forwarding.offer(message, context, text, reply.text)
        return
    await send(message, reply)


def forwarding_on(context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whether questions can be forwarded to staff chats (some are configured)."""
    return "storage" in context.bot_data and forwarding.forwarding_of(context).enabled


def addressed_text(message: Message, bot_username: str, staff: frozenset[int]) -> str | None:
    """The question in a message meant for the bot, or None if the bot should stay silent.

    In private chats every message is meant for the bot. In groups only messages that mention
    it, and in staff chats also replies to the bot's own messages.
    """
    text = message.text or ""
    if message.chat.type == ChatType.PRIVATE:
        return text
    handle = f"@{bot_username}".lower()
    for entity, value in message.parse_entities([MessageEntity.MENTION]).items():
        if value.lower() == handle:
            return (text[: entity.offset] + text[entity.offset + entity.length:]).strip()
    replied = message.reply_to_message
    from_bot = bool(replied and replied.from_user and replied.from_user.username == bot_username)
    return text if message.chat.id in staff and from_bot else None


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Carry out the action behind an inline button."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return
    action = query.data or ""
    message = query.message
    if action.startswith("tk:claim:"):
        in_staff_chat = message.chat.id in staff_chats(context) and forwarding_on(context)
        name = query.from_user.first_name if query.from_user else "Team"
        toast = await forwarding.claim(message, context, action, name) if in_staff_chat else None
        await query.answer(toast)
        return
    await query.answer()
    private = message.chat.type == ChatType.PRIVATE
    if private and forwarding_on(context) and await forwarding.on_action(message, context,
                                                                         action):
        return
    shown = shown_entry(action)
    if shown is not None:
        forwarding.user_state(context)["last_entry"] = shown
    reply = engine_of(context).act(action)
    if action.startswith(MENU_ACTIONS):
        await edit(message, reply)
    else:
        await send(message, reply)


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Say kindly that only written text can be read (voice, photos, stickers, files ...)."""
    message = update.effective_message
    if message and message.chat.type == ChatType.PRIVATE:
        await send(message, replies.non_text())


async def edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ask the citizen to send a changed question again as a new message."""
    message = update.edited_message
    if message and message.chat.type == ChatType.PRIVATE:
        await send(message, Reply(texts.EDITED))


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer commands the bot does not have, without listing staff commands."""
    message = update.effective_message
    if message and message.chat.type == ChatType.PRIVATE:
        await send(message, Reply(texts.UNKNOWN_COMMAND))


async def reload_knowledge(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Staff only: load the knowledge base again; keep the old one if the new one has errors."""
    message = update.effective_message
    if message is None:
        return
    engine = engine_of(context)
    path = context.bot_data["knowledge_path"]
    try:
        kb = load_checked(path)
    except KnowledgeError as exc:
        listing = "\n".join(str(p) for p in exc.problems[:10])
        text = texts.RELOAD_FAILED.format(count=len(exc.problems), problems=listing)
        await send(message, Reply(text))
        return
    engine.swap(kb)  # the forwarding reads contacts through the engine, so it follows
    warnings = lint(kb, matcher=engine.matcher)
    await send(message, Reply(texts.RELOAD_OK.format(entries=len(kb.entries),
                                                     warnings=len(warnings))))


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error with the update id, never the citizen's text."""
    update_id = update.update_id if isinstance(update, Update) else None
    logger.error("Fehler bei Update %s", update_id, exc_info=context.error)
