"""Every fixed sentence citizens read, in plain German. One place, so wording stays consistent.

Their versions in Leichte Sprache and English are in bot/texts_easy.py and bot/texts_en.py,
keyed by these German texts (bot/translate.py swaps them in).

Button labels are exactly those named in the issues; they carry no emoji.
"""

from __future__ import annotations

import datetime as dt

BOT_NAME = "KEK-Bot"
KEK = "Kreis-Entwicklungs-Konzept 2030"

BUTTON_MORE = "Mehr dazu"
BUTTON_SIMILAR = "Ähnliche Fragen"
BUTTON_HELPFUL = "Hilft mir"
BUTTON_UNHELPFUL = "Hilft mir nicht"
BUTTON_ASK_OFFICE = "Frage an das Bürgerbüro"
BUTTON_NONE = "Nichts davon"
BUTTON_BACK = "Zurück"
BUTTON_THEMES = "Alle Themen"
BUTTON_NEXT_PAGE = "Weitere Fragen"

SMALLTALK: dict[str, str] = {
    "greeting": (
        f"Hallo! Ich bin {BOT_NAME}. Ich beantworte Fragen zum {KEK} "
        "des Landkreises Ludwigslust-Parchim.\n\n"
        "Schreiben Sie einfach Ihre Frage. Zum Beispiel: Was ist die Kreisumlage?"
    ),
    "thanks": "Gern geschehen! Sie können mir jederzeit eine neue Frage schreiben.",
    "bye": "Auf Wiedersehen! Sie können jederzeit wiederkommen.",
    "who": (
        f"Ich bin {BOT_NAME}, ein Computer-Programm des Landkreises Ludwigslust-Parchim. "
        f"Ich beantworte Fragen zum {KEK}. "
        "Wenn ich etwas nicht weiß, gebe ich Ihre Frage an ein Bürgerbüro weiter."
    ),
    "capabilities": (
        f"Ich beantworte Fragen zum {KEK}. Das ist der Plan des Landkreises für seine "
        "Zukunft.\n\n"
        "Fragen Sie zum Beispiel nach Finanzen, Digitalisierung oder Bürger-Beteiligung. "
        "Wenn ich etwas nicht weiß, hilft Ihnen ein Mensch im Bürgerbüro."
    ),
    "human": (
        "Nein, ich bin kein Mensch. Ich bin ein Computer-Programm. "
        "Ich kann Ihre Frage aber an einen Menschen im Bürgerbüro weitergeben."
    ),
    "machine": (
        "Ja, ich bin ein Computer-Programm, ein Chat-Bot. Ich bin kein Mensch. "
        "Ich suche Antworten aus geprüften Texten zum KEK heraus. Wenn ich etwas nicht weiß, "
        "gebe ich Ihre Frage gern an einen Menschen im Bürgerbüro weiter."
    ),
    "yes": (
        "Gerade gibt es nichts, wozu Sie Ja sagen können. Was möchten Sie wissen? Schreiben "
        "Sie mir Ihre Frage in einem kurzen Satz."
    ),
    "no": (
        "In Ordnung. Was möchten Sie wissen? Schreiben Sie mir Ihre Frage in einem kurzen "
        "Satz. Mit /themen sehen Sie alle Themen."
    ),
    "stop": "Auf Wiedersehen! Wenn Sie wieder eine Frage haben, schreiben Sie mir einfach.",
    "confused": (
        "So fragen Sie mich am besten: Schreiben Sie eine kurze Frage. Zum Beispiel: Was ist "
        "die Kreisumlage? Mit /themen sehen Sie alle Themen."
    ),
    "how_are_you": (
        f"Danke, mir geht es gut. Was möchten Sie über das {KEK} wissen?"
    ),
    "praise": "Danke, das freut mich! Schreiben Sie mir gern Ihre nächste Frage.",
    "complaint": (
        "Das tut mir leid. Ich weiß nur, was im Kreis-Entwicklungs-Konzept steht, "
        "und verstehe nicht jede Frage.\n\n"
        "Schreiben Sie Ihre Frage gern noch einmal anders, in einem kurzen Satz. "
        "Oder ein Mensch im Bürgerbüro hilft Ihnen weiter."
    ),
    "ok": "Gut. Schreiben Sie mir gern Ihre nächste Frage zum KEK.",
    "language": (
        "Ich schreibe auf Deutsch, in kurzen und einfachen Sätzen. Mit /sprache wählen Sie "
        "auch Leichte Sprache oder Englisch. "
        "Sie können mir auch ohne Umlaute, klein oder mit Tipp-Fehlern schreiben. "
        "Wenn Sie etwas nicht verstehen, hilft Ihnen ein Mensch im Bürgerbüro."
    ),
}

