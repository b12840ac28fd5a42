"""Command line: `kek-bot start | run | chat | ask | check`."""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import logging
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from bot import operations, replies, report, texts
from bot.actions import Action, Themes, parse_number
from bot.config import Config, load_config
from bot.dialogue import Decision
from bot.engine import Engine, policy_of
from bot.errors import BotError
from bot.knowledge import Problem, display_path, load_file_in_folder, load_knowledge
from bot.lint import lint
from bot.normalize import fold
from bot.replies import Option, Reply
from bot.storage import Storage
from bot.workflow import Response, Workflow
from bot.yamlfields import UNREADABLE

DEFAULT_CONFIG = Path("config.yaml")
logger = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kek-bot",
        description="KEK-Bot: beantwortet Fragen zum Kreisentwicklungskonzept 2030.",
    )
    parser.add_argument("--config", type=Path, help="Konfigurationsdatei (Standard: config.yaml, "
                        "wenn vorhanden)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("start", help="auf Telegram starten, wenn ein Token gesetzt ist, sonst Chat "
                   "im Terminal")
    sub.add_parser("run", help="den Telegram-Bot starten (braucht KEK_BOT_TOKEN)")
    chat = sub.add_parser("chat", help="mit dem Bot im Terminal sprechen")
    chat.add_argument("--knowledge", type=Path, help="Ordner der Wissensbasis")
    ask = sub.add_parser("ask", help="eine Frage stellen, eine Antwort bekommen")
    ask.add_argument("question", nargs="?", help="die Frage")
    ask.add_argument("--json", action="store_true", help="Antwort als JSON")
    ask.add_argument("--batch", metavar="FILE",
                     help="eine Frage pro Zeile ('-' = Standardeingabe)")
    ask.add_argument("--knowledge", type=Path, help="Ordner der Wissensbasis")
    check = sub.add_parser("check", help="die Wissensbasis prüfen")
    check.add_argument("path", nargs="?", type=Path,
                       help="Ordner oder Datei (Standard: knowledge)")
    check.add_argument("--strict", action="store_true", help="auch bei Warnungen fehlschlagen")
    report = sub.add_parser("report", help="Bericht über die Fragen der Bürger schreiben")
    report.add_argument("--days", type=int, default=30, help="Zeitraum in Tagen (Standard: 30)")
    report.add_argument("--out", type=Path, default=Path("bericht"),
                        help="Ordner für report.html und die CSV-Dateien (Standard: bericht)")
    sub.add_parser("status", help="prüfen, ob der Bot arbeiten kann (für die Überwachung)")
    backup = sub.add_parser("backup", help="die Datenbank im laufenden Betrieb sichern")
    backup.add_argument("file", type=Path, help="Zieldatei der Sicherung")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit code."""
    args = build_parser().parse_args(argv)
    try:
        config = _config(args.config)
        logging.basicConfig(level=config.log_level, stream=sys.stderr,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        if args.command == "check":
            return check(args.path or config.knowledge_path, args.strict, sys.stdout)
        if args.command == "ask":
            return ask(_engine(config, args.knowledge), args, sys.stdout)
        if args.command == "chat":
            return chat(_engine(config, args.knowledge), config, _text_input(), sys.stdout)
        if args.command == "report":
            written = asyncio.run(_report(config, args.days, args.out))
            print("Bericht geschrieben: " + ", ".join(str(p) for p in written))
            return 0
        if args.command == "status":
            return _status(config)
        if args.command == "backup":
            print(asyncio.run(operations.backup(config, args.file)))
            return 0
        if args.command == "run" or (args.command == "start" and config.token):
            return _run_telegram(config)
        print("Kein Bot-Token gesetzt (KEK_BOT_TOKEN): der Bot startet im Terminal.\n",
              file=sys.stderr)
        return chat(_engine(config, None), config, _text_input(), sys.stdout)
    except BotError as exc:
        print(f"kek-bot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return reader_stopped()


def _text_input() -> TextIO:
    """Standard input as UTF-8 where an invalid byte becomes U+FFFD instead of ending the chat."""
    return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")


def reader_stopped() -> int:
    """End quietly when the reader of stdout stopped early (`kek-bot ask --batch - | head`),
    and keep Python from failing again when it flushes stdout on exit."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 1


def run_script(main: Callable[[], int]) -> NoReturn:
    """Exit with `main`'s code, quietly if the reader of stdout stopped early (the benches
    under bench/ end with this)."""
    try:
        sys.exit(main())
    except BrokenPipeError:
        sys.exit(reader_stopped())


def _config(path: Path | None) -> Config:
    if path is None and DEFAULT_CONFIG.exists():
        path = DEFAULT_CONFIG
    return load_config(path)


