"""E-mail copies of forwarded questions to an office, over SMTP with STARTTLS."""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from email.message import EmailMessage

from bot.config import Config


def configured(config: Config) -> bool:
    return bool(config.smtp_host and config.smtp_sender)


async def send_mail(config: Config, to: str, subject: str, body: str) -> None:
    """Send one plain-text e-mail; raises OSError or smtplib.SMTPException on failure."""
    message = EmailMessage()
    message["From"] = config.smtp_sender
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    await asyncio.to_thread(_send, config, message)


def _send(config: Config, message: EmailMessage) -> None:
    with smtplib.SMTP(config.smtp_host, config.smtp_port, timeout=30) as smtp:
        if config.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
        if config.smtp_username:
            smtp.login(config.smtp_username, config.smtp_password.reveal())
        smtp.send_message(message)
