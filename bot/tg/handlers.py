"""Thin Telegram callbacks: update in, core call, rendered reply out. No decisions live here:
the engine answers, the workflow (bot/workflow.py) decides everything about forwarding."""

from __future__ import annotations

import asyncio
import logging

from telegram import CallbackQuery, Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, RetryAfter

from bot import replies, report, texts
from bot.actions import Gap, ShowEntry, TicketAction, decode, encode, parse_number
from bot.faults import fault_after
from bot.reloading import Outcome
from bot.replies import Reply
from bot.tg import render
from bot.tg.context import BotContext
from bot.workflow import Response

logger = logging.getLogger(__name__)


def private(message: Message) -> bool:
    return message.chat.type == ChatType.PRIVATE


def in_staff_chat(message: Message, context: BotContext) -> bool:
    return message.chat.id in context.services.config.staff_chats


def respond(context: BotContext, message: Message, response: Response) -> None:
    """Show the core's response: edit the menu message for menu moves, else send."""
    lanes = context.services.replies
    for index, reply in enumerate(response.replies):
        if index == 0 and response.edit:
            lanes.edit(message, reply)
        else:
            lanes.send(message, reply)


def say(context: BotContext, message: Message, reply: Reply) -> None:
    context.services.replies.send(message, reply)


async def tell(context: BotContext, message: Message, reply: Reply) -> None:
    """Send a citizen a reply with its fixed texts in the language they chose."""
    say(context, message, await context.services.workflow.in_chosen_language(message.chat.id,
                                                                             reply))


async def language_of(context: BotContext, message: Message) -> str:
    return await context.services.workflow.language_of(message.chat.id)


async def start(update: Update, context: BotContext) -> None:
    """Welcome the citizen and offer the main themes; a deep link (t.me/<bot>?start=<entry id>)
    opens that answer instead."""
    message = update.effective_message
    if message is None:
        return
    engine = context.services.engine
    wanted = (context.args or [""])[0]
    if wanted in engine.kb.entries:
        response = await context.services.workflow.citizen_press(
            message.chat.id, ShowEntry("entry", wanted), private(message))
        respond(context, message, response)
        return
    await tell(context, message, replies.welcome(engine.kb, await language_of(context, message)))


async def language(update: Update, context: BotContext) -> None:
    """/sprache and /language: German, Leichte Sprache or English, as buttons."""
    message = update.effective_message
    if message is not None and private(message):
        respond(context, message, context.services.workflow.language_menu())


async def accessibility(update: Update, context: BotContext) -> None:
    """/barrierefreiheit: what works for everyone, what does not yet, how to report a barrier."""
    message = update.effective_message
    if message:
        language = await language_of(context, message)
        say(context, message, replies.accessibility(context.services.config.privacy_controller,
                                                    language))


async def imprint(update: Update, context: BotContext) -> None:
    """/impressum: who provides the bot, from the configuration."""
    message = update.effective_message
    if message:
        language = await language_of(context, message)
        say(context, message, replies.imprint(context.services.config.privacy_controller,
                                              language))


async def themes(update: Update, context: BotContext) -> None:
    """Show the topic menu."""
    message = update.effective_message
    if message:
        kb = context.services.engine.kb
        await tell(context, message, replies.themes_menu(kb, await language_of(context, message)))


async def themes_for_staff(update: Update, context: BotContext) -> None:
    """Staff: `/themen links` lists every answer's deep link; plain /themen is the menu."""
    message = update.effective_message
    if message is None:
        return
    if [a.lower() for a in context.args or []] != ["links"]:
        await themes(update, context)
        return
    say(context, message, replies.deep_links(context.services.engine.kb, context.bot.username))


async def help_text(update: Update, context: BotContext) -> None:
    """Explain in a few sentences how to use the bot."""
    message = update.effective_message
    if message:
        await tell(context, message, replies.help_text())


async def privacy(update: Update, context: BotContext) -> None:
    """The privacy notice: what is stored, how long, who sees it, the citizen's rights."""
    message = update.effective_message
    if message:
        workflow = context.services.workflow
        respond(context, message, workflow.privacy(await workflow.language_of(message.chat.id)))


async def easy_language(update: Update, context: BotContext) -> None:
    """/einfach switches Leichte Sprache on and off for this chat."""
    message = update.effective_message
    if message is not None and private(message):
        respond(context, message, await context.services.workflow.toggle_easy(message.chat.id))


async def about(update: Update, context: BotContext) -> None:
    """What this bot is: a computer program, what it knows, that people answer forwarded
    questions (the AI Act's duty to say so)."""
    message = update.effective_message
    if message:
        language = await language_of(context, message)
        say(context, message, replies.about(context.services.engine.kb, language))


async def contact(update: Update, context: BotContext) -> None:
    """List the Bürgerbüros, or the one serving the town given after the command."""
    message = update.effective_message
    if message:
        town = " ".join(context.args or []).strip() or None
        language = await language_of(context, message)
        await tell(context, message, context.services.engine.contacts_reply(town, language))