HANDOFF: dict[str, str] = {
    "unknown": (
        "Das habe ich nicht sicher verstanden. Am besten klappt eine kurze Frage, zum "
        "Beispiel: Was ist die Kreisumlage?\n\n"
        "Vielleicht finden Sie die Antwort auch in einem dieser Themen. "
        "Oder ein Mensch im Bürgerbüro hilft Ihnen weiter."
    ),
    "unknown_no_themes": (
        "Das habe ich nicht sicher verstanden. Am besten klappt eine kurze Frage, zum "
        "Beispiel: Was ist die Kreisumlage?\n\n"
        "Ein Mensch im Bürgerbüro kann Ihnen auch weiterhelfen."
    ),
    "not_understood": (
        "Das habe ich leider nicht verstanden. "
        "Bitte schreiben Sie Ihre Frage in einem kurzen Satz. "
        "Zum Beispiel: Was ist die Kreisumlage?\n\n"
        "Sie können Ihre Frage auch an ein Bürgerbüro schicken."
    ),
    "off_topic": (
        f"Ich beantworte nur Fragen zum {KEK}. "
        "Für andere Anliegen hilft Ihnen ein Mensch im Bürgerbüro."
    ),
    "person": (
        "Gern. Ein Mensch im Bürgerbüro kann Ihnen weiterhelfen."
    ),
    "specific": (
        f"Das {KEK} ist ein Plan für den ganzen Landkreis. "
        "Einzelne Termine, Preise, freie Plätze oder Bau-Vorhaben in einem Ort "
        "stehen nicht darin. "
        "Darum kann ich Ihnen dazu nichts Sicheres sagen.\n\n"
        "Ein Mensch im Bürgerbüro kann Ihnen weiterhelfen."
    ),
    "rejected": (
        "Schade, dass keine Antwort gepasst hat. Ein Mensch im Bürgerbüro kann Ihnen "
        "weiterhelfen."
    ),
}

OFF_TOPIC_SUBJECT = (
    f"Zu {{topic}} steht im {KEK} nichts. Darum kann ich Ihre Frage nicht beantworten.\n\n"
    "Ein Mensch im Bürgerbüro kann Ihnen weiterhelfen."
)

BUTTON_IN_GENERAL = "Was das KEK allgemein dazu sagt"
CLARIFY = "Ich bin nicht ganz sicher, was Sie meinen. Meinen Sie eine dieser Fragen?"
CLARIFY_ONE = "Ich bin nicht ganz sicher, was Sie meinen. Meinen Sie diese Frage?"
UNDERSTOOD_AS = "Ich verstehe Ihre Frage so: {question}"
SIMILAR = "Diese Fragen passen auch zum Thema:"
SIMILAR_NONE = "Dazu kenne ich leider keine ähnlichen Fragen."
NO_MORE = "Mehr weiß ich dazu leider nicht."
MORE_WHICH = "Wozu möchten Sie mehr wissen? Schreiben Sie bitte Ihre Frage."
FEEDBACK_THANKS = "Danke für Ihre Rückmeldung!"
FEEDBACK_SORRY = (
    "Schade. Versuchen Sie es mit anderen Worten. Oder schicken Sie Ihre Frage an ein Bürgerbüro."
    "\n\nWenn Sie mögen: Was war nicht gut? Tippen Sie auf einen Knopf."
)
BUTTON_REASON = {
    "wrong": "Falsche Antwort",
    "hard": "Zu schwer verständlich",
    "missing": "Es fehlt etwas",
}
FEEDBACK_REASON_THANKS = (
    "Danke! Das hilft uns, die Antworten zu verbessern. Ihre Rückmeldung ist ohne Namen "
    "gespeichert."
)
ENTRY_GONE = (
    "Diese Antwort gibt es leider nicht mehr. Die Informationen wurden inzwischen geändert. "
    "Bitte wählen Sie ein Thema."
)
# The source with its own date (left out when unknown), and apart from it when staff last
# checked the answer: "Stand" next to a 2016 article read as if the article were current.
SOURCE = "Quelle: {source}."
SOURCE_DATED = "{title}, {date}"
SOURCE_CHECKED = "Geprüft am {date}."