def _engine(config: Config, knowledge: Path | None) -> Engine:
    return Engine.from_path(knowledge or config.knowledge_path, policy_of(config))


async def _report(config: Config, days: int, out: Path) -> list[Path]:
    engine = _engine(config, None)
    async with await Storage.open(config.storage_path) as storage:
        data = await report.collect(storage, engine.kb, days)
    return report.write(data, engine.kb, out)


def _status(config: Config) -> int:
    from bot.tg.app import check_telegram, protect_logs  # imported late, as for run

    if config.token:
        protect_logs(config.token.reveal())
    print(asyncio.run(operations.status(config, check_telegram)))
    return 0


def _run_telegram(config: Config) -> int:
    from bot.tg.app import run  # imported late: check, ask and chat need no Telegram

    try:
        return run(config)
    except BotError:
        raise
    except Exception:
        # Through logging, whose filter removes the token, never as a bare traceback.
        logger.critical("KEK-Bot ist wegen eines unerwarteten Fehlers beendet.", exc_info=True)
        return 1


# --- check --------------------------------------------------------------------------------------


def check(path: Path, strict: bool, out: TextIO) -> int:
    """Print every problem of a knowledge base, or of one file checked as part of its folder
    (its references into the other files resolve); exit 1 on errors (or warnings with
    --strict). Files that could not be read at all come first: they explain the rest."""
    path = Path(path)
    others: list[Problem] = []
    only: str | None = None
    if path.is_file():
        kb, problems, others = load_file_in_folder(path)
        only = display_path(path)
    else:
        kb, problems = load_knowledge(path)
    errors = [p for p in problems if p.level == "error"]
    other_errors = [p for p in others if p.level == "error"]
    if not errors and not other_errors:
        problems = problems + [p for p in lint(kb) if only is None or p.file == only]
    for problem in sorted(problems, key=lambda p: (p.kind != UNREADABLE, p.file, p.line)):
        print(problem, file=out)
    if other_errors:
        folder = display_path(path.parent)
        print(f"\nHinweis: Andere Dateien im Ordner {folder} haben {len(other_errors)} Fehler. "
              "Darum habe ich keine Warnungen geprüft. Prüfen Sie den ganzen Ordner: "
              f"kek-bot check {folder}", file=out)
    warnings = len(problems) - len(errors)

    def count(items: Iterable[Any]) -> int:
        return sum(1 for item in items if only is None or item.file == only)

    drafts = count(kb.drafts.values())
    print(f"\n{count(kb.entries.values())} Einträge, "
          + (f"{drafts} Entwürfe, " if drafts else "")
          + f"{count(kb.themes.values())} Themen, {count(kb.contacts.values())} Kontakte, "
          f"{count(kb.off_topics.values())} Themen außerhalb des KEK geprüft: {len(errors)} "
          f"Fehler, {warnings} Warnungen.", file=out)
    if errors:
        print("Die Wissensbasis kann so nicht benutzt werden. Bitte die Fehler beheben.", file=out)
        return 1
    if other_errors:
        return 1
    return 1 if strict and warnings else 0


# --- ask ----------------------------------------------------------------------------------------


def as_json(decision: Decision, reply: Reply) -> dict[str, object]:
    """The fixed JSON interface of `kek-bot ask --json`."""
    return {
        "action": decision.action,
        "theme": decision.theme,
        "entry": decision.entry.id if decision.entry else None,
        "score": decision.score,
        "candidates": [
            {"entry": m.entry.id, "theme": m.entry.theme, "score": m.score}
            for m in decision.candidates
        ],
        "text": reply.plain(),
    }


def ask(engine: Engine, args: argparse.Namespace, out: TextIO) -> int:
    if args.batch:
        questions: Iterable[str] = _lines(args.batch)
    elif args.question is not None:
        questions = [args.question]
    else:
        print("Bitte eine Frage angeben, zum Beispiel: kek-bot ask \"Was ist die Kreisumlage?\"",
              file=sys.stderr)
        return 2
    for question in questions:
        decision, reply = engine.ask(question)
        if args.json:
            print(json.dumps(as_json(decision, reply), ensure_ascii=False), file=out, flush=True)
        else:
            print(render_terminal(reply), file=out)
    return 0


def _lines(name: str) -> Iterable[str]:
    """The lines of a file or of stdin ('-') as UTF-8; an invalid byte becomes U+FFFD instead of
    ending the batch."""
    if name == "-":
        stream = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")
    else:
        stream = open(name, encoding="utf-8", errors="replace")  # noqa: SIM115
    try:
        for line in stream:
            yield line.rstrip("\n")
    finally:
        if name == "-":
            stream.detach()  # stdin stays open for whoever reads it next
        else:
            stream.close()


