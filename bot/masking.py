"""Mask what could identify a person in a citizen's message before it is logged.

Removed: e-mail addresses, URLs, @names, phone numbers and every other run of digits (years from
1900 to 2099 stay: "2030" is the subject, not a person), and names: the signature after a
closing ("Mit freundlichen Grüßen Erika Mustermann"), a name-only last line ("Ihre Gerda aus
Crivitz"), and names in self-introductions ("ich heiße Jürgen", "mein Name ist Petra Schulz").
The message anatomy (bot/anatomy.py) finds closings and introductions; this module replaces
their names. Masked free text can still identify someone ("der Bürgermeister von X"), so the log
keeps it only for the retention period, and the privacy notice says so.
"""

from __future__ import annotations

import re

from bot.anatomy import clean, parse

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
HANDLE = re.compile(r"(?<!\w)@\w{2,}")
# A phone number: digits with spaces, slashes, dashes, brackets or a leading +, six digits at
# least; and any other run of digits that is not a year.
PHONE = re.compile(r"(?<!\w)\+?\(?\d[\d\s/()-]{4,}\d(?!\w)")
NUMBER = re.compile(r"(?<!\w)\d+(?:[.,]\d+)*(?!\w)")
# Letters and four or more digits in one word: an ID card, a customer or a file number.
CODE = re.compile(r"\b(?=\w*\d{4})(?=\w*[^\W\d])\w{5,}\b")
YEAR = re.compile(r"(?:19|20)\d\d")
# Names after a self-introduction: up to three capitalised words (or an initial).
INTRODUCED = re.compile(
    r"(?i:(ich hei(?:ß|ss|s)e|mein name ist|mein name lautet|hier (?:ist|schreibt)|ich bin|"
    r"my name is|this is))(\s+)((?:[A-ZÄÖÜ][\w'-]*(?:\.(?=\s+[A-ZÄÖÜ]))?(?:\s+|$)){0,2}"
    r"[A-ZÄÖÜ][\w'-]*)")
# The closing formula itself stays ("Mit freundlichen Grüßen"); what follows is the signature.
CLOSING_WORDS = re.compile(
    r"(?i)^((?:mit )?(?:freundlichen|besten|lieben|herzlichen|vielen|sonnigen|nachbarlichen)?"
    r"\s*gr(?:ü|ue|u)(?:ß|ss|s)(?:en?|e)?|(?:viele|liebe|beste|herzliche|schöne|schone) "
    r"gr(?:ü|ue|u)(?:ß|ss|s)e?|mfg|lg|vg|hochachtungsvoll|cheers|regards|best regards|"
    r"kind regards|danke im voraus|vielen dank im voraus|besten dank im voraus|"
    r"vielen dank schon mal|danke schon mal|danke vorab|ihre?|dein|deine|eure?|familie)\b[ ,.!]*")

NAME = "[Name]"


def mask(text: str) -> str:
    """The message with names, contact data and numbers replaced; whitespace collapsed."""
    text = EMAIL.sub("[E-Mail]", clean(text))  # before the anatomy: "?" in a URL is no end
    text = URL.sub("[Link]", text)
    parts = parse(text).parts
    pieces = []
    for part in parts:
        if part.kind == "closing":
            pieces.append(_mask_signature(part.text))
        elif part.kind in ("introduction", "greeting"):
            pieces.append(INTRODUCED.sub(_introduced, part.text))
        else:
            pieces.append(part.text)
    masked = " ".join(pieces) if parts else text
    masked = HANDLE.sub(NAME, masked)
    masked = PHONE.sub(_phone_or_year, masked)
    masked = CODE.sub("[Nummer]", masked)
    masked = NUMBER.sub(lambda m: m.group(0) if YEAR.fullmatch(m.group(0)) else "[Zahl]",
                        masked)
    return " ".join(masked.split())


def _mask_signature(text: str) -> str:
    found = CLOSING_WORDS.match(text)
    formula = found.group(0).strip(" ,.!") if found and found.group(0).strip() else ""
    rest = text[found.end():].strip() if found else text.strip()
    if not rest:
        return formula
    return f"{formula} {NAME}".strip()


def _introduced(found: re.Match[str]) -> str:
    if found.group(3).split()[0].lower().strip(".,") in _NOT_NAMES:
        return found.group(0)
    return f"{found.group(1)}{found.group(2)}{NAME}"


def _phone_or_year(found: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", found.group(0))
    if len(digits) < 6:
        return found.group(0)  # a date or a small number: NUMBER decides
    return "[Telefon]"


# Capitalised words after "ich bin" that are not names ("Ich bin Rentnerin", "Ich bin Mutter").
_NOT_NAMES = frozenset(
    "rentner rentnerin mutter vater oma opa student studentin schüler schülerin schuler "
    "schulerin landwirt landwirtin unternehmer unternehmerin lehrer lehrerin mitglied "
    "alleinerziehend alleinerziehende neu seit aus in im am bei der die das ein eine "
    "selbstständig selbststandig arbeitslos pendler pendlerin bürger burger bürgerin "
    "bürgermeister burgermeister gemeindevertreter gemeindevertreterin".split())
