"""Build and run the Telegram application: builder, lifecycle, handler table, error handler."""

from __future__ import annotations

import asyncio
import logging
import re

from telegram import BotCommand, BotCommandScopeChat, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    filters,
)

from bot import texts
from bot.config import Config
from bot.engine import Engine, policy_of
from bot.errors import ConfigError
from bot.handoff import Forwarding
from bot.storage import Storage
from bot.tg import forwarding, handlers

logger = logging.getLogger(__name__)
RETENTION_INTERVAL = 24 * 3600


class RedactToken(logging.Filter):
    """Replace the bot token in every log record, whatever library wrote it."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self._pattern = re.compile(re.escape(token))

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self._pattern.search(message):
            record.msg = self._pattern.sub("<TOKEN>", message)
            record.args = None
        return True


def protect_logs(token: str) -> None:
    """Keep the token out of the logs: httpx logs request URLs (which contain it) at INFO."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    redact = RedactToken(token)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redact)


def build_application(config: Config, engine: Engine) -> Application:  # type: ignore[type-arg]
    """The application with every handler registered, in priority order."""
    builder = (
        ApplicationBuilder()
        .token(config.token.reveal())
        .defaults(Defaults(parse_mode=ParseMode.HTML,
                           link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .rate_limiter(AIORateLimiter())
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    if config.base_url:
        builder = builder.base_url(config.base_url)
    app = builder.build()
    app.bot_data.update(engine=engine, knowledge_path=config.knowledge_path,
                        staff_chats=config.staff_chats, config=config,
                        forwarding=Forwarding(config, lambda: engine.kb))

    # Staff commands first, limited to configured chats and users; to anyone else they are
    # unknown commands.
    staff = (filters.Chat(chat_id=config.staff_chats)
             | filters.User(user_id=config.staff_user_ids))
    app.add_handler(CommandHandler("neu_laden", handlers.reload_knowledge, filters=staff))
    app.add_handler(CommandHandler("offen", forwarding.open_tickets, filters=staff))
    app.add_handler(CommandHandler("antwort", forwarding.answer_command, filters=staff))

    # Citizen commands.
    app.add_handler(CommandHandler("start", handlers.start))
    app.add_handler(CommandHandler("themen", handlers.themes))
    app.add_handler(CommandHandler("hilfe", handlers.help_text))
    app.add_handler(CommandHandler("kontakt", handlers.contact))
    app.add_handler(CommandHandler("meine_fragen", forwarding.my_tickets))
    app.add_handler(CommandHandler("loeschen", forwarding.delete_my_data))

    # Buttons, then edits (before text: an edited text message must not be answered as new).
    app.add_handler(CallbackQueryHandler(handlers.button))
    app.add_handler(MessageHandler(filters.UpdateType.EDITED, handlers.edited))

    # Questions, then everything that is not text.
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, handlers.question))
    app.add_handler(MessageHandler(filters.COMMAND, handlers.unknown_command))
    app.add_handler(MessageHandler(~filters.TEXT & ~filters.StatusUpdate.ALL, handlers.not_text))

    app.add_error_handler(handlers.on_error)
    return app


async def post_init(app: Application) -> None:  # type: ignore[type-arg]
    """Open storage, start the outbox worker, check staff chats, register command lists."""
    config: Config = app.bot_data["config"]
    app.bot_data["storage"] = await Storage.open(config.storage_path)
    app.bot_data["outbox_lock"] = asyncio.Lock()
    if app.job_queue is not None:
        app.job_queue.run_repeating(forwarding.deliver_due, interval=config.outbox_seconds,
                                    first=0, name="outbox")
        app.job_queue.run_repeating(forwarding.delete_expired, interval=RETENTION_INTERVAL,
                                    first=60, name="retention")
    await forwarding.check_staff_chats(app)
    await register_commands(app, config)
    engine: Engine = app.bot_data["engine"]
    logger.info("KEK-Bot läuft als @%s mit %d Einträgen.", app.bot.username,
                len(engine.kb.entries))


async def post_shutdown(app: Application) -> None:  # type: ignore[type-arg]
    """Close the database."""
    storage: Storage | None = app.bot_data.get("storage")
    if storage is not None:
        await storage.close()


async def register_commands(app: Application, config: Config) -> None:  # type: ignore[type-arg]
    """Register the command lists: citizens everywhere, staff commands only in staff chats."""
    citizen = [BotCommand(name, text) for name, text in texts.COMMANDS.items()]
    await app.bot.set_my_commands(citizen)
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
    problem = Forwarding(config, lambda: engine.kb).check_config()
    if problem:
        raise ConfigError(problem)
    app = build_application(config, engine)
    if config.mode == "webhook":
        app.run_webhook(listen=config.webhook_listen, port=config.webhook_port,
                        url_path="telegram", webhook_url=config.webhook_url,
                        secret_token=config.webhook_secret.reveal() or None,
                        allowed_updates=Update.ALL_TYPES)
    else:
        app.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0