THEMES_INTRO = "Wählen Sie ein Thema:"
THEME_PROMPT = "Wählen Sie eine Frage:"
THEME_PAGE = "{title}, Seite {page} von {pages}"

CONTACT_INTRO = "So erreichen Sie einen Menschen beim Landkreis:"
CONTACT_FALLBACK = (
    "Aktuelle Adressen und Öffnungszeiten finden Sie auf www.kreis-lup.de unter "
    "„Bürgerservice“. Sie können auch die Behörden-Nummer 115 anrufen."
)
CONTACT_NOT_FOUND = "Für den Ort „{town}“ kenne ich kein Bürgerbüro."
CONTACT_HOURS_UNKNOWN = "Öffnungszeiten: bitte vorher nachfragen."
CONTACT_WORDS = {"address": "Adresse", "phone": "Telefon", "email": "E-Mail", "until": "bis"}

MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
    "Oktober", "November", "Dezember",
)
WEEKDAY_NAMES = {
    "mo": "Montag", "di": "Dienstag", "mi": "Mittwoch", "do": "Donnerstag", "fr": "Freitag",
    "sa": "Samstag", "so": "Sonntag",
}


def german_date(day: dt.date) -> str:
    """A date as screen readers read it well: "25. November 2026"."""
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def source_date(value: int | dt.date) -> str:
    """When a source appeared: "2017" for a year, "12. Oktober 2017" for a date."""
    return german_date(value) if isinstance(value, dt.date) else str(value)


def source_lines(title: str, published: int | dt.date | None,
                 reviewed: dt.date) -> tuple[str, str]:
    """("Quelle: <title>, 2017.", "Geprüft am 25. November 2026."): the source with its date
    where known, and when staff last checked the answer. `title` may be an HTML link already;
    the rest holds no character that HTML escapes."""
    source = title if published is None else SOURCE_DATED.format(
        title=title, date=source_date(published))
    return SOURCE.format(source=source), SOURCE_CHECKED.format(date=german_date(reviewed))


def clock(time: dt.time) -> str:
    """A time without leading zero: "8:00 Uhr"."""
    return f"{time.hour}:{time.minute:02d} Uhr"

