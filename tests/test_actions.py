"""Button actions: one encoder and one decoder; forged or broken data never raises."""

from __future__ import annotations

import pytest

from bot.actions import (
    AskOffice,
    Consent,
    Goal,
    NoneOfThese,
    ShowEntry,
    Theme,
    Themes,
    TicketAction,
    decode,
    encode,
    parse_number,
)
from bot.storage import parse_ticket_number

EVERY_KIND = [
    ShowEntry("entry", "kek-was-ist"), ShowEntry("show", "a"), ShowEntry("more", "b-2"),
    ShowEntry("similar", "c"), ShowEntry("up", "d"), ShowEntry("down", "e"), Themes(),
    Theme("finanzen"), Theme("kek", 3), Goal("netz-ziel"), AskOffice(), NoneOfThese(),
    Consent("yes", 123456789), Consent("no", 1), Consent("skip", 2), TicketAction("claim", 42),
    TicketAction("undo", 7),
]


@pytest.mark.parametrize("action", EVERY_KIND, ids=encode)
def test_every_action_survives_the_round_trip_within_64_bytes(action: object) -> None:
    data = encode(action)  # type: ignore[arg-type]
    assert len(data.encode()) <= 64
    assert decode(data) == action


@pytest.mark.parametrize("data", [
    "theme:kek:²", "tk:claim:abc", "tk:claim:²", "tk:claim:", "fw:yes", "fw:yes:1x", "fw:maybe:1",
    "entry:", "entry:Kek", "entry:../x", "more:a b", "tk:delete:1", "quatsch", "", None,
    "theme:kek:1:2", "goal:", "themes:x", "office:1", "x" * 200, "tk:claim:" + "9" * 30,
])
def test_forged_or_broken_data_is_rejected_without_an_exception(data: str | None) -> None:
    assert decode(data) is None


@pytest.mark.parametrize(("text", "number"), [
    ("42", 42), ("1", 1), ("²", None), ("4a", None), ("", None), ("٣", None), (" 4", None),
])
def test_numbers_are_plain_ascii_digits(text: str, number: int | None) -> None:
    assert parse_number(text) == number


@pytest.mark.parametrize(("text", "ticket"), [
    ("LUP-0042", 42), ("lup-42", 42), ("LUP-²", None), ("LUP-", None), ("0042", None),
    ("LUP-12345", 12345), ("LUP-4a", None),
])
def test_ticket_numbers_are_parsed_strictly(text: str, ticket: int | None) -> None:
    assert parse_ticket_number(text) == ticket
