"""Recognise greetings, thanks and questions about the bot itself, and requests for a person.

Works on folded words, so "Moin!", "moin moin" and "MOIN" are the same. A message is smalltalk
only when nothing else is left in it: "Hallo, was ist die Kreisumlage?" is a question.
"""

from __future__ import annotations

import re
import unicodedata

from bot.normalize import is_stop_word, words

_MACHINE = (r"(mensch|menschen|roboter|bot|maschine|ki|computer|programm|chatbot|automat|"
            r"chatgpt|mitarbeiter|mitarbeiterin|person)\b")
# An article and an adjective for "real". Colloquial forms ("nen", "nich", "wat", "dat", "is",
# "moin") never need listing: words() has turned them into standard ones already.
_A = r"(ein |eine |einen |einem |einer )?"
_REAL_WORD = (r"(echter |echte |echten |richtiger |richtige |richtigen |realer |reale |lebender "
              r"|lebende )")
_REAL = _REAL_WORD + "?"
_PERSON = r"(mensch|menschen|person|mitarbeiter\w*|sachbearbeiter\w*|ansprechpartner\w*)"

# Checked in this order; the first kind with a matching pattern wins. A message is smalltalk when
# what is left after removing every pattern's match (of any kind) is filler.
PATTERNS: dict[str, tuple[str, ...]] = {
    "human": (
        rf"(bist du|sind sie) {_A}{_REAL}{_MACHINE}( oder {_A}{_REAL}{_MACHINE})?"
        r"( oder (sitzt|schreibt) (da|hier) (einer|jemand|ein mensch))?",
        rf"(ist|sind) (das hier|das|hier|da) {_A}{_REAL}{_MACHINE}",
        rf"{_MACHINE} oder {_A}{_MACHINE}",
        rf"(rede|redet|schreibe|schreib|spreche|sprech|chatte) (ich )?(hier )?"
        rf"(grad |gerade |jetzt )?mit {_A}{_REAL}{_MACHINE}",
        rf"(bist du|sind sie) (echt|real)( oder (nur )?(automatisch|{_A}{_MACHINE}))?",
        r"(bist du|sind sie) (schlau|intelligent|klug)",
        r"(schreibt|antwortet|liest) (da|hier|das hier|das) (uberhaupt )?(einer|jemand|ein mensch)"
        r"( zuruck| mit)?( oder (ist|ist das) (das )?(automatisch|ein bot|ein programm|eine "
        r"maschine))?",
        r"(ist|ist das) (das )?(alles )?automatisch",
        rf"(bin ich|ist das) (hier )?mit {_A}{_REAL}{_MACHINE} verbunden",
        rf"sitzt (da|dort|hier) {_A}{_REAL}{_MACHINE}( am (anderen )?ende)?",
        rf"{_MACHINE} der (mir )?antwortet",
        r"are you (a |an )?(real |human |actual )?(person|human|bot|robot|machine|ai)"
        r"( or (a |an )?(real |human |actual )?(person|human|bot|robot|machine|ai))?",
        r"(ist this|am i talking to) (a |an )?(real )?(person|human|bot|robot|machine)",
    ),
    "person": (
        rf"{_PERSON} (sprechen|reden|schreiben|fragen|verbinden|haben|"
        r"telefonieren)",
        rf"{_REAL_WORD}{_PERSON}",
        rf"{_PERSON} bitte",
        rf"verbinden sie mich (bitte )?mit {_A}{_REAL}{_PERSON}",
        r"(mit|zu) (jemandem|jemanden|wem) (von dem|von der|aus dem|im|beim|bei dem) "
        r"(landkreis|kreis|amt|burgerburo|kreisverwaltung|verwaltung) (sprechen|reden|verbunden)",
        rf"(will|mochte|mocht|brauche|brauch|hatte gern|hatte gerne) {_A}{_REAL}{_PERSON}",
        rf"{_PERSON} ans telefon",
        r"(want|wanna) (to )?(talk|speak) (to|with) (a )?(real )?(person|human)",
        r"talk to (a )?(real )?(person|human)",
    ),
    "who": (
        r"wer (bist du|sind sie)", r"was (bist du|sind sie)", r"wie hei(ss|s)(t du|en sie)",
        r"wer (ist|bist) (das|da)", r"stell dich (mal )?vor", r"ist da (wer|jemand)",
        r"was ist (das )?(hier )?fur ein (chat|bot|programm|dienst)",
        r"wer hat dich (gemacht|programmiert|gebaut|erfunden)", r"wo kommst du her",
        r"(hast du|haben sie) (einen |ein )?namen?\b",
        r"mit wem (spreche|schreibe|rede|chatte) ich( hier| da)?",
        r"(bist du|sind sie) (chatgpt|gpt|siri|alexa)",
        r"welche ki (steckt|ist) (hinter|in) (dir|ihnen)", r"who are you", r"what are you",
        r"who (made|built|created|programmed|wrote) you",
    ),
    "language": (
        r"(kannst du|konnen sie|sprichst du|sprechen sie|verstehst du|verstehen sie|kann) (auch )?"
        r"(englisch|english|plattdeutsch|platt|polnisch|russisch|ukrainisch|arabisch|turkisch|"
        r"franzosisch|andere sprachen|einfache sprache|leichte sprache)",
        r"(kann|darf) (ich|man) (auch |hier )?(auf |in )?(englisch|english|polnisch|russisch|"
        r"ukrainisch|arabisch|turkisch|franzosisch|plattdeutsch|platt) (schreiben|fragen)",
        r"speak english", r"do you speak", r"^english( please)?$",
        r"(can|may) i (write|ask) in english",
        r"ich (nicht|kein) gut deutsch", r"parlez ?vous( fran ais| francais)?",
        r"po polsku", r"m wisz",
    ),
    "capabilities": (
        r"was (kannst du|konnen sie)", r"was kann (ich|man) (dich |sie )?fragen",
        r"wie funktioniert (das|der bot|das hier)", r"^hilfe$", r"^help$",
        r"(wobei|womit|wie) (kannst du|konnen sie|hilfst du|helfen sie)", r"was machst du",
        r"wof(u|ue)r bist du", r"wie funktionierst du", r"was weisst du",
        r"was kann (ich|man) dich( alles)? fragen",
        r"^(kannst du|konnen sie) mir helfen$", r"^(ich brauche|brauche) hilfe$",
        r"wie funktioniert (das )?(mit )?(dir|ihnen)",
        r"was (ist|genau ist) (denn )?(deine|ihre) aufgabe", r"was kann man hier (so )?machen",
        r"(blick|blicke|steig|steige|komm|komme) (hier )?(nicht|nicht mehr) "
        r"(durch|dahinter|klar)", r"what can you do", r"how does (this|it) work",
    ),
    "how_are_you": (
        r"wie geht(s| es)( dir| ihnen| euch)?", r"(alles|allet) (gut|jut|klar|fit|ok) bei dir",
        r"wie lauft(s| es)", r"alles (jut|fit)( bei dir)?$", r"wie ist es$",
        r"(hast du|haben sie) (einen )?(guten|schonen) tag", r"how are you",
    ),
    "complaint": (
        r"(du bist|sie sind|bist du) (so |echt |voll |total |ja )*"
        r"(doof|dumm|blod|nutzlos|unfahig|schlecht|bescheuert|nervig)",
        r"(blode[rs]?|doofe[rs]?|dumme[rs]?|nutzlose[rs]?|schlechte[rs]?|bescheuerte[rs]?) "
        r"(bot|programm|maschine|ding)",
        r"(das|es) (hilft|bringt) (mir )?(nicht|nichts|gar nichts)",
        r"das (war|ist) (nicht|gar nicht|keine) (hilfreich|hilfe)",
        r"(du verstehst|sie verstehen) mich (einfach )?nicht",
        r"(beantwortet|trifft) (meine|die) frage (uberhaupt |gar )?nicht",
        r"(so ein|was fur ein|totaler|totale|voll der) "
        r"(unsinn|quatsch|schrott|mist|blodsinn|zeitverschwendung)",
        r"^(unsinn|quatsch|schrott|mist|blodsinn)$",
        r"was soll (der|das) (quatsch|mist)",
        r"(schon wieder|wieder|schon|dritte mal|zweite mal) falsch",
        r"zeitverschwendung", r"this ist (useless|stupid|bad)",
        r"(you are|you re) (useless|stupid)",
    ),
    "praise": (
        r"(du bist|sie sind|das ist|das war|bist|ist) (ja |echt |wirklich |richtig |sehr |aber )*"
        r"(toll|super|klasse|prima|spitze|genial|cool|nett|lieb|schlau|hilfreich|gut|"
        r"ein (cooler|toller|guter|netter|super) bot)",
        r"(finde|find) dich (echt |sehr |wirklich )?"
        r"(toll|super|nett|gut|klasse|cool|hilfreich)",
        r"^(super|toll|klasse|prima|spitze) gemacht", r"gut gemacht", r"weiter so",
        r"^(cooler|toller|super|guter|netter|klasse|bester) bot",
        r"^(super|toll|klasse|prima|spitze|genial|cool|geil|nice|wow|perfekt|sehr gut|"
        r"sehr hilfreich|echt hilfreich|hilfreich|great|great job|awesome|well done)$",
        r"(gut|toll|super|verstandlich|prima|klasse) erklart", r"kompliment",
        r"nicht (schlecht|ubel)( fur einen (bot|computer|roboter))?",
        r"gelungene (sache|einrichtung|idee)", r"great job", r"well done",
    ),
    "thanks": (
        r"^((vielen|herzlichen|lieben|besten|tausend) )*"
        r"(dank|danke|dankeschon|dankesehr|merci|thx|thanks)\b",
        r"\bdanke( schon| sehr| dir| ihnen)?$", r"^super danke", r"^(das )?hat (mir )?geholfen",
        r"^danke (dir|ihnen|fur die (info|infos|hilfe|antwort|auskunft))",
        r"^(das )?(war|ist) (sehr |echt |wirklich )?hilfreich",
        r"(herzlichen|vielen|besten) dank fur (die|ihre) \w+ (auskunft|antwort|hilfe|info)",
        r"das reicht (mir )?(schon|erstmal)", r"thank you", r"\b(thanks|thx|cheers)\b",
    ),
    # Control words: one word that answers an open choice, or ends the conversation.
    "yes": (r"^(ja|jo|joa|jap|jep|jawohl|jawoll|genau|richtig|gerne|ja bitte|ja gerne|yes)$",),
    "no": (r"^(nein|ne|nee|no|nope|nein danke|ne danke|nee danke|lieber nicht)$",),
    "stop": (
        r"^(stop|stopp|schluss|ende|aufhoren|halt|abbrechen|abbruch|beenden|exit|quit)"
        r"( bitte| jetzt)?$",
        r"^(bitte )?(stop|stopp|ende|aufhoren|abbrechen|beenden)$",
    ),
    "confused": (
        r"^(ha|hae|haeh|hah|wie bitte|test|testing|testen|teste|probe|asdf)$",
    ),
    "ok": (
        r"^(ok|okay|oki|alles klar|verstehe|verstanden|aha|ach so|achso|gut|in ordnung|jut|"
        r"na gut|schon gut|passt|lol|hm|hmm|hm ok|hmm ok|ok danke|"
        r"alles klar danke)$",
    ),
    "bye": (
        r"^(tschuss|tschu|tscho|tschau|ciao|bye|auf wiedersehen|auf wiederhoren|bis (dann|bald|"
        r"spater|morgen|zum nachsten mal|die tage)|gute nacht|mach(s|t)? gut|schonen feierabend)",
        r"(schonen|guten) (tag|abend|sonntag|wochenende) noch",
        r"das (wars|war es|war alles)( schon)?$", r"bye bye", r"tscho mit o",
        r"(mach|mache) (jetzt )?schluss", r"bis die tage", r"goodbye",
        r"\bbye\b", r"have a (nice|good|great) (day|evening|weekend)", r"see you( later)?$",
    ),
    # Not talk, but "more about the last answer", typed instead of pressing "Mehr dazu".
    "more": (
        r"^(mehr|mehr dazu|mehr infos?|mehr informationen|mehr bitte|bitte mehr|mehr davon|"
        r"weiter|genauer|erzahl (mir )?mehr|(ich )?(will|mochte) mehr wissen)$",
    ),
    # Not talk, but a wish to see what there is: answered with the list of themes.
    "themes": (
        r"^(themen|alle themen|themenliste|themen ?ubersicht|ubersicht|menu|menue|hauptmenu|"
        r"startseite|inhalt|inhaltsverzeichnis|zuruck|start|themen zeigen|zeig (mir )?(alle )?"
        r"themen)$",
    ),
    "greeting": (
        r"^(hallo|hi|hey|huhu|halli hallo|hallochen|guten (morgen|tag|abend)|gruss gott|"
        r"na du|na|mahlzeit|gruss dich|grusse|hallo zusammen|nabend|gude)\b",
        r"^(ich heisse|mein name ist) [a-z]+$",
        r"^(hallo|hi|guten (morgen|tag|abend)) (ich heisse|mein name ist|ich bin) [a-z]+"
        r"( und (bin )?\d+( jahre( alt)?)?)?$",
        r"^sehr geehrte (damen und herren|frau|herr)", r"^(hello|good (morning|evening))\b",
    ),
}