WELCOME = (
    f"Willkommen beim {BOT_NAME}!\n\n"
    f"Ich bin ein Computer-Programm des Landkreises Ludwigslust-Parchim. Ich beantworte Fragen "
    f"zum {KEK}. Das ist der Plan des Landkreises für seine Zukunft.\n\n"
    "Schreiben Sie Ihre Frage einfach in das Feld unten. Oder wählen Sie ein Thema.\n\n"
    "Wenn ich etwas nicht weiß, hilft Ihnen ein Mensch im Bürgerbüro."
)
HELP = (
    "So benutzen Sie den Bot:\n\n"
    "1. Schreiben Sie Ihre Frage in einem kurzen Satz. Zum Beispiel: Was ist die Kreisumlage?\n"
    "2. Oder tippen Sie auf /themen. Dann sehen Sie alle Themen.\n"
    "3. Mit /kontakt sehen Sie die Bürgerbüros. Mit /kontakt und Ihrem Ort sehen Sie Ihr "
    "Bürgerbüro, zum Beispiel: /kontakt Hagenow\n\n"
    "Wenn ich etwas nicht weiß, hilft Ihnen ein Mensch im Bürgerbüro.\n\n"
    "Mit /datenschutz lesen Sie, was ich speichere. Mit /ueber lesen Sie, was ich bin."
)
BUTTON_PRIVACY = "Datenschutz"
PRIVACY = (
    "Datenschutz beim KEK-Bot\n\n"
    "Was speichere ich? Nur wenn Sie eine Frage an ein Bürgerbüro weiterleiten lassen: Ihre "
    "Frage, Ihren Wohnort (wenn Sie ihn nennen), Ihre Ergänzungen, die Antwort und die Nummer "
    "Ihres Chats. Nur so erreicht Sie die Antwort.{log}\n\n"
    "Wenn Sie mit /einfach oder /sprache Leichte Sprache oder Englisch wählen, speichere ich "
    "das mit der Nummer Ihres Chats. Mit /sprache Deutsch oder /loeschen ist es wieder "
    "gelöscht.\n\n"
    "Wie lange? Höchstens {days} Tage. Dann lösche ich alles von selbst.\n\n"
    "Wer sieht das? Die Mitarbeitenden im Bürgerbüro. Sie lesen Ihre Frage in einem "
    "Telegram-Chat.{email}\n\n"
    "Was kann ich nicht zurückholen? Eine E-Mail, die schon angekommen ist. Nachrichten im "
    "Chat des Bürgerbüros lösche ich mit, aber nur bis 48 Stunden nach dem Senden.\n\n"
    "Telegram: Alle Nachrichten laufen über Telegram. Das ist eine Firma außerhalb der EU. "
    "Was Telegram speichert, kann der Landkreis nicht bestimmen.\n\n"
    "Ihre Rechte: Sie dürfen wissen, was gespeichert ist (/meine_fragen). Sie dürfen Fehler "
    "berichtigen und alles löschen lassen (/loeschen). Sie dürfen Ihre Zustimmung jederzeit "
    "zurücknehmen. Sie dürfen sich bei der Aufsichts-Behörde für den Datenschutz "
    "beschweren.\n\n"
    "Verantwortlich: {controller}\n"
    "Datenschutz-Beauftragte Stelle: {officer}"
)
PRIVACY_LOG = (
    "\n\nDamit die Antworten besser werden, speichere ich außerdem jede Frage, die ich "
    "beantworten soll. Vorher entferne ich Namen, Telefon-Nummern, E-Mail-Adressen und andere "
    "Nummern. Die Nummer Ihres Chats speichere ich dabei nicht, die Uhrzeit nur auf die Stunde "
    "genau. Darum kann niemand diese Fragen Ihnen zuordnen, und /loeschen findet sie nicht. "
    "Nach {days} Tagen lösche ich sie von selbst."
)
PRIVACY_NO_LOG = " Fragen, die ich selbst beantworte, speichere ich nicht."
PRIVACY_EMAIL = " Manche Bürgerbüros bekommen zusätzlich eine Kopie per E-Mail."
PRIVACY_NOT_SET = "Diese Angabe fehlt noch. Bitte fragen Sie im Bürgerbüro."
ABOUT = (
    "Über den KEK-Bot\n\n"
    "Ich bin ein Computer-Programm des Landkreises Ludwigslust-Parchim. Ich bin kein Mensch.\n\n"
    "Ich kenne nur Texte zum Kreis-Entwicklungs-Konzept 2030. Der Landkreis hat sie "
    "geprüft, zuletzt am {date}. Jede Antwort stammt aus diesen Texten. Ich denke mir "
    "nichts aus.\n\n"
    "Ich gebe keine Rechts-Beratung. Ich kenne keine Termine und keine Anträge.\n\n"
    "Wenn ich etwas nicht weiß, leite ich Ihre Frage auf Wunsch an ein Bürgerbüro weiter. "
    "Dort antwortet Ihnen ein Mensch."
)
NON_TEXT = (
    "Ich kann leider nur geschriebenen Text lesen. Bitte schreiben Sie Ihre Frage als "
    "Nachricht.\n\nSie können sich auch an ein Bürgerbüro wenden."
)
EDITED = (
    "Sie haben eine Nachricht geändert. Ich lese nur neue Nachrichten. "
    "Bitte schicken Sie Ihre Frage noch einmal."
)
SLOW_DOWN = (
    "Bitte etwas langsamer. Sie haben mir gerade sehr viele Nachrichten geschickt. "
    "Warten Sie bitte eine Minute. Dann beantworte ich gern wieder Ihre Fragen."
)
UNKNOWN_COMMAND = "Diesen Befehl kenne ich nicht. Mit /hilfe sehen Sie, was ich kann."
COMMANDS = {
    "start": "Begrüßung und wichtige Themen",
    "themen": "Alle Themen des KEK 2030 ansehen",
    "kontakt": "Bürgerbüros und Kontakt, auch mit Ort",
    "hilfe": "So benutzen Sie den Bot",
    "meine_fragen": "Ihre Fragen an das Bürgerbüro",
    "loeschen": "Ihre gespeicherten Fragen löschen",
    "datenschutz": "Was gespeichert wird und Ihre Rechte",
    "einfach": "Leichte Sprache an oder aus",
    "sprache": "Sprache wählen: Deutsch, Leichte Sprache, English",
    "barrierefreiheit": "Was für alle gut lesbar ist und was noch fehlt",
    "impressum": "Wer diesen Bot anbietet",
    "ueber": "Was dieser Bot ist und kann",
}
STAFF_COMMANDS = {
    "offen": "Offene Fragen von Bürgerinnen und Bürgern",
    "antwort": "Eine Frage beantworten: /antwort LUP-0042 Text",
    "neu_laden": "Wissensbasis neu laden und prüfen",
    "statistik": "Fragen der letzten Tage, mit Grafik: /statistik 30",
    "rueckgaengig": "Die zuletzt eingespielte Datei zurücknehmen",
    "luecken": "Die größten Lücken: Fragen ohne gute Antwort",
}
RELOAD_OK = "Die Wissensbasis ist neu geladen: {entries} Einträge, {warnings} Warnungen."
RELOAD_FAILED = (
    "Die neue Wissensbasis hat {count} Fehler. Der Bot benutzt weiter die alte Fassung.\n\n"
    "{problems}"
)