async def my_tickets(update: Update, context: BotContext) -> None:
    """List the citizen's own tickets and their state."""
    message = update.effective_message
    if message is not None and private(message):
        respond(context, message, await context.services.workflow.my_tickets(message.chat.id))


async def delete_my_data(update: Update, context: BotContext) -> None:
    """Delete everything stored about this citizen, on request, after asking once more."""
    message = update.effective_message
    if message is not None and private(message):
        respond(context, message, await context.services.workflow.delete_request(message.chat.id))


async def text_message(update: Update, context: BotContext) -> None:
    """A text: in a staff chat an answer or note to a ticket, elsewhere a citizen's message."""
    message = update.effective_message
    if message is None or not message.text:
        return
    await fault_after("handling_update", 0.5)
    text = addressed_text(message, context.bot.username, in_staff_chat(message, context))
    if text is None:
        return
    workflow = context.services.workflow
    replied = message.reply_to_message
    reply_to = replied.message_id if replied is not None else None
    if in_staff_chat(message, context) and not private(message):
        await workflow.staff_text(message.chat.id, author_name(update), message.text, reply_to,
                                  (replied.text or "") if replied is not None else "")
        return
    response = await workflow.citizen_text(message.chat.id, text, reply_to, private(message))
    respond(context, message, response)


def author_name(update: Update) -> str:
    user = update.effective_user
    return user.first_name if user is not None else "Team"


def addressed_text(message: Message, bot_username: str, staff_chat: bool) -> str | None:
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
    return text if staff_chat and from_bot else None


async def button(update: Update, context: BotContext) -> None:
    """Carry out the action behind an inline button, even when Telegram's time to confirm the
    press has run out (after downtime): the press still counts."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return
    message = query.message
    action = decode(query.data)
    workflow = context.services.workflow
    if isinstance(action, Gap):
        await confirm_press(query)
        if in_staff_chat(message, context):
            gap_pressed(update, context, message, action)
        return
    if isinstance(action, TicketAction) and action.verb == "adopt":
        await confirm_press(query)
        if in_staff_chat(message, context):
            adopt(context, message, action.ticket_id)
        return
    if isinstance(action, TicketAction):
        toast = None
        if in_staff_chat(message, context):
            toast = await workflow.staff_press(message.chat.id, author_name(update), action,
                                               message.message_id, message.text or "")
        await confirm_press(query, toast)
        return
    await confirm_press(query)
    response = await workflow.citizen_press(message.chat.id, action, private(message))
    respond(context, message, response)


async def confirm_press(query: CallbackQuery, toast: str | None = None) -> None:
    """Stop the button's spinner; an expired press is harmless."""
    try:
        await query.answer(toast)
    except RetryAfter:
        logger.info("Knopfdruck nicht bestätigt: Telegram bittet zu warten.")
    except BadRequest as exc:
        lowered = exc.message.lower()
        if "query is too old" not in lowered and "query id is invalid" not in lowered:
            raise
        logger.info("Späte Antwort auf einen Knopfdruck (Update %s).", query.id)


async def not_text(update: Update, context: BotContext) -> None:
    """Say kindly that only written text can be read (voice, photos, stickers, files ...)."""
    message = update.effective_message
    if message and private(message):
        await tell(context, message, replies.non_text())


async def edited(update: Update, context: BotContext) -> None:
    """An edited message never runs a command or counts as an answer: ask to send it anew."""
    message = update.edited_message
    if message and private(message):
        await tell(context, message, Reply(texts.EDITED))


async def unknown_command(update: Update, context: BotContext) -> None:
    """Answer commands the bot does not have, without listing staff commands."""
    message = update.effective_message
    if message and private(message):
        await tell(context, message, Reply(texts.UNKNOWN_COMMAND))


# --- staff commands ------------------------------------------------------------------------------


async def open_tickets(update: Update, context: BotContext) -> None:
    """Staff: list open tickets, oldest first, and deliveries that failed."""
    if update.effective_message:
        await context.services.workflow.open_tickets(update.effective_message.chat.id)


async def answer_command(update: Update, context: BotContext) -> None:
    """Staff: /antwort LUP-0042 text."""
    if update.effective_message:
        await context.services.workflow.answer_command(update.effective_message.chat.id,
                                                        context.args or [])


async def statistics(update: Update, context: BotContext) -> None:
    """Staff: /statistik [Tage] — a short summary and the chart, made and sent off the handler
    (the chart takes a moment)."""
    message = update.effective_message
    if message is None:
        return
    args = context.args or []
    days = parse_number(args[0]) if args else 30
    services = context.services
    if days is None or not 1 <= days <= 3650:
        say(context, message, Reply(texts.STAFF_STATS_USAGE))
        return

    async def send_statistics() -> None:
        data = await report.collect(services.storage, services.engine.kb, days)
        await message.chat.send_message(render.escape(report.summary(data)))
        if data.rows:
            chart = await asyncio.to_thread(report.chart_png, data.per_day)
            await message.chat.send_photo(chart, caption=texts.REPORT_CHART_ALT)

    services.replies.submit(message.chat.id, send_statistics)


