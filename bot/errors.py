"""The project's exception tree.

    BotError
    ├── ConfigError       a setting is missing or wrong (message names the setting)
    ├── KnowledgeError    the knowledge base cannot be used (carries the problems found)
    ├── StorageError      the database cannot be opened or migrated
    └── StartError        Telegram rejects the token or cannot be reached at start
"""

from __future__ import annotations

from collections.abc import Sequence


class BotError(Exception):
    """Base class for all errors KEK-Bot raises on purpose."""


class ConfigError(BotError):
    """A setting is missing or has a wrong value."""


class KnowledgeError(BotError):
    """The knowledge base has errors and cannot be served."""

    def __init__(self, message: str, problems: Sequence[object] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


class StorageError(BotError):
    """The database cannot be opened or migrated."""


class StartError(BotError):
    """Telegram rejects the bot token or cannot be reached when the bot starts."""