# --- forwarding to a Bürgerbüro ---------------------------------------------------------------

BUTTON_CONSENT_YES = "Ja, bitte weiterleiten"
BUTTON_CONSENT_NO = "Nein"
BUTTON_SKIP = "Überspringen"
BUTTON_CLAIM = "Ich übernehme"

DEFAULT_OFFICE_NAME = "Bürgerbüro des Landkreises"
CONSENT = (
    "Soll ich Ihre Frage an ein Bürgerbüro des Landkreises weiterleiten? "
    "Dort antwortet Ihnen ein Mensch, hier im Chat.\n\n"
    "Das wird gesendet: Ihre Frage „{question}“. Wenn Sie möchten, auch Ihr Wohnort.\n"
    "Das wird gespeichert: Ihre Frage, Ihr Wohnort, die Antwort und die Nummer dieses Chats. "
    "Nur so kann die Antwort Sie erreichen.\n"
    "Nach {days} Tagen löschen wir die Daten. Mit /loeschen können Sie sie jederzeit selbst "
    "löschen.{email}\n"
    "Mehr dazu: /datenschutz"
)
CONSENT_EMAIL = " Manche Bürgerbüros bekommen auch eine Kopie per E-Mail."
CONSENT_DECLINED = (
    "In Ordnung, ich leite nichts weiter. Es wurde nichts gespeichert. "
    "Sie können mir gern eine andere Frage stellen."
)
ALREADY_FORWARDED = "Diese Frage ist schon weitergeleitet. Sie hat die Nummer {number}."
DRY_RUN_FORWARD = (
    "Hier im Terminal leite ich nichts weiter und speichere nichts. Auf Telegram ginge Ihre "
    "Frage jetzt an: {office}."
)
CONSENT_EXPIRED = (
    "Diese Anfrage ist nicht mehr offen. Bitte schreiben Sie Ihre Frage noch einmal."
)
WRITE_QUESTION_FIRST = (
    "Gern. Bitte schreiben Sie Ihre Frage in einer Nachricht. Ich frage Sie dann, ob ich sie "
    "weiterleiten darf."
)
MISSES_OFFER = "Das hat leider nicht geholfen."
TOWN_QUESTION = (
    "In welchem Ort wohnen Sie? Dann geht Ihre Frage an das passende Bürgerbüro.\n\n"
    "Schreiben Sie den Ort als Nachricht. Sie können das auch überspringen."
)
CONFIRMATION = (
    "Danke! Ihre Frage ist weitergeleitet. Sie hat die Nummer {number}.\n"
    "Es antwortet: {office}. Die Antwort bekommen Sie hier im Chat."
)
CONFIRMATION_FOLLOW_UP = (
    "Möchten Sie noch etwas ergänzen? Dann antworten Sie auf diese Nachricht. "
    "Mit /meine_fragen sehen Sie Ihre Fragen."
)
ANSWER_USUALLY = "Meist kommt eine Antwort innerhalb von {days} Werktagen."
HOURS_UNKNOWN = "Die Öffnungszeiten dieses Büros kenne ich leider nicht."
OFFICE_CLOSED = "Das Büro ist gerade geschlossen. Es öffnet wieder am {day} um {time}."
OFFICE_CLOSED_TODAY = "Das Büro ist gerade geschlossen. Es öffnet heute um {time}."
ALTERNATIVE_PHONE = "Sie erreichen das Büro auch über Telefon {phone}."
ALTERNATIVE_EMAIL = "Sie erreichen das Büro auch über E-Mail {email}."
ALTERNATIVE_BOTH = "Sie erreichen das Büro auch über Telefon {phone} oder E-Mail {email}."
ALTERNATIVE_115 = "Sie können auch die Behörden-Nummer 115 anrufen."
TOWN_NOT_GIVEN = "nicht angegeben"
ANSWER_TO_CITIZEN = (
    "Antwort vom {office} zu Ihrer Frage {number}:\n\n{answer}\n\n"
    "Ihre Frage war: „{question}“"
)
MY_TICKETS_NONE = "Sie haben noch keine Frage an ein Bürgerbüro geschickt."
MY_TICKETS_INTRO = "Ihre Fragen an das Bürgerbüro:"
TICKET_LINE = "Frage {number} vom {date}: {status}.\n{question}"
TICKET_STATUS = {"new": "wartet auf den Ort", "open": "offen", "answered": "beantwortet",
                 "closed": "abgeschlossen"}
