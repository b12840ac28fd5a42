"""The bot's fixed texts in Leichte Sprache, for a citizen who chose /einfach.

`FIXED` maps each German template of bot/texts.py to its version in Leichte Sprache (the same
placeholders, or fewer), `BUTTONS` each German button label. bot/translate.py swaps them in.
Every text here keeps the stricter rules of `kek-bot check` for Leichte Sprache: short
sentences with one statement each, no passive, "nicht" only where nothing positive fits, long
words split with a hyphen (tests/test_translations.py holds them to it).
"""

from __future__ import annotations

from bot import texts

MISSING = "Für diese Antwort gibt es noch keine Leichte Sprache. Hier ist die kurze Antwort:"
ON = (
    "Ab jetzt schreibe ich in Leichter Sprache.\n"
    "Das merke ich mir für diesen Chat.\n"
    "Dafür speichere ich die Nummer von diesem Chat.\n"
    "Mit /einfach schalten Sie es wieder aus.\n"
    "Mit /loeschen löschen Sie alles."
)
OFF = "Ich schreibe jetzt wieder in einfacher Sprache. Ihre Wahl habe ich gelöscht."

FIXED: dict[str, str] = {
    texts.SMALLTALK["greeting"]: (
        "Hallo!\nIch bin der KEK-Bot.\nIch bin ein Computer-Programm.\n"
        "Ich beantworte Fragen zum KEK.\nDas KEK ist ein Plan für den Land-Kreis.\n"
        "Schreiben Sie mir Ihre Frage."
    ),
    texts.SMALLTALK["thanks"]: "Gern.\nSie können mir jederzeit eine neue Frage schreiben.",
    texts.SMALLTALK["confused"]: (
        "Schreiben Sie eine kurze Frage.\nZum Beispiel: Was ist die Kreis-Umlage?\n"
        "Mit /themen sehen Sie alle Themen."
    ),
    texts.HANDOFF["unknown"]: (
        "Ihre Frage ist mir leider unklar.\nSchreiben Sie bitte eine kurze Frage.\n"
        "Oder wählen Sie ein Thema.\nEin Mensch im Bürger-Büro hilft Ihnen auch."
    ),
    texts.HANDOFF["unknown_no_themes"]: (
        "Ihre Frage ist mir leider unklar.\nSchreiben Sie bitte eine kurze Frage.\n"
        "Ein Mensch im Bürger-Büro hilft Ihnen auch."
    ),
    texts.FEEDBACK_THANKS: "Danke für Ihre Antwort!",
    texts.CONSENT_DECLINED: (
        "Gut.\nIch schicke Ihre Frage an niemanden.\nIch habe nichts gespeichert.\n"
        "Sie können mir eine andere Frage schreiben."
    ),
    texts.WRITE_QUESTION_FIRST: (
        "Gern.\nSchreiben Sie mir zuerst Ihre Frage.\n"
        "Dann frage ich Sie: Darf ich die Frage weiter-schicken?"
    ),
    texts.TOWN_QUESTION: (
        "In welchem Ort wohnen Sie?\nDann geht Ihre Frage an das richtige Bürger-Büro.\n"
        "Schreiben Sie den Ort.\nOder tippen Sie auf: Überspringen."
    ),
    texts.WELCOME: (
        "Willkommen beim KEK-Bot!\nIch bin ein Computer-Programm.\n"
        "Ich komme vom Land-Kreis Ludwigslust-Parchim.\nIch beantworte Fragen zum KEK.\n"
        "Das KEK ist ein Plan für die Zukunft vom Land-Kreis.\n"
        "Schreiben Sie Ihre Frage unten in das Feld.\nOder wählen Sie ein Thema.\n"
        "Sie haben eine schwierige Frage?\nDann hilft Ihnen ein Mensch im Bürger-Büro."
    ),
    texts.HELP: (
        "So geht es:\nSchreiben Sie eine kurze Frage.\n"
        "Zum Beispiel: Was ist die Kreis-Umlage?\nOder tippen Sie auf /themen.\n"
        "Dann sehen Sie alle Themen.\nMit /kontakt sehen Sie die Bürger-Büros.\n"
        "Mit /datenschutz lesen Sie: Das speichere ich.\n"
        "Mit /einfach schalten Sie die Leichte Sprache aus."
    ),
    texts.ABOUT: (
        "Über den KEK-Bot\nIch bin ein Computer-Programm.\nIch bin kein Mensch.\n"
        "Ich kenne nur Texte zum KEK.\nDer Land-Kreis hat die Texte geprüft.\n"
        "Zuletzt am {date}.\nJede Antwort kommt aus diesen Texten.\nIch erfinde nichts.\n"
        "Ich gebe keine Rechts-Beratung.\nFür Termine und Anträge fragen Sie das Bürger-Büro.\n"
        "Sie haben eine schwierige Frage?\nDann schicke ich sie an ein Bürger-Büro.\n"
        "Aber nur, wenn Sie es wollen.\nDort antwortet Ihnen ein Mensch."
    ),
    texts.CONSENT: (
        "Darf ich Ihre Frage an ein Bürger-Büro schicken?\n"
        "Dort antwortet Ihnen ein Mensch.\n"
        "Die Antwort kommt hier in den Chat.\n"
        "Ihre Frage ist: „{question}“\n"
        "Ich speichere dafür: Ihre Frage, Ihren Wohnort und die Antwort.\n"
        "Ich speichere auch die Nummer von diesem Chat.\n"
        "Nach {days} Tagen lösche ich alles.\n"
        "Mit /loeschen löschen Sie es selbst.{email}"
    ),
    texts.PHONE_115: "Sie können auch anrufen: Telefon 115.",
    # --- smalltalk and "not understood" ---
    texts.SMALLTALK["bye"]: "Auf Wiedersehen!\nKommen Sie gern jederzeit wieder.",
    texts.SMALLTALK["who"]: (
        "Ich bin der KEK-Bot.\nIch bin ein Computer-Programm.\n"
        "Ich komme vom Land-Kreis Ludwigslust-Parchim.\n"
        "Ich beantworte Fragen zum Kreis-Entwicklungs-Konzept 2030.\n"
        "Das heißt kurz: KEK.\nManchmal weiß ich keine Antwort.\n"
        "Dann schicke ich Ihre Frage an ein Bürger-Büro."
    ),
    texts.SMALLTALK["capabilities"]: (
        "Ich beantworte Fragen zum KEK.\n"
        "Das KEK ist der Plan vom Land-Kreis für seine Zukunft.\n"
        "Fragen Sie zum Beispiel nach diesen Themen:\n"
        "Geld vom Land-Kreis\n"
        "Internet und Computer\n"
        "So können Bürger mitmachen\n"
        "Manchmal weiß ich keine Antwort.\n"
        "Dann hilft Ihnen ein Mensch im Bürger-Büro."
    ),
    texts.SMALLTALK["human"]: (
        "Nein, ich bin kein Mensch.\nIch bin ein Computer-Programm.\n"
        "Aber ich kann Ihre Frage an ein Bürger-Büro schicken.\n"
        "Dort antwortet Ihnen ein Mensch."
    ),
    texts.SMALLTALK["machine"]: (
        "Ja, ich bin ein Computer-Programm.\nMan sagt auch: Chat-Bot.\n"
        "Ich bin kein Mensch.\n"
        "Ich suche die Antworten in geprüften Texten zum KEK.\n"
        "Manchmal weiß ich keine Antwort.\n"
        "Dann schicke ich Ihre Frage gern an ein Bürger-Büro.\n"
        "Dort antwortet Ihnen ein Mensch."
    ),
    texts.SMALLTALK["yes"]: (
        "Ich habe Ihnen gerade keine Frage gestellt.\nWas möchten Sie wissen?\n"
        "Schreiben Sie mir Ihre Frage in einem kurzen Satz."
    ),
    texts.SMALLTALK["no"]: (
        "Gut.\nWas möchten Sie wissen?\n"
        "Schreiben Sie mir Ihre Frage in einem kurzen Satz.\n"
        "Mit /themen sehen Sie alle Themen."
    ),
    texts.SMALLTALK["stop"]: (
        "Auf Wiedersehen!\nSie haben wieder eine Frage?\nDann schreiben Sie mir einfach."
    ),
    texts.SMALLTALK["how_are_you"]: (
        "Danke, mir geht es gut.\nWas möchten Sie über das KEK wissen?"
    ),
    texts.SMALLTALK["praise"]: (
        "Danke, das freut mich!\nSchreiben Sie mir gern Ihre nächste Frage."
    ),
    texts.SMALLTALK["complaint"]: (
        "Das tut mir leid.\nIch weiß nur, was im KEK steht.\n"
        "Und manche Fragen sind mir unklar.\n"
        "Schreiben Sie Ihre Frage bitte noch einmal anders.\n"
        "Schreiben Sie dafür einen kurzen Satz.\n"
        "Oder ein Mensch im Bürger-Büro hilft Ihnen."
    ),
    texts.SMALLTALK["ok"]: "Gut.\nSchreiben Sie mir gern Ihre nächste Frage zum KEK.",
    texts.SMALLTALK["language"]: (
        "Ich schreibe kurze und einfache Sätze.\n"
        "Mit /sprache wählen Sie Deutsch, Leichte Sprache oder Englisch.\n"
        "Sie dürfen mir auch ohne ä, ö und ü schreiben.\n"
        "Sie dürfen alles klein schreiben.\nSie dürfen auch Tipp-Fehler machen.\n"
        "Etwas ist Ihnen unklar?\nDann hilft Ihnen ein Mensch im Bürger-Büro."
    ),
    texts.HANDOFF["not_understood"]: (
        "Ihre Frage ist mir leider unklar.\n"
        "Bitte schreiben Sie Ihre Frage in einem kurzen Satz.\n"
        "Zum Beispiel: Was ist die Kreis-Umlage?\n"
        "Sie können Ihre Frage auch an ein Bürger-Büro schicken."
    ),
    texts.HANDOFF["off_topic"]: (
        "Ich beantworte nur Fragen zum KEK.\n"
        "Bei anderen Fragen hilft Ihnen ein Mensch im Bürger-Büro."
    ),
    texts.HANDOFF["person"]: "Gern.\nEin Mensch im Bürger-Büro kann Ihnen helfen.",
    texts.HANDOFF["specific"]: (
        "Das KEK ist ein Plan für den ganzen Land-Kreis.\n"
        "Diese Dinge fehlen darum im KEK:\n"
        "Termine\nPreise\nfreie Plätze\nBau-Projekte in einem Ort\n"
        "Dazu kann ich Ihnen nichts Sicheres sagen.\n"
        "Ein Mensch im Bürger-Büro kann Ihnen helfen."
    ),
    texts.HANDOFF["rejected"]: (
        "Schade.\nKeine Antwort hat gepasst.\nEin Mensch im Bürger-Büro kann Ihnen helfen."
    ),
    texts.OFF_TOPIC_SUBJECT: (
        "Im KEK steht nichts zu {topic}.\nDarum habe ich keine Antwort auf Ihre Frage.\n"
        "Ein Mensch im Bürger-Büro kann Ihnen helfen."
    ),
    # --- answers and menus ---
    texts.CLARIFY: "Ihre Frage ist mir etwas unklar.\nMeinen Sie eine von diesen Fragen?",
    texts.CLARIFY_ONE: "Ihre Frage ist mir etwas unklar.\nMeinen Sie diese Frage?",
    texts.UNDERSTOOD_AS: "So verstehe ich Ihre Frage:\n{question}",
    texts.SIMILAR: "Diese Fragen passen auch zum Thema:",
    texts.SIMILAR_NONE: "Ich kenne leider keine anderen Fragen zum Thema.",
    texts.NO_MORE: "Das ist leider alles, was ich dazu weiß.",
    texts.MORE_WHICH: "Wozu möchten Sie mehr wissen?\nSchreiben Sie bitte Ihre Frage.",
    texts.FEEDBACK_SORRY: (
        "Schade.\nSchreiben Sie Ihre Frage mit anderen Wörtern.\n"
        "Oder schicken Sie Ihre Frage an ein Bürger-Büro.\n"
        "Was war schlecht?\nDas können Sie mir sagen, wenn Sie möchten.\n"
        "Tippen Sie dafür auf einen Knopf."
    ),
    texts.FEEDBACK_REASON_THANKS: (
        "Danke!\nDas hilft uns.\nSo machen wir die Antworten besser.\n"
        "Ich speichere das ohne Ihren Namen."
    ),
    texts.ENTRY_GONE: (
        "Der Land-Kreis hat die Texte geändert.\nDiese Antwort ist darum leider weg.\n"
        "Bitte wählen Sie ein Thema."
    ),
    texts.THEMES_INTRO: "Wählen Sie ein Thema:",
    texts.THEME_PROMPT: "Wählen Sie eine Frage:",
    texts.THEME_PAGE: "{title}, Seite {page} von {pages}",
    # --- contacts ---
    texts.CONTACT_INTRO: "So erreichen Sie einen Menschen beim Land-Kreis:",
    texts.CONTACT_FALLBACK: (
        "Adressen und Öffnungs-Zeiten finden Sie im Internet.\n"
        "Die Internet-Seite ist: www.kreis-lup.de\n"
        "Schauen Sie dort unter: „Bürgerservice“\n"
        "Sie können auch die Behörden-Nummer 115 anrufen."
    ),
    texts.CONTACT_NOT_FOUND: "Für den Ort „{town}“ kenne ich kein Bürger-Büro.",
    texts.CONTACT_HOURS_UNKNOWN: "Öffnungs-Zeiten: Bitte fragen Sie vorher nach.",
    # --- commands ---
    texts.PRIVACY: (
        "Daten-Schutz beim KEK-Bot\n\n"
        "Was speichere ich?\n"
        "Sie können Ihre Frage an ein Bürger-Büro schicken lassen.\n"
        "Nur dann speichere ich:\n"
        "Ihre Frage\n"
        "Ihren Wohnort, wenn Sie ihn nennen\n"
        "alles, was Sie später zu der Frage schreiben\n"
        "die Antwort\n"
        "die Nummer von Ihrem Chat\n"
        "Nur so kommt die Antwort zu Ihnen.{log}\n\n"
        "Sie können auch Leichte Sprache oder Englisch wählen.\n"
        "Das geht mit /einfach oder mit /sprache.\n"
        "Dann speichere ich Ihre Wahl.\n"
        "Dazu speichere ich die Nummer von Ihrem Chat.\n"
        "Zurück zu Deutsch geht es mit /sprache Deutsch.\n"
        "Oder Sie schreiben /loeschen.\n"
        "Dann lösche ich Ihre Wahl.\n\n"
        "Wie lange speichere ich das?\n"
        "Höchstens {days} Tage.\n"
        "Dann lösche ich alles von selbst.\n\n"
        "Wer sieht das?\n"
        "Die Menschen im Bürger-Büro.\n"
        "Sie lesen Ihre Frage in einem Telegram-Chat.{email}\n\n"
        "Was bleibt nach dem Löschen?\n"
        "Vielleicht ist schon eine E-Mail angekommen.\n"
        "Diese E-Mail bleibt beim Bürger-Büro.\n"
        "Ich lösche auch die Nachrichten im Chat vom Bürger-Büro.\n"
        "Das geht aber nur bis 48 Stunden nach dem Senden.\n\n"
        "Was ist mit Telegram?\n"
        "Alle Nachrichten gehen über Telegram.\n"
        "Telegram ist eine Firma.\n"
        "Die Firma ist außerhalb der Europäischen Union.\n"
        "Die Europäische Union heißt kurz: EU.\n"
        "Telegram bestimmt allein, was Telegram speichert.\n"
        "Der Land-Kreis kann darüber nichts bestimmen.\n\n"
        "Welche Rechte haben Sie?\n"
        "Sie dürfen wissen, was ich gespeichert habe.\n"
        "Das sehen Sie mit /meine_fragen.\n"
        "Sie dürfen Fehler verbessern lassen.\n"
        "Sie dürfen alles löschen lassen.\n"
        "Das geht mit /loeschen.\n"
        "Sie haben Ja zum Speichern gesagt?\n"
        "Dann dürfen Sie jederzeit Nein sagen.\n"
        "Sie dürfen sich beschweren.\n"
        "Das geht bei der Aufsichts-Behörde für den Daten-Schutz.\n\n"
        "Wer ist verantwortlich?\n"
        "{controller}\n"
        "Wer achtet auf den Daten-Schutz?\n"
        "Das macht die Daten-Schutz-Beauftragte Stelle:\n"
        "{officer}"
    ),
    texts.PRIVACY_LOG: (
        "\n\nIch speichere auch jede Frage an mich.\n"
        "So kann ich die Antworten besser machen.\n"
        "Vorher lösche ich aus der Frage:\n"
        "Namen\nTelefon-Nummern\nE-Mail-Adressen\nandere Nummern\n"
        "Die Nummer von Ihrem Chat lasse ich dabei weg.\n"
        "Bei der Uhrzeit speichere ich nur die Stunde.\n"
        "Darum weiß niemand: Diese Fragen sind von Ihnen.\n"
        "Darum bleiben diese Fragen auch nach /loeschen gespeichert.\n"
        "Nach {days} Tagen lösche ich sie von selbst."
    ),
    texts.PRIVACY_NO_LOG: (
        " Manche Fragen beantworte ich selbst.\nDiese Fragen vergesse ich sofort wieder."
    ),
    texts.PRIVACY_EMAIL: " Manche Bürger-Büros bekommen Ihre Frage auch als E-Mail.",
    texts.PRIVACY_NOT_SET: "Diese Angabe fehlt noch.\nBitte fragen Sie im Bürger-Büro.",
    texts.NON_TEXT: (
        "Ich kann leider nur geschriebenen Text lesen.\n"
        "Bitte schreiben Sie Ihre Frage als Nachricht.\n"
        "Sie können auch ein Bürger-Büro fragen."
    ),
    texts.EDITED: (
        "Sie haben eine Nachricht geändert.\nIch lese nur neue Nachrichten.\n"
        "Bitte schicken Sie Ihre Frage noch einmal."
    ),
    texts.SLOW_DOWN: (
        "Bitte etwas langsamer.\nSie haben mir gerade sehr viele Nachrichten geschickt.\n"
        "Bitte warten Sie eine Minute.\nDann beantworte ich gern wieder Ihre Fragen."
    ),
    texts.UNKNOWN_COMMAND: (
        "Dieser Befehl ist mir leider unbekannt.\nMit /hilfe sehen Sie, was ich kann."
    ),
    texts.ACCESSIBILITY: (
        "Barriere-Freiheit beim KEK-Bot\n"
        "Barriere-Freiheit heißt: Alle können den Bot gut benutzen.\n\n"
        "Was klappt schon?\n"
        "Ich schreibe nur Text, ohne Bilder.\n"
        "Ein Bild-Schirm-Leser liest alles vor.\n"
        "Die Antwort steht immer vor den Knöpfen.\n"
        "Mit /einfach schreibe ich in Leichter Sprache.\n"
        "Mit /sprache wählen Sie auch Englisch.\n"
        "Sie brauchen mehr Hilfe?\n"
        "Dann nenne ich Ihnen die Behörden-Nummer 115.\n\n"
        "Was fehlt noch?\n"
        "Ich lese nur Text.\n"
        "Ich lese keine Sprach-Nachrichten und keine Bilder.\n"
        "Manche Antworten haben den Knopf: Mehr lesen.\n"
        "Diese längeren Texte sind in einfacher Sprache.\n"
        "Leichte Sprache ist für eine Ziel-Gruppe.\n"
        "Das sind Menschen, die Leichte Sprache brauchen.\n"
        "Noch niemand aus dieser Gruppe hat die Texte geprüft.\n\n"
        "Etwas hat schlecht geklappt?\n"
        "Dann schreiben Sie mir: Was war das Problem?\n"
        "Tippen Sie dann auf: „Einen Menschen fragen“\n"
        "Oder schreiben Sie an: {controller}"
    ),
    texts.IMPRINT: (
        "Impressum\n\nWer bietet diesen Bot an?\n{controller}\n\n"
        "Mehr zum Daten-Schutz: /datenschutz"
    ),
    texts.LANGUAGE_GERMAN: "Gut.\nIch schreibe auf Deutsch.",
    # --- forwarding to a Bürgerbüro ---
    texts.CONSENT_EMAIL: " Manche Bürger-Büros bekommen Ihre Frage auch als E-Mail.",
    texts.ALREADY_FORWARDED: (
        "Diese Frage habe ich schon an ein Bürger-Büro geschickt.\n"
        "Sie hat die Nummer {number}."
    ),
    texts.DRY_RUN_FORWARD: (
        "Hier im Terminal schicke ich nichts weiter.\nIch speichere hier auch nichts.\n"
        "Auf Telegram geht Ihre Frage an: {office}."
    ),
    texts.CONSENT_EXPIRED: (
        "Diese Anfrage ist leider abgelaufen.\nBitte schreiben Sie Ihre Frage noch einmal."
    ),
    texts.MISSES_OFFER: "Das war leider keine Hilfe für Sie.",
    texts.CONFIRMATION: (
        "Danke!\nIch habe Ihre Frage weiter-geschickt.\n"
        "Ihre Frage hat die Nummer {number}.\n"
        "Die Antwort kommt von: {office}.\n"
        "Sie bekommen die Antwort hier im Chat."
    ),
    texts.CONFIRMATION_FOLLOW_UP: (
        "Sie möchten noch etwas zu Ihrer Frage schreiben?\n"
        "Dann antworten Sie auf diese Nachricht.\n"
        "Mit /meine_fragen sehen Sie alle Ihre Fragen."
    ),
    texts.ANSWER_USUALLY: "Meistens kommt die Antwort in höchstens {days} Werk-Tagen.",
    texts.HOURS_UNKNOWN: "Die Öffnungs-Zeiten von diesem Büro fehlen mir leider.",
    texts.OFFICE_CLOSED: (
        "Das Büro ist gerade geschlossen.\nEs öffnet wieder am {day} um {time}."
    ),
    texts.OFFICE_CLOSED_TODAY: "Das Büro ist gerade geschlossen.\nEs öffnet heute um {time}.",
    texts.ALTERNATIVE_PHONE: "Sie können das Büro auch anrufen.\nTelefon: {phone}",
    texts.ALTERNATIVE_EMAIL: (
        "Sie können dem Büro auch eine E-Mail schreiben.\nE-Mail: {email}"
    ),
    texts.ALTERNATIVE_BOTH: (
        "Sie können das Büro auch anrufen.\nTelefon: {phone}\n"
        "Oder Sie schreiben dem Büro eine E-Mail.\nE-Mail: {email}"
    ),
    texts.ALTERNATIVE_115: "Sie können auch die Behörden-Nummer 115 anrufen.",
    texts.ANSWER_TO_CITIZEN: (
        "Antwort vom {office} auf Ihre Frage {number}:\n\n{answer}\n\n"
        "Ihre Frage war: „{question}“"
    ),
    texts.MY_TICKETS_NONE: "Sie haben dem Bürger-Büro noch keine Frage geschickt.",
    texts.MY_TICKETS_INTRO: "Ihre Fragen an das Bürger-Büro:",
    texts.TICKET_LINE: "Frage {number} vom {date}: {status}.\n{question}",
    texts.TICKET_STATUS["new"]: "wartet auf Ihren Wohnort",
    texts.TICKET_STATUS["open"]: "offen",
    texts.TICKET_STATUS["answered"]: "beantwortet",
    texts.TICKET_STATUS["closed"]: "erledigt",
    texts.FOLLOW_UP_ADDED: (
        "Danke.\nSie haben etwas zur Frage {number} geschrieben.\n"
        "Ich habe das an das Bürger-Büro geschickt."
    ),
    texts.FOLLOW_UP_CLOSED: (
        "Die Frage {number} ist schon beantwortet.\nBitte schreiben Sie eine neue Frage."
    ),
    texts.DELETE_CONFIRM: (
        "Soll ich alle Daten zu Ihren Fragen löschen?\n"
        "Das sind diese Daten:\n"
        "Ihre Fragen an das Bürger-Büro\n"
        "Ihr Wohnort\n"
        "die Antworten\n"
        "Danach sind die Daten für immer weg.\n"
        "Offene Fragen bekommen dann keine Antwort mehr."
    ),
    texts.DELETE_KEPT: "Gut.\nIch habe nichts gelöscht.",
    texts.DELETED: (
        "Ich habe alle Daten zu Ihren Fragen gelöscht.\n"
        "Das waren {count} Fragen.\n"
        "Ich lösche auch Ihre Nachrichten im Chat vom Bürger-Büro.\n"
        "Telegram erlaubt das nur bis 48 Stunden nach dem Senden.\n"
        "E-Mails mit Ihrer Frage bleiben beim Bürger-Büro."
    ),
    texts.CITIZEN_ANSWER_WITHDRAWN: (
        "Das Bürger-Büro hat seine Antwort zurückgenommen.\n"
        "Das war die Antwort auf Ihre Frage {number}.\n"
        "Sie bekommen bald eine neue Antwort."
    ),
    # --- terminal chat ---
    texts.CHAT_PICK_NUMBER: (
        "Bitte tippen Sie eine Zahl von 1 bis {count}.\nOder schreiben Sie eine neue Frage."
    ),
    texts.CHAT_PICK_ONE: "Bitte tippen Sie die 1.\nOder schreiben Sie eine neue Frage.",
    texts.CHAT_NOTHING_TO_PICK: (
        "Gerade gibt es nichts zum Auswählen.\nBitte schreiben Sie Ihre Frage in Worten."
    ),
}
BUTTONS: dict[str, str] = {
    texts.BUTTON_MORE: "Mehr lesen",
    texts.BUTTON_SIMILAR: "Andere Fragen zum Thema",
    texts.BUTTON_HELPFUL: "Das hilft mir",
    texts.BUTTON_UNHELPFUL: "Das hilft mir nicht",
    texts.BUTTON_ASK_OFFICE: "Einen Menschen fragen",
    texts.BUTTON_NONE: "Keine von diesen Fragen",
    texts.BUTTON_CONSENT_YES: "Ja, Frage weiter-schicken",
    texts.BUTTON_NEXT_PAGE: "Noch mehr Fragen",
    texts.BUTTON_BACK: "Zurück",
    texts.BUTTON_THEMES: "Alle Themen",
    texts.BUTTON_IN_GENERAL: "Das sagt das KEK allgemein",
    texts.BUTTON_PRIVACY: "Daten-Schutz",
    texts.BUTTON_CONSENT_NO: "Nein",
    texts.BUTTON_SKIP: "Überspringen",
    texts.BUTTON_DELETE_YES: "Ja, alles löschen",
    texts.BUTTON_DELETE_NO: "Nein",
    texts.BUTTON_REASON["wrong"]: "Die Antwort ist falsch",
    texts.BUTTON_REASON["hard"]: "Zu schwer zu verstehen",
    texts.BUTTON_REASON["missing"]: "Es fehlt etwas",
}
