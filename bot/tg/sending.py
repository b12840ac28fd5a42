"""Send and edit rendered replies: the one place the adapter writes messages."""

from __future__ import annotations

from telegram import Message
from telegram.error import BadRequest

from bot.replies import Reply
from bot.tg import render


async def send(message: Message, reply: Reply) -> None:
    """Send a reply into the chat of `message`, split into several messages if needed."""
    for part in render.messages(reply):
        await message.chat.send_message(part.text, reply_markup=part.markup)


async def edit(message: Message, reply: Reply) -> None:
    """Replace a menu message in place; Telegram refuses an edit that changes nothing."""
    parts = render.messages(reply)
    try:
        await message.edit_text(parts[0].text, reply_markup=parts[0].markup)
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            raise
    for part in parts[1:]:
        await message.chat.send_message(part.text, reply_markup=part.markup)