FOLLOW_UP_ADDED = "Danke. Ich habe Ihre Ergänzung zu {number} an das Bürgerbüro weitergegeben."
FOLLOW_UP_CLOSED = (
    "Die Frage {number} ist schon beantwortet. Bitte schreiben Sie eine neue Frage."
)
DELETE_CONFIRM = (
    "Soll ich alle Daten zu Ihren Fragen an das Bürgerbüro löschen? Das sind Ihre Fragen, Ihr "
    "Wohnort und die Antworten. Das lässt sich nicht rückgängig machen. Offene Fragen werden "
    "dann nicht mehr beantwortet."
)
BUTTON_DELETE_YES = "Ja, alles löschen"
BUTTON_DELETE_NO = "Nein"
DELETE_KEPT = "In Ordnung, ich habe nichts gelöscht."
DELETED = (
    "Ich habe alle gespeicherten Daten zu Ihren Fragen gelöscht ({count} Fragen). "
    "Ihre Nachrichten im Chat des Bürgerbüros lösche ich auch, soweit Telegram das erlaubt: "
    "bis 48 Stunden nach dem Senden. E-Mail-Kopien kann ich nicht zurückholen."
)
STAFF_EXPIRED = (
    "Die Frage {number} war {days} Tage offen. Nach den Lösch-Fristen ist sie jetzt mit allen "
    "Daten gelöscht. Eine Antwort ist nicht mehr möglich."
)

