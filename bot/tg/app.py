"""Build and run the Telegram application: builder, lifecycle, handler table, error handler."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from pathlib import Path

from telegram import Bot, BotCommand, BotCommandScopeChat, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, TelegramError
from telegram.ext import (
    AIORateLimiter,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)

from bot import texts, texts_en
from bot.config import Config
from bot.engine import Engine, policy_of
from bot.errors import ConfigError, StartError
from bot.install import Curation, Installer
from bot.reloading import Outcome, Reloader
from bot.replies import Reply
from bot.storage import Storage
from bot.tg import handlers, polling
from bot.tg.context import BotContext, BotData, KekApplication, Services
from bot.tg.delivery import Deliverer
from bot.tg.sending import ReplyLanes
from bot.workflow import Workflow, forwarding_problem

logger = logging.getLogger(__name__)
RETENTION_INTERVAL = 24 * 3600


class RedactToken(logging.Filter):
    """Replace the bot token in every part of every log record, whatever library wrote it:
    the message, its arguments, and the text of an attached exception and stack."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self._token = token

    def redact(self, text: str) -> str:
        return text.replace(self._token, "<TOKEN>")

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self._token in message:
            record.msg, record.args = self.redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


# Libraries whose INFO or DEBUG lines carry request URLs (with the token), citizens' texts and
# chat ids (aiosqlite logs each statement with its parameters at DEBUG), or repeat every few
# seconds ("Running job ..."): only their warnings are logged.
QUIET_LOGGERS = ("httpx", "httpcore", "apscheduler", "aiosqlite")


def protect_logs(token: str) -> None:
    """Keep the token out of every log line, and routine library chatter out of the journal."""
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    redact = RedactToken(token)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redact)


async def check_telegram(config: Config) -> None:
    """Ask Telegram who the bot is, once, before anything starts: a rejected token or an
    unreachable API ends the start with one sentence instead of retries and tracebacks."""
    bot = Bot(config.token.reveal(), base_url=config.base_url or "https://api.telegram.org/bot")
    try:
        async with bot:
            pass
    except InvalidToken:
        raise StartError(
            "Telegram lehnt das Bot-Token ab, oder die Adresse der Bot-API stimmt nicht. Bitte "
            "die Einstellungen 'telegram.token' (KEK_BOT_TOKEN) und 'telegram.base_url' "
            "prüfen.") from None
    except TelegramError as exc:
        raise StartError(
            "Telegram ist nicht erreichbar. Bitte die Netzwerkverbindung und die Einstellung "
            f"'telegram.base_url' prüfen ({type(exc).__name__}).") from None