async def knowledge_file(update: Update, context: BotContext) -> None:
    """Staff: a knowledge file sent into a staff chat is checked and installed, off the
    handler; only members listed in staff.user_ids may do that."""
    message = update.effective_message
    if message is None or message.document is None:
        return
    services = context.services
    user = update.effective_user
    if user is None or user.id not in services.config.staff_user_ids:
        say(context, message, Reply(texts.INSTALL_NOT_ALLOWED))
        return
    document, staff = message.document, author_name(update)

    async def install() -> None:
        content = bytes(await (await document.get_file()).download_as_bytearray())
        result = await services.curation.install(document.file_name or "", content, staff)
        await message.chat.send_message(render.escape(result))

    services.replies.submit(message.chat.id, install)


async def gaps(update: Update, context: BotContext) -> None:
    """Staff: /luecken shows the five largest groups of missed questions, each with a button to
    add them to their nearest entry and one for a new draft."""
    message = update.effective_message
    if message is None:
        return
    services = context.services

    async def show() -> None:
        found = await services.curation.gaps()
        if not found:
            await message.chat.send_message(render.escape(texts.GAPS_NONE.format(days=30)))
        for index, group, entry in found:
            line = texts.GAP_LINE_EN if group.language == "en" else texts.GAP_LINE
            text = line.format(number=index + 1, count=len(group.questions),
                               example=group.questions[0], entry=entry or "–")
            options = [(texts.BUTTON_GAP_DRAFT, encode(Gap("draft", index)))]
            if entry is not None:
                options.insert(0, (texts.BUTTON_GAP_ADD.format(entry=entry),
                                   encode(Gap("add", index))))
            [part] = render.compose(text, options)
            await message.chat.send_message(part.text, reply_markup=part.markup)

    services.replies.submit(message.chat.id, show)


def gap_pressed(update: Update, context: BotContext, message: Message, action: Gap) -> None:
    """A /luecken button: only staff members listed in staff.user_ids change the knowledge."""
    services = context.services
    user = update.effective_user
    if user is None or user.id not in services.config.staff_user_ids:
        say(context, message, Reply(texts.INSTALL_NOT_ALLOWED))
        return
    staff = author_name(update)

    async def act() -> None:
        if action.verb == "add":
            result = await services.curation.add_gap(action.index, staff)
            await message.chat.send_message(render.escape(result))
            return
        draft = await asyncio.to_thread(services.curation.draft_gap, action.index)
        if draft is None:
            await message.chat.send_message(render.escape(texts.GAP_GONE))
            return
        name, text = draft
        await message.chat.send_document(text.encode("utf-8"), filename=name,
                                         caption=texts.GAP_DRAFT_SENT)

    services.replies.submit(message.chat.id, act)


def adopt(context: BotContext, message: Message, ticket_id: int) -> None:
    """Staff: draft an entry for everyone from a staff answer and send it as a YAML file."""
    services = context.services

    async def send_draft() -> None:
        ticket = await services.storage.ticket(ticket_id)
        office = (services.workflow.forwarding.route_for(ticket.office_id).office_name
                  if ticket else "")
        name, text, warnings = await services.curation.draft_from_ticket(ticket_id, office)
        if not name:
            await message.chat.send_message(render.escape(warnings))
            return
        caption = texts.ADOPT_SENT
        if warnings:
            caption += f"\n\n{texts.ADOPT_WARNINGS}\n{warnings}"
        await message.chat.send_document(text.encode("utf-8"), filename=name,
                                         caption=render.escape(caption[:1000]))

    services.replies.submit(message.chat.id, send_draft)


async def undo_install(update: Update, context: BotContext) -> None:
    """Staff: /rueckgaengig puts back the knowledge file as it was before the last install."""
    message = update.effective_message
    if message is None:
        return
    services, staff = context.services, author_name(update)

    async def undo() -> None:
        await message.chat.send_message(render.escape(await services.curation.undo(staff)))

    services.replies.submit(message.chat.id, undo)


async def reload_knowledge(update: Update, context: BotContext) -> None:
    """Staff only: load the knowledge base again, in the background; the old one stays in
    service until the new one is ready, and stays if the new one has errors."""
    message = update.effective_message
    if message is None:
        return
    services = context.services
    chat_id = message.chat.id

    async def report(outcome: Outcome) -> None:
        if outcome.ok:
            text = texts.RELOAD_OK.format(entries=outcome.entries, warnings=outcome.warnings)
        elif not outcome.told:  # new errors went to every staff chat already
            text = texts.RELOAD_FAILED.format(count=len(outcome.errors),
                                              problems="\n".join(outcome.errors[:10]))
        else:
            return
        await services.workflow.post(chat_id, Reply(text))

    services.reloader.start(report)


async def on_error(update: object, context: BotContext) -> None:
    """Log the error with the update id, never the citizen's text."""
    update_id = update.update_id if isinstance(update, Update) else None
    logger.error("Fehler bei Update %s", update_id, exc_info=context.error)