STAFF_TICKET = (
    "Neue Frage {number}\n"
    "Für: {office}\n"
    "Ort: {town}\n"
    "Zeit: {time}\n\n"
    "{question}\n\n"
    "Antworten Sie auf diese Nachricht oder mit /antwort {number} und Ihrem Text."
)
STAFF_CLAIMED = "Übernommen von {name}."
STAFF_ALREADY_CLAIMED = "Diese Frage hat schon jemand übernommen."
STAFF_ANSWER_SENT = (
    "Die Antwort zu {number} ist gespeichert und geht an die Person. "
    "In den nächsten {minutes} Minuten können Sie sie noch zurücknehmen."
)
BUTTON_UNDO = "Zurücknehmen"
BUTTON_ADOPT = "Als Antwort für alle übernehmen"
ADOPT_NOTHING = "Zu dieser Frage gibt es keine Antwort, die ich übernehmen kann."
ADOPT_SENT = (
    "Hier ist ein Entwurf für alle. Bitte prüfen: Ist die Frage ohne persönliche Angaben? "
    "Passt die Antwort für alle? Dann draft: true löschen und die Datei schicken."
)
ADOPT_WARNINGS = "Hinweise zur einfachen Sprache:"
STAFF_UNDONE = "Die Antwort zu {number} ist zurückgenommen. Die Frage ist wieder offen."
STAFF_UNDO_TOO_LATE = "Zurücknehmen geht nur in den ersten {minutes} Minuten."
CITIZEN_ANSWER_WITHDRAWN = (
    "Das Bürgerbüro hat seine Antwort zu Ihrer Frage {number} zurückgenommen. "
    "Sie bekommen bald eine neue Antwort."
)
INTERNAL_MARK = "#intern"
STAFF_NOTE_SAVED = (
    "Die interne Notiz zu {number} ist gespeichert. Sie geht nicht an die Person."
)
STAFF_NOT_A_TICKET = (
    "Diese Nachricht gehört zu keiner offenen Frage. Antworten Sie direkt auf eine Nachricht "
    "„Neue Frage LUP-…“ oder schreiben Sie /antwort LUP-0042 und Ihren Text."
)
STAFF_DELIVERY_FAILED = (
    "Achtung: {what} zu {number} ließ sich nicht zustellen. Grund: {reason} "
    "Bitte nehmen Sie auf anderem Weg Kontakt auf, wenn das nötig ist."
)
STAFF_FAILED_INTRO = "Nicht zugestellt:"
STAFF_FAILED_LINE = "{number}: {what}. Grund: {reason}"
DELIVERY_WHAT = {
    "staff_ticket": "Die neue Frage",
    "confirmation": "Die Bestätigung an die Person",
    "answer": "Die Antwort an die Person",
    "note": "Eine Nachricht",
    "email": "Die E-Mail-Kopie",
    "delete": "Das Löschen der Antwort im Chat der Person",
}
FAILURE_REASONS = {
    "blocked": "Die Person hat den Bot blockiert.",
    "deactivated": "Das Telegram-Konto der Person gibt es nicht mehr.",
    "chat_not_found": "Diesen Chat gibt es nicht oder nicht mehr.",
    "not_member": "Der Bot ist nicht Mitglied dieses Chats.",
    "too_long": "Die Nachricht ist zu lang.",
    "rejected": "Telegram lehnt die Nachricht ab ({detail}).",
    "attempts": "{attempts} Versuche ohne Erfolg, zuletzt: {detail}.",
}
STAFF_TICKET_UNKNOWN = "Eine Frage {number} gibt es nicht."
STAFF_TICKET_CLOSED = "Die Frage {number} ist schon beantwortet."
STAFF_ANSWER_USAGE = "So geht es: /antwort LUP-0042 Ihr Antworttext"
STAFF_FOLLOW_UP = "Ergänzung zu {number}:\n\n{text}"
STAFF_OPEN_NONE = "Es gibt keine offenen Fragen."
STAFF_OPEN_INTRO = "Offene Fragen, die älteste zuerst:"
STAFF_REMINDER = "Erinnerung: Die Frage {number} ist seit {hours} Stunden offen.\n\n{question}"

# --- terminal chat ---------------------------------------------------------------------------

CHAT_PICK_NUMBER = (
    "Bitte tippen Sie eine Zahl von 1 bis {count}. Oder schreiben Sie eine neue Frage."
)
CHAT_PICK_ONE = "Bitte tippen Sie die 1. Oder schreiben Sie eine neue Frage."
CHAT_NOTHING_TO_PICK = (
    "Gerade gibt es nichts zum Auswählen. Schreiben Sie bitte Ihre Frage in Worten."
)


# --- curation report (for staff) --------------------------------------------------------------

REPORT_TITLE = "KEK-Bot: Bericht für die Pflege der Antworten"
REPORT_PERIOD = "Zeitraum: die letzten {days} Tage. Erstellt am {made}."
REPORT_EMPTY = "Noch keine Fragen in diesem Zeitraum."
REPORT_SUMMARY = (
    "{count} Fragen in {days} Tagen. Beantwortet: {answered:.0%}. Mit Auswahl: {offered:.0%}. "
    "Nicht beantwortet: {forwarded:.0%}. Gruppen von ähnlichen Fragen ohne gute Antwort: "
    "{groups}."
)
REPORT_CHART_ALT = "Fragen pro Tag, nach Ergebnis"
REPORT_OUTCOMES = {"answer": "beantwortet", "clarify": "Auswahl", "handoff": "weitergeleitet"}
REPORT_GROUPS = "Verpasste und schlecht beantwortete Fragen, größte Gruppe zuerst"
REPORT_NEAREST = "Nächste Einträge (Punkte):"
REPORT_NO_GROUPS = "Keine verpassten Fragen."
REPORT_FEEDBACK = "Einträge mit den meisten „Hilft mir nicht“"
REPORT_NO_FEEDBACK = "Noch keine negativen Rückmeldungen."
REPORT_HARD = "Einträge, die am häufigsten „zu schwer verständlich“ waren"
REPORT_UNASKED = "Einträge, nach denen niemand gefragt hat"
REPORT_STALE = "Einträge, die seit über einem Jahr nicht geprüft wurden"
STAFF_STATS_USAGE = "So geht es: /statistik oder /statistik 30 (die Zahl der Tage)."
STAFF_LINKS_INTRO = (
    "Direkt-Links zu jeder Antwort, zum Beispiel für die Internet-Seiten des Landkreises. "
    "Wer einen Link öffnet, sieht im Bot sofort diese Antwort."
)