def build_application(config: Config, engine: Engine) -> KekApplication:
    """The application with every handler registered, in priority order."""
    builder = (
        ApplicationBuilder()
        .token(config.token.reveal())
        .context_types(ContextTypes(context=BotContext, bot_data=BotData))
        .defaults(Defaults(parse_mode=ParseMode.HTML,
                           link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .rate_limiter(AIORateLimiter())
        .post_init(post_init)
        .post_stop(post_stop)
        .post_shutdown(post_shutdown)
    )
    if config.base_url:
        builder = builder.base_url(config.base_url).base_file_url(file_url(config.base_url))
    app: KekApplication = builder.build()
    app.bot_data.prepare(config, engine)

    # Edits first: an edited message never runs a command and is never answered as new.
    app.add_handler(MessageHandler(filters.UpdateType.EDITED, handlers.edited))

    # Staff commands, limited to staff chats and to staff members in their private chat with
    # the bot; to anyone else they are unknown commands.
    staff = (filters.Chat(chat_id=config.staff_chats)
             | (filters.User(user_id=config.staff_user_ids) & filters.ChatType.PRIVATE))
    app.add_handler(CommandHandler("neu_laden", handlers.reload_knowledge, filters=staff))
    app.add_handler(CommandHandler("offen", handlers.open_tickets, filters=staff))
    app.add_handler(CommandHandler("antwort", handlers.answer_command, filters=staff))
    app.add_handler(CommandHandler("statistik", handlers.statistics, filters=staff))
    app.add_handler(CommandHandler("rueckgaengig", handlers.undo_install, filters=staff))
    app.add_handler(CommandHandler("luecken", handlers.gaps, filters=staff))
    app.add_handler(CommandHandler("themen", handlers.themes_for_staff, filters=staff))
    app.add_handler(MessageHandler(filters.Document.ALL & staff, handlers.knowledge_file))

    # Citizen commands.
    app.add_handler(CommandHandler("start", handlers.start))
    app.add_handler(CommandHandler("themen", handlers.themes))
    app.add_handler(CommandHandler("hilfe", handlers.help_text))
    app.add_handler(CommandHandler("datenschutz", handlers.privacy))
    app.add_handler(CommandHandler("ueber", handlers.about))
    app.add_handler(CommandHandler("einfach", handlers.easy_language))
    app.add_handler(CommandHandler(["sprache", "language"], handlers.language))
    app.add_handler(CommandHandler("barrierefreiheit", handlers.accessibility))
    app.add_handler(CommandHandler("impressum", handlers.imprint))
    app.add_handler(CommandHandler("kontakt", handlers.contact))
    app.add_handler(CommandHandler("meine_fragen", handlers.my_tickets))
    app.add_handler(CommandHandler("loeschen", handlers.delete_my_data))

    # Buttons, questions, then everything that is not text.
    app.add_handler(CallbackQueryHandler(handlers.button))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, handlers.text_message))
    app.add_handler(MessageHandler(filters.COMMAND, handlers.unknown_command))
    app.add_handler(MessageHandler(~filters.TEXT & ~filters.StatusUpdate.ALL, handlers.not_text))

    app.add_error_handler(handlers.on_error)
    return app


def file_url(base_url: str) -> str:
    """Where files are downloaded from, next to the Bot API address: ".../bot" serves files
    under ".../file/bot", as Telegram and its self-hosted server do."""
    root = base_url.rstrip("/")
    return root[: -len("/bot")] + "/file/bot" if root.endswith("/bot") else root + "/file/bot"


async def post_init(app: KekApplication) -> None:
    """Open storage, start the outbox worker at once, check staff chats, register commands."""
    config, engine = app.bot_data.config, app.bot_data.engine
    assert config is not None and engine is not None, "build_application prepares bot_data"
    storage = await Storage.open(config.storage_path)
    workflow = Workflow(config, engine, storage, log_questions=config.log_enabled)
    deliverer = Deliverer(app.bot, workflow, storage, config)
    workflow.wake = deliverer.wake
    upgraded = await workflow.upgrade_legacy_outbox()
    if upgraded:
        logger.info("%d Zustellungen aus der alten Datenbank-Version übernommen.", upgraded)
    async def knowledge_broken(outcome: Outcome) -> None:
        text = texts.RELOAD_FAILED.format(count=len(outcome.errors),
                                          problems="\n".join(outcome.errors[:10]))
        for chat_id in sorted(config.staff_chats):
            await workflow.post(chat_id, Reply(text))

    reloader = Reloader(engine, config.knowledge_path, knowledge_broken)
    # Versions replaced by installs from the staff chat live beside the database, never in
    # knowledge/, which is loaded as a whole.
    versions = Path(config.storage_path).resolve().parent / "wissensbasis-versionen"
    curation = Curation(Installer(config.knowledge_path, versions), storage, reloader, engine)
    app.bot_data.services = Services(config, engine, storage, workflow, ReplyLanes(), reloader,
                                     curation, config.knowledge_path)
    app.bot_data.watching = asyncio.get_running_loop().create_task(
        reloader.watch(app.bot_data.stop_watching), name="knowledge watch")
    app.bot_data.deliverer = deliverer
    deliverer.start()
    if app.job_queue is not None:
        app.job_queue.run_repeating(delete_expired, interval=RETENTION_INTERVAL, first=60,
                                    name="retention")
    if not workflow.enabled:
        logger.info("Weiterleiten ist aus: kein Staff-Chat eingestellt (handoff.default_chat_id, "
                    "handoff.office_chats). Der Bot nennt stattdessen die Bürgerbüros.")
    await check_staff_chats(app)
    await register_commands(app, config)
    logger.info("KEK-Bot läuft als @%s mit %d Einträgen.", app.bot.username,
                len(engine.kb.entries))