# --- chat ---------------------------------------------------------------------------------------

CHAT_INTRO = (
    "Willkommen beim KEK-Bot! Fragen Sie mich etwas zum Kreis-Entwicklungs-Konzept 2030.\n"
    "Wenn ich Ihnen Möglichkeiten zeige, tippen Sie die Nummer. Beenden mit: ende"
)
CHAT_END = ("ende", "exit", "quit", "tschuss", "tschüss")
MIN_TYPED_LABEL = 4  # letters of an option's label that choose it


def render_terminal(reply: Reply) -> str:
    lines = [reply.plain()]
    lines += [f"  [{n}] {option.label}" for n, option in enumerate(reply.options, 1)]
    return "\n".join(lines)


TERMINAL_CHAT = 0  # the chat id of the one person in the terminal


def chat(engine: Engine, config: Config, inp: TextIO, out: TextIO) -> int:
    """The same dialogue as on Telegram, in the terminal, forwarding included as a dry run
    (it shows the office a question would go to and stores nothing). Options are chosen by
    number or by the start of their label."""
    return asyncio.run(_chat(Workflow(config, engine, None), inp, out))


async def _chat(workflow: Workflow, inp: TextIO, out: TextIO) -> int:
    print(CHAT_INTRO, file=out)
    options: tuple[Option, ...] = ()
    while True:
        print("\nSie: ", end="", file=out, flush=True)
        line = inp.readline()
        if not line or line.strip().lower() in CHAT_END:
            print("\nAuf Wiedersehen!", file=out)
            return 0
        text = line.strip()
        if not text:
            continue
        action = _chosen(options, text)
        if action is not None:
            response = await workflow.citizen_press(TERMINAL_CHAT, action)
        elif _is_choice_number(text):
            # A number that chooses nothing: say how to choose, and keep the choices open.
            hint = await workflow.in_chosen_language(TERMINAL_CHAT,
                                                     Reply(_choice_hint(len(options))))
            print(f"\nKEK-Bot: {hint.text}", file=out, flush=True)
            continue
        elif text.strip() == "/einfach":
            response = await workflow.toggle_easy(TERMINAL_CHAT)
        elif text.strip() in ("/sprache", "/language"):
            response = workflow.language_menu()
        elif text.startswith("/"):
            response = Response((await _command(workflow, text),))
        else:
            response = await workflow.citizen_text(TERMINAL_CHAT, text)
        for reply in response.replies:
            print(f"\nKEK-Bot: {render_terminal(reply)}", file=out, flush=True)
        if response.ends:
            return 0
        if response.replies:
            options = response.replies[-1].options


async def _command(workflow: Workflow, text: str) -> Reply:
    """The citizen commands that make sense in the terminal: /kontakt [Ort], /themen, /hilfe,
    /datenschutz, /ueber; in the language chosen with /sprache or /einfach."""
    name, _, rest = text[1:].partition(" ")
    engine = workflow.engine
    language = await workflow.language_of(TERMINAL_CHAT)
    if name == "kontakt":
        reply = engine.contacts_reply(rest.strip() or None, language)
    elif name in ("themen", "start"):
        reply = engine.act(Themes(), language)
    elif name == "hilfe":
        reply = replies.help_text()
    elif name == "datenschutz":
        reply = workflow.privacy(language).replies[0]
    elif name == "ueber":
        reply = replies.about(engine.kb, language)
    else:
        reply = Reply(texts.UNKNOWN_COMMAND)
    return await workflow.in_chosen_language(TERMINAL_CHAT, reply)


def _chosen(options: Sequence[Option], text: str) -> Action | None:
    """The action of the option the text chooses: by its number, or by (the start of) its
    label, as newcomers type "mehr" for "Mehr dazu"."""
    number = parse_number(text)
    if number is not None:
        return options[number - 1].action if 1 <= number <= len(options) else None
    typed = fold(text)
    for option in options:
        label = fold(option.label)
        if typed == label or (len(typed) >= MIN_TYPED_LABEL and label.startswith(typed)):
            return option.action
    return None


def _choice_hint(count: int) -> str:
    if count == 0:
        return texts.CHAT_NOTHING_TO_PICK
    return texts.CHAT_PICK_ONE if count == 1 else texts.CHAT_PICK_NUMBER.format(count=count)


def _is_choice_number(text: str) -> bool:
    """One or two digits alone: meant as a choice, not as a question ("2030" is a question)."""
    number = parse_number(text)
    return number is not None and len(text) <= 2