INSTALL_REFUSED = (
    "Die Datei {file} ist nicht eingespielt. Die Wissensbasis bleibt, wie sie war.\n\n{problems}"
)
INSTALL_DONE = (
    "Die Datei {file} ist eingespielt und geladen. Neu: {added}. Geändert: {changed}. "
    "Entfernt: {removed}. Warnungen: {warnings}. Mit /rueckgaengig holen Sie die vorige "
    "Fassung zurück."
)
UNDO_DONE = (
    "Die vorige Fassung von {file} ist zurück und geladen. Neu: {added}. Geändert: {changed}. "
    "Entfernt: {removed}."
)
UNDO_NOTHING = "Es gibt nichts zum Zurücknehmen."
INSTALL_NOT_ALLOWED = (
    "Dateien für die Wissensbasis dürfen nur eingetragene Mitarbeitende schicken "
    "(Einstellung staff.user_ids)."
)
GAP_GONE = "Diese Liste ist nicht mehr aktuell. Bitte rufen Sie /luecken noch einmal auf."
GAPS_NONE = "Es gibt keine Gruppen von Fragen ohne gute Antwort in den letzten {days} Tagen."
GAP_LINE = "Lücke {number}: {count} Fragen, zum Beispiel „{example}“. Nächster Eintrag: {entry}."
GAP_LINE_EN = (
    "Lücke {number}, Fragen auf Englisch: {count} Fragen, zum Beispiel „{example}“. Nächster "
    "Eintrag: {entry}. Hinzufügen setzt sie unter en: zu den englischen Fragen."
)
BUTTON_GAP_ADD = "Als Frage zu {entry} hinzufügen"
BUTTON_GAP_DRAFT = "Neuer Entwurf"
GAP_DRAFT_SENT = (
    "Hier ist ein Entwurf. Ergänzen Sie Antwort und Quelle, löschen Sie draft: true, und "
    "schicken Sie ihn in der passenden Themen-Datei zurück."
)

# A second way to reach a person, for everyone who cannot use a chat (EN 301 549).
PHONE_115 = "Per Telefon erreichen Sie den Landkreis über die Behörden-Nummer 115."


ACCESSIBILITY = (
    "Barriere-Freiheit beim KEK-Bot\n\n"
    "Das klappt schon: Ich schreibe nur Text, ohne Bilder. Ein Bild-Schirm-Leser liest alles "
    "vor. Die Antwort steht immer vor den Knöpfen. Mit /einfach schreibe ich in Leichter "
    "Sprache. Mit /sprache wählen Sie auch Englisch. Wenn ich nicht helfen kann, nenne ich "
    "Ihnen die Behörden-Nummer 115.\n\n"
    "Das klappt noch nicht: Sprach-Nachrichten und Bilder kann ich nicht lesen. Die längeren "
    "Texte hinter „Mehr dazu“ gibt es nur in einfacher Sprache, nicht in Leichter Sprache. "
    "Die Texte in Leichter Sprache hat noch niemand aus der Ziel-Gruppe geprüft.\n\n"
    "Eine Barriere melden: Schreiben Sie mir, was nicht geklappt hat, und tippen Sie auf "
    "„Frage an das Bürgerbüro“. Oder schreiben Sie an: {controller}"
)
IMPRINT = "Impressum\n\nAnbieter dieses Bots: {controller}\n\nDatenschutz: /datenschutz"

LANGUAGE_CHOOSE = "In welcher Sprache soll ich schreiben? / Which language do you prefer?"
LANGUAGE_BUTTONS = {"de": "Deutsch", "easy": "Leichte Sprache", "en": "English"}
LANGUAGE_GERMAN = "Gut. Ich schreibe auf Deutsch."