async def post_stop(app: KekApplication) -> None:
    """Stop the outbox worker: what is not delivered yet goes out after the next start."""
    app.bot_data.stop_watching.set()
    if app.bot_data.watching is not None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(app.bot_data.watching, timeout=2)
    if app.bot_data.services is not None:
        await app.bot_data.services.reloader.stop()
        await app.bot_data.services.replies.stop()
    if app.bot_data.deliverer is not None:
        await app.bot_data.deliverer.stop()


async def post_shutdown(app: KekApplication) -> None:
    """Close the database."""
    if app.bot_data.services is not None:
        await app.bot_data.services.storage.close()


async def delete_expired(context: BotContext) -> None:
    """Retention: remove every ticket older than the configured number of days."""
    removed = await context.services.workflow.expire()
    if removed:
        logger.info("%d Fragen nach Ablauf der Frist gelöscht.", removed)


async def check_staff_chats(app: KekApplication) -> None:
    """Say clearly in the log which staff chat the bot cannot post to or read."""
    config = app.bot_data.config
    for chat_id in sorted(config.staff_chats if config else ()):
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


async def register_commands(app: KekApplication, config: Config) -> None:
    """Register the command lists: citizens everywhere (in English for Telegram apps set to
    English), staff commands only in staff chats."""
    citizen = [BotCommand(name, text) for name, text in texts.COMMANDS.items()]
    await app.bot.set_my_commands(citizen)
    english = [BotCommand(name, text) for name, text in texts_en.COMMANDS.items()]
    await app.bot.set_my_commands(english, language_code="en")
    staff = citizen + [BotCommand(name, text) for name, text in texts.STAFF_COMMANDS.items()]
    for chat_id in sorted(config.staff_chats):
        try:
            await app.bot.set_my_commands(staff, scope=BotCommandScopeChat(chat_id))
        except TelegramError as exc:
            logger.error("Befehle für Staff-Chat %s nicht gesetzt: %s", chat_id, exc.message)


def run(config: Config) -> int:
    """Start the bot (long polling or webhook) and block until it is stopped."""
    if not config.token:
        raise ConfigError("Einstellung 'telegram.token' fehlt: setzen Sie die Umgebungsvariable "
                          "KEK_BOT_TOKEN oder 'token' im Abschnitt 'telegram' der Konfiguration.")
    if config.mode == "webhook" and not config.webhook_url:
        raise ConfigError("Einstellung 'telegram.webhook_url' fehlt: sie ist für "
                          "telegram.mode = webhook nötig.")
    protect_logs(config.token.reveal())
    engine = Engine.from_path(config.knowledge_path, policy_of(config))
    problem = forwarding_problem(config, engine)
    if problem:
        raise ConfigError(problem)
    asyncio.run(check_telegram(config))
    app = build_application(config, engine)
    if config.mode == "webhook":
        app.run_webhook(listen=config.webhook_listen, port=config.webhook_port,
                        url_path="telegram", webhook_url=config.webhook_url,
                        secret_token=webhook_secret(config),
                        allowed_updates=Update.ALL_TYPES)
    else:
        asyncio.run(polling.serve(app, Update.ALL_TYPES))
    return 0


def webhook_secret(config: Config) -> str:
    """The secret Telegram must send with every webhook call. Without one configured, a random
    one is made for this run and registered with setWebhook: a webhook without a secret would
    let anyone post updates, staff commands included."""
    if config.webhook_secret:
        return config.webhook_secret.reveal()
    logger.info("Kein telegram.webhook_secret gesetzt: ein zufälliges Geheimnis wird für diesen "
                "Lauf bei Telegram angemeldet.")
    return secrets.token_urlsafe(32)
