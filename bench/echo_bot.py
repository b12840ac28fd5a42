"""A bare python-telegram-bot echo bot: the baseline that bench/load.py compares KEK-Bot with.

    KEK_BOT_TOKEN=... KEK_BOT_API_URL=http://127.0.0.1:PORT/bot .venv/bin/python bench/echo_bot.py

It is built like KEK-Bot's application where that matters for speed (ApplicationBuilder, the same
Bot API address, AIORateLimiter with its defaults, updates handled one at a time, long polling),
and has one MessageHandler that sends every text back into its chat. Nothing else: no knowledge
base, no storage, no outbox. Logs to stderr; stops on SIGTERM or SIGINT.
"""

from __future__ import annotations

import logging
import os
import sys

from telegram import Update
from telegram.ext import AIORateLimiter, ApplicationBuilder, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the text back, as KEK-Bot sends its replies (a new message in the same chat)."""
    message = update.effective_message
    if message is not None and message.text:
        await message.chat.send_message(message.text)


def main() -> int:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its INFO lines carry the token
    app = (
        ApplicationBuilder()
        .token(os.environ["KEK_BOT_TOKEN"])
        .base_url(os.environ["KEK_BOT_API_URL"])
        .rate_limiter(AIORateLimiter())
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0


if __name__ == "__main__":
    sys.exit(main())