# A question about being human ("Bist du ein Mensch?") rather than about being a machine.
_ABOUT_PEOPLE = re.compile(r"\b(mensch|menschen|person|mitarbeiter\w*|einer|jemand|human|"
                           r"real person)\b")
# What people write for "the bot" itself: "Hallo KEK-Bot" is a greeting, "Hallo, was ist das
# KEK?" is a question.
_BOT_NAMES = re.compile(r"\b(kek ?bot|kek ?chat)\b")
# A letter's salutation and closing, with the name after it ("Mit freundlichen Grüßen, H. Schulz").
_LETTER = re.compile(r"^sehr geehrte (damen und herren|frau [a-z]+|herr [a-z]+)|"
                     r"(mit )?(freundlichen|besten|lieben|herzlichen|vielen) (grussen|gruss)"
                     r"( [a-z]+){0,3}$")
_ELONGATED = re.compile(r"([a-z])\1{2,}")  # "dankeee", "hallooo"

# Messages of emoji alone, by their first emoji that means something.
_EMOJI_KINDS = {"\U0001f44d": "ok", "\U0001f44c": "ok", "\U0001f642": "ok", "\U0001f60a": "ok",
                "\U0001f600": "ok", "\u2705": "ok", "\U0001f64f": "thanks", "\U0001f44b": "bye",
                "\U0001f44f": "praise", "\u2764": "praise", "\U0001f60d": "praise",
                "\U0001f620": "complaint", "\U0001f621": "complaint", "\U0001f44e": "complaint"}

