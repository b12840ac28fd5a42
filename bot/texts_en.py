"""The bot's fixed texts in English, for a citizen who chose English or writes in English.

`FIXED` maps each German template of bot/texts.py to its English version (same placeholders),
`BUTTONS` each German button label to its English one. bot/translate.py swaps them in.
"""

from __future__ import annotations

from bot import texts

HELLO = (
    "Hello! I am KEK-Bot, a computer program of the district Ludwigslust-Parchim. I answer "
    "questions about its development plan for 2030, the KEK, in German and in English. Please "
    "ask a short question, for example: What is the KEK 2030? With /language you can choose "
    "English for all my messages."
)
MISSING = (
    "Sorry, I have no English answer to this question. I answer questions about the "
    "development plan of the district Ludwigslust-Parchim, the KEK 2030, mostly in German. "
    "A citizens' office (Bürgerbüro) can help you: press the button for its contact details."
)
NOT_IN_KEK = (
    "The KEK 2030 does not cover this subject, so I cannot answer your question. A citizens' "
    "office (Bürgerbüro) can help you."
)
NO_ANSWER = "Sorry, I have no answer to this question in English."
NO_TRANSLATION = "This answer is not in English yet. Here it is in German:"
SOURCE = "Source (in German): {title}."
BUTTON_OFFICE = "Citizens' office"
LANGUAGE_SET = (
    "I will answer in English where I have an English answer. I remember this for this chat "
    "(with its number) until you choose again with /language or delete it with /loeschen."
)
CONTACT_WORDS = {"address": "Address", "phone": "Phone", "email": "E-mail", "until": "to"}
WEEKDAYS = {"mo": "Monday", "di": "Tuesday", "mi": "Wednesday", "do": "Thursday",
            "fr": "Friday", "sa": "Saturday", "so": "Sunday"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
NOT_SET = "This detail is still missing. Please ask a citizens' office (Bürgerbüro)."
OFFICE = "citizens' office (Bürgerbüro)"

# The command menu for Telegram apps set to English (the commands themselves stay the same).
COMMANDS = {
    "start": "Welcome and main themes",
    "themen": "All themes of the KEK 2030",
    "kontakt": "Citizens' offices, also for your town",
    "hilfe": "How to use this bot",
    "meine_fragen": "Your questions to a citizens' office",
    "loeschen": "Delete your stored questions",
    "datenschutz": "What is stored, and your rights",
    "language": "Language: German, Leichte Sprache, English",
    "barrierefreiheit": "What works for everyone, what does not yet",
    "impressum": "Who provides this bot",
    "ueber": "What this bot is and can do",
}

FIXED: dict[str, str] = {
    # --- smalltalk and "not understood" ---
    texts.SMALLTALK["greeting"]: (
        "Hello! I am KEK-Bot. I answer questions about the KEK 2030, the development plan of "
        "the district Ludwigslust-Parchim.\n\n"
        "Just write your question. For example: What is the KEK 2030?"
    ),
    texts.SMALLTALK["thanks"]: "You are welcome! You can ask me a new question at any time.",
    texts.SMALLTALK["bye"]: "Goodbye! You can come back at any time.",
    texts.SMALLTALK["who"]: (
        "I am KEK-Bot, a computer program of the district Ludwigslust-Parchim. I answer "
        f"questions about the KEK 2030. If I do not know something, I pass your question on to "
        f"a {OFFICE}."
    ),
    texts.SMALLTALK["capabilities"]: (
        "I answer questions about the KEK 2030. It is the district's plan for its future.\n\n"
        "Ask, for example, about finances, digitalisation or how citizens take part. If I do "
        f"not know something, a person at a {OFFICE} can help you."
    ),
    texts.SMALLTALK["human"]: (
        "No, I am not a person. I am a computer program. But I can pass your question on to a "
        f"person at a {OFFICE}."
    ),
    texts.SMALLTALK["machine"]: (
        "Yes, I am a computer program, a chat bot. I am not a person. I pick answers from "
        "checked texts about the KEK. If I do not know something, I gladly pass your question "
        f"on to a person at a {OFFICE}."
    ),
    texts.SMALLTALK["yes"]: (
        "There is nothing to say yes to right now. What would you like to know? Write your "
        "question in one short sentence."
    ),
    texts.SMALLTALK["no"]: (
        "All right. What would you like to know? Write your question in one short sentence. "
        "/themen shows all themes."
    ),
    texts.SMALLTALK["stop"]: "Goodbye! If you have a question again, just write to me.",
    texts.SMALLTALK["confused"]: (
        "This works best: write one short question. For example: What is the KEK 2030? "
        "/themen shows all themes."
    ),
    texts.SMALLTALK["how_are_you"]: (
        "Thank you, I am fine. What would you like to know about the KEK 2030?"
    ),
    texts.SMALLTALK["praise"]: "Thank you, I am glad! Feel free to ask your next question.",
    texts.SMALLTALK["complaint"]: (
        "I am sorry. I only know what the development plan says, and I do not understand "
        "every question.\n\n"
        "Feel free to write your question again in other words, in one short sentence. Or a "
        f"person at a {OFFICE} can help you."
    ),
    texts.SMALLTALK["ok"]: "Good. Feel free to ask me your next question about the KEK.",
    texts.SMALLTALK["language"]: (
        "Some of my answers are in English. You chose English, so I use them where I have "
        "them. Everything else is in German. A person at a citizens' office can help you too."
    ),
    texts.HANDOFF["unknown"]: (
        "I did not understand that for sure. A short question works best, for example: What "
        "is the KEK 2030?\n\n"
        f"Maybe you find the answer in one of these themes. Or a person at a {OFFICE} can "
        "help you."
    ),
    texts.HANDOFF["unknown_no_themes"]: (
        "I did not understand that for sure. A short question works best, for example: What "
        "is the KEK 2030?\n\n"
        f"A person at a {OFFICE} can help you too."
    ),
    texts.HANDOFF["not_understood"]: (
        "Sorry, I did not understand that. Please write your question in one short sentence. "
        "For example: What is the KEK 2030?\n\n"
        f"You can also send your question to a {OFFICE}."
    ),
    texts.HANDOFF["off_topic"]: (
        "I only answer questions about the KEK 2030, the district's development plan. For "
        f"other matters, a person at a {OFFICE} can help you."
    ),
    texts.HANDOFF["person"]: f"Of course. A person at a {OFFICE} can help you.",
    texts.HANDOFF["specific"]: (
        "The KEK 2030 is a plan for the whole district. Single dates, prices, free places or "
        "building projects in a town are not in it. So I cannot tell you anything certain "
        f"about that.\n\nA person at a {OFFICE} can help you."
    ),
    texts.HANDOFF["rejected"]: (
        f"A pity that no answer fitted. A person at a {OFFICE} can help you."
    ),
    texts.OFF_TOPIC_SUBJECT: (
        "The KEK 2030 says nothing about {topic}. So I cannot answer your question.\n\n"
        f"A person at a {OFFICE} can help you."
    ),
    texts.PHONE_115: "By phone, you reach the district on 115, the public authorities' number.",
    # --- answers and menus ---
    texts.CLARIFY: "I am not quite sure what you mean. Do you mean one of these questions?",
    texts.CLARIFY_ONE: "I am not quite sure what you mean. Do you mean this question?",
    texts.UNDERSTOOD_AS: "I understand your question like this: {question}",
    texts.SIMILAR: "These questions fit the theme too:",
    texts.SIMILAR_NONE: "Sorry, I know no similar questions.",
    texts.NO_MORE: "Sorry, I do not know more about this.",
    texts.MORE_WHICH: "About what would you like to know more? Please write your question.",
    texts.FEEDBACK_THANKS: "Thank you for your feedback!",
    texts.FEEDBACK_SORRY: (
        "A pity. Try other words. Or send your question to a citizens' office."
        "\n\nIf you like: what was not good? Press a button."
    ),
    texts.FEEDBACK_REASON_THANKS: (
        "Thank you! This helps us to improve the answers. Your feedback is stored without "
        "your name."
    ),
    texts.ENTRY_GONE: (
        "Sorry, this answer no longer exists. The information has changed since. Please "
        "choose a theme."
    ),
    texts.THEMES_INTRO: "Choose a theme:",
    texts.THEME_PROMPT: "Choose a question:",
    texts.THEME_PAGE: "{title}, page {page} of {pages}",
    # --- contacts ---
    texts.CONTACT_INTRO: "This is how you reach a person at the district:",
    texts.CONTACT_FALLBACK: (
        "Current addresses and opening hours are on www.kreis-lup.de under “Bürgerservice” (in "
        "German). You can also call 115, the public authorities' number."
    ),
    texts.CONTACT_NOT_FOUND: "I know no citizens' office for the town “{town}”.",
    texts.CONTACT_HOURS_UNKNOWN: "Opening hours: please ask first.",
    # --- commands ---
    texts.WELCOME: (
        "Welcome to KEK-Bot!\n\n"
        "I am a computer program of the district Ludwigslust-Parchim. I answer questions about "
        "the KEK 2030, the district's plan for its future. Many answers exist in English.\n\n"
        "Please write your question in the field below, or choose a theme.\n\n"
        f"If I cannot help, a {OFFICE} can."
    ),
    texts.HELP: (
        "How to use this bot:\n\n"
        "1. Write your question in one short sentence, for example: What is the KEK 2030?\n"
        "2. Or press /themen. Then you see all themes.\n"
        "3. /kontakt shows the citizens' offices (Bürgerbüros). /kontakt with your town shows "
        "your office, for example: /kontakt Hagenow\n"
        "4. /language chooses German, Leichte Sprache (easy German) or English.\n\n"
        f"If I do not know something, a person at a {OFFICE} can help you.\n\n"
        "/datenschutz shows what I store. /ueber tells you what I am."
    ),
    texts.ABOUT: (
        "About KEK-Bot\n\n"
        "I am a computer program of the district Ludwigslust-Parchim, not a person.\n\n"
        "I only know texts about the KEK 2030, the district's development plan. The district "
        "last checked them on {date}. Every answer comes from these texts; I make nothing "
        "up.\n\n"
        "I give no legal advice, and I know no appointments or application forms.\n\n"
        "If I do not know something, I can pass your question on to a citizens' office "
        "(Bürgerbüro) if you wish. A person answers you there."
    ),
    texts.PRIVACY: (
        "Privacy at KEK-Bot\n\n"
        "What do I store? Only what a forwarded question needs. When you let me forward a "
        "question to a citizens' office, I store the question. I also store your town (if you "
        "name it), what you add, the answer and the number of your chat. Only so can the "
        "answer reach you.{log}\n\n"
        "If you choose Leichte Sprache or English with /einfach or /language, I store that "
        "with the number of your chat. Choosing German again, or /loeschen, deletes it.\n\n"
        "For how long? At most {days} days. Then I delete everything by myself.\n\n"
        "Who sees it? The staff of the citizens' office. They read your question in a "
        "Telegram chat.{email}\n\n"
        "What can I not take back? An e-mail that has already arrived. I also delete my "
        "messages in the citizens' office chat, but only up to 48 hours after they were "
        "sent.\n\n"
        "Telegram: all messages pass through Telegram, a company outside the EU. The district "
        "cannot decide what Telegram stores.\n\n"
        "Your rights: you may know what is stored (/meine_fragen). You may have mistakes "
        "corrected and everything deleted (/loeschen). You may withdraw your consent at any "
        "time. You may complain to the data protection supervisory authority.\n\n"
        "Responsible (controller): {controller}\n"
        "Data protection officer: {officer}"
    ),
    texts.PRIVACY_LOG: (
        "\n\nTo improve the answers, I also store every question I am asked to answer. Before "
        "that, I remove names, phone numbers, e-mail addresses and other numbers. I do not "
        "store the number of your chat with it, and the time only to the hour. So nobody can "
        "link these questions to you, and /loeschen cannot find them. I delete them by myself "
        "after {days} days."
    ),
    texts.PRIVACY_NO_LOG: " I do not store the questions I answer myself.",
    texts.PRIVACY_EMAIL: " Some citizens' offices also get a copy by e-mail.",
    texts.PRIVACY_NOT_SET: NOT_SET,
    texts.NON_TEXT: (
        "Sorry, I can only read written text. Please write your question as a message.\n\n"
        f"You can also turn to a {OFFICE}."
    ),
    texts.EDITED: (
        "You changed a message. I only read new messages. Please send your question again."
    ),
    texts.SLOW_DOWN: (
        "Please slow down a little. You just sent me very many messages. Please wait one "
        "minute. Then I will gladly answer your questions again."
    ),
    texts.UNKNOWN_COMMAND: "I do not know this command. /hilfe shows what I can do.",
    texts.ACCESSIBILITY: (
        "Accessibility of KEK-Bot\n\n"
        "What works: I only write text, without pictures. A screen reader reads everything "
        "aloud. The answer always comes before the buttons. With /einfach I write in Leichte "
        "Sprache (easy German), and /language chooses English. If I cannot help, I give you the "
        "public authorities' number 115.\n\n"
        "What does not work yet: I cannot read voice messages or pictures. The longer "
        "“More about this” texts and the sources are in German only. Nobody from the target "
        "group has checked the texts in Leichte Sprache yet.\n\n"
        "Report a barrier: write to me what did not work, and press “Citizens' office”. Or "
        "write to: {controller}"
    ),
    texts.IMPRINT: (
        "Legal notice (Impressum)\n\nProvider of this bot: {controller}\n\n"
        "Privacy: /datenschutz"
    ),
    texts.LANGUAGE_GERMAN: "Good. I write in German.",
    # --- forwarding to a Bürgerbüro ---
    texts.CONSENT: (
        "Shall I forward your question to a citizens' office (Bürgerbüro) of the district? "
        "A person answers you there, here in the chat. The staff read and write German.\n\n"
        "This is sent: your question “{question}”. If you wish, also your town.\n"
        "This is stored: your question, your town, the answer and the number of this chat. "
        "Only so can the answer reach you.\n"
        "After {days} days we delete the data. With /loeschen you can delete it yourself at "
        "any time.{email}\n"
        "More: /datenschutz"
    ),
    texts.CONSENT_EMAIL: " Some citizens' offices also get a copy by e-mail.",
    texts.CONSENT_DECLINED: (
        "All right, I forward nothing. Nothing was stored. Feel free to ask me another "
        "question."
    ),
    texts.ALREADY_FORWARDED: "This question is already forwarded. Its number is {number}.",
    texts.DRY_RUN_FORWARD: (
        "Here in the terminal I forward nothing and store nothing. On Telegram your question "
        "would now go to: {office}."
    ),
    texts.CONSENT_EXPIRED: "This request is no longer open. Please write your question again.",
    texts.WRITE_QUESTION_FIRST: (
        "Of course. Please write your question in one message. Then I ask you whether I may "
        "forward it."
    ),
    texts.MISSES_OFFER: "Sorry, that did not help.",
    texts.TOWN_QUESTION: (
        "In which town do you live? Then your question goes to the right citizens' office.\n\n"
        "Write the town as a message. You can also skip this."
    ),
    texts.CONFIRMATION: (
        "Thank you! Your question is forwarded. Its number is {number}.\n"
        "The answer comes from: {office}. You get it here in the chat."
    ),
    texts.CONFIRMATION_FOLLOW_UP: (
        "Would you like to add something? Then reply to this message. /meine_fragen shows "
        "your questions."
    ),
    texts.ANSWER_USUALLY: "An answer usually comes within {days} working days.",
    texts.HOURS_UNKNOWN: "Sorry, I do not know the opening hours of this office.",
    texts.OFFICE_CLOSED: "The office is closed right now. It opens again on {day} at {time}.",
    texts.OFFICE_CLOSED_TODAY: "The office is closed right now. It opens today at {time}.",
    texts.ALTERNATIVE_PHONE: "You can also reach the office by phone: {phone}.",
    texts.ALTERNATIVE_EMAIL: "You can also reach the office by e-mail: {email}.",
    texts.ALTERNATIVE_BOTH: (
        "You can also reach the office by phone, {phone}, or by e-mail, {email}."
    ),
    texts.ALTERNATIVE_115: "You can also call 115, the public authorities' number.",
    texts.ANSWER_TO_CITIZEN: (
        "Answer from {office} to your question {number}:\n\n{answer}\n\n"
        "Your question was: “{question}”"
    ),
    texts.MY_TICKETS_NONE: "You have not sent a question to a citizens' office yet.",
    texts.MY_TICKETS_INTRO: "Your questions to the citizens' office:",
    texts.TICKET_LINE: "Question {number} of {date}: {status}.\n{question}",
    texts.TICKET_STATUS["new"]: "waiting for the town",
    texts.TICKET_STATUS["open"]: "open",
    texts.TICKET_STATUS["answered"]: "answered",
    texts.TICKET_STATUS["closed"]: "closed",
    texts.FOLLOW_UP_ADDED: "Thank you. I passed your addition to {number} on to the office.",
    texts.FOLLOW_UP_CLOSED: (
        "Question {number} is already answered. Please write a new question."
    ),
    texts.DELETE_CONFIRM: (
        "Shall I delete all data about your questions to the citizens' office? These are your "
        "questions, your town and the answers. This cannot be undone. Open questions will "
        "then no longer be answered."
    ),
    texts.DELETE_KEPT: "All right, I deleted nothing.",
    texts.DELETED: (
        "I deleted all stored data about your questions ({count} questions). I also delete "
        "your messages in the citizens' office chat as far as Telegram allows: up to 48 hours "
        "after sending. I cannot take back e-mail copies."
    ),
    texts.CITIZEN_ANSWER_WITHDRAWN: (
        "The citizens' office has taken back its answer to your question {number}. You will "
        "get a new answer soon."
    ),
    # --- terminal chat ---
    texts.CHAT_PICK_NUMBER: "Please type a number from 1 to {count}. Or write a new question.",
    texts.CHAT_PICK_ONE: "Please type 1. Or write a new question.",
    texts.CHAT_NOTHING_TO_PICK: (
        "There is nothing to choose right now. Please write your question in words."
    ),
}

BUTTONS: dict[str, str] = {
    texts.BUTTON_MORE: "More about this",
    texts.BUTTON_SIMILAR: "Similar questions",
    texts.BUTTON_HELPFUL: "Helps me",
    texts.BUTTON_UNHELPFUL: "Does not help",
    texts.BUTTON_ASK_OFFICE: "Ask the citizens' office",
    texts.BUTTON_NONE: "None of these",
    texts.BUTTON_BACK: "Back",
    texts.BUTTON_THEMES: "All themes",
    texts.BUTTON_NEXT_PAGE: "More questions",
    texts.BUTTON_IN_GENERAL: "What the KEK says in general",
    texts.BUTTON_PRIVACY: "Privacy notice",
    texts.BUTTON_CONSENT_YES: "Yes, please forward",
    texts.BUTTON_CONSENT_NO: "No",
    texts.BUTTON_SKIP: "Skip",
    texts.BUTTON_DELETE_YES: "Yes, delete everything",
    texts.BUTTON_DELETE_NO: "No",
    texts.BUTTON_REASON["wrong"]: "Wrong answer",
    texts.BUTTON_REASON["hard"]: "Too hard to understand",
    texts.BUTTON_REASON["missing"]: "Something is missing",
}