# Kinds that may come with a few more words around them ("Ich möchte bitte mit jemandem vom
# Landkreis sprechen, wegen meiner Frage").
_ALLOWED_EXTRA = {"person": 6, "complaint": 2}

_FILLER = frozenset(
    "hallo hi hey guten tag morgen abend gruss gott bot du ihr sie "
    "lieber liebe bitte danke dankeschon mal noch nochmal und ja nein ok okay gut super toll "
    "prima schon sehr vielen herzlichen lieben dank auch so na ach ah oh aha also geholfen heute "
    "wunsche schonen schones nacht wochenende gleichfalls ebenso alle zusammen leute "
    "tschuss bis bald helfen hilfe schnelle antwort antworten auskunft muhe neu telegram app "
    "chat gemacht tschau ciao top jo echt wirklich uberhaupt einfach bloss halt eben eigentlich "
    "jetzt grad gerade hier da please pls thx wow echter echte echten richtiger richtige "
    "yo ey digga diggah alter alta bro "
    "richtigen realer reale lebender lebende "
    "or an the real have nice good great day evening weekend see you later lot again cheers "
    "there today german deutsch "
    "very much many".split()
)
_COMPILED = tuple((kind, re.compile(p)) for kind, pats in PATTERNS.items() for p in pats)


def classify(text: str) -> str | None:
    """The smalltalk kind of a message, or None if it is (also) a real question."""
    folded = _ELONGATED.sub(r"\1", _BOT_NAMES.sub("bot", " ".join(words(text))))
    if not folded:
        return _emoji_kind(text) or ("language" if _foreign_script(text) else None)
    kind, spans = None, [(m.start(), m.end()) for m in _LETTER.finditer(folded)]
    for candidate, pattern in _COMPILED:
        if pattern.search(folded) is None:
            continue
        spans.extend(match.span() for match in pattern.finditer(folded))
        kind = kind or candidate
    if kind is None or not _only_filler_left(folded, spans, _ALLOWED_EXTRA.get(kind, 0)):
        return None
    if kind == "human" and not _ABOUT_PEOPLE.search(folded):
        return "machine"  # "Bist du ein Bot?" gets a truthful yes, not "Nein, kein Mensch"
    return kind


def _emoji_kind(text: str) -> str | None:
    for char in text:
        if char in _EMOJI_KINDS:
            return _EMOJI_KINDS[char]
    return None


def _foreign_script(text: str) -> bool:
    """Written mostly in letters outside the Latin alphabet (Cyrillic, Arabic, ...)."""
    letters = [c for c in text if c.isalpha()]
    foreign = [c for c in letters if "LATIN" not in unicodedata.name(c, "LATIN")]
    return len(letters) >= 3 and len(foreign) > len(letters) / 2


def _only_filler_left(folded: str, spans: list[tuple[int, int]], allowed: int) -> bool:
    pieces, position = [], 0
    for start, end in sorted(spans):
        pieces.append(folded[position:start])
        position = max(position, end)
    pieces.append(folded[position:])
    rest = " ".join(pieces).split()
    meaningful = [w for w in rest if w not in _FILLER and not is_stop_word(w)]
    return len(meaningful) <= allowed and len(rest) <= allowed + 8
