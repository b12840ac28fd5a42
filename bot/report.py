"""The curation report: what citizens asked, where the bot failed them, what staff can fix.

`collect` reads the question log and the feedback counts; `write` makes one self-contained HTML
file (readable offline and on a phone, the chart embedded) and CSV files of the raw rows.
Missed and poorly answered questions are grouped by their normalised words: each group comes
with the nearest entries and a ready-to-paste YAML snippet. The grouping compares a question
only with groups that share one of its rarer words, at most MAX_COMPARED of them, so 100,000
rows take seconds, not hours.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import html
import io
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bot import texts
from bot.curation import quoted
from bot.knowledge import KnowledgeBase
from bot.normalize import ENGLISH, GERMAN
from bot.storage import LogRow, Storage, now

MAX_GROUPS_SHOWN = 30
MAX_COMPARED = 20  # groups a question is compared with
SIMILAR = 0.5  # Jaccard similarity of normalised words that puts two questions in one group
PHRASING_SCORE = 40.0  # a group this close to an entry is offered as phrasings of it
STALE = dt.timedelta(days=365)
OUTCOMES = ("answer", "clarify", "handoff")
_PLOTTING = threading.Lock()


@dataclass
class Group:
    """Similar questions the bot missed, and what would fix them."""

    questions: list[str] = field(default_factory=list)
    words: set[str] = field(default_factory=set)
    language: str = "de"  # "en": questions matched in English, added as English phrasings
    scores: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    _nearest: list[tuple[str, float]] | None = field(default=None, repr=False)

    def nearest(self, kb: KnowledgeBase) -> list[tuple[str, float]]:
        """The three entries closest to the group's questions (mean score over all of them)."""
        if self._nearest is None:
            ranked = sorted(((e, sum(s) / len(self.questions)) for e, s in self.scores.items()
                             if e in kb.entries), key=lambda pair: -pair[1])
            self._nearest = ranked[:3]
        return self._nearest

    def snippet(self, kb: KnowledgeBase, today: dt.date) -> str:
        """Either "add these as phrasings of entry X", or a new draft entry."""
        nearest = self.nearest(kb)
        shown = sorted(set(self.questions))[:10]
        if nearest and nearest[0][1] >= PHRASING_SCORE:
            entry = kb.entries[nearest[0][0]]
            if self.language == "en":
                lines = [f"# In {entry.file} beim Eintrag {entry.id} unter en: und dort unter "
                         "questions: einfügen (englische Fragen)"]
                return "\n".join(lines + [f"        - {quoted(q)}" for q in shown])
            lines = [f"# In {entry.file} beim Eintrag {entry.id} unter questions: einfügen"]
            return "\n".join(lines + [f"      - {quoted(q)}" for q in shown])
        return self.snippet_draft(today)

    def snippet_draft(self, today: dt.date) -> str:
        """A new entry for these questions, marked as a draft, for staff to complete."""
        shown = sorted(set(self.questions))[:10]
        slug = "-".join(sorted(self.words, key=len, reverse=True)[:2]) or "neu"
        if self.language == "en":  # English questions: the German side is still to write
            questions = ["    questions:", "      - ZU ERGÄNZEN (deutsche Frage)"]
            english = ["    en:", "      questions:", *[f"        - {quoted(q)}" for q in shown],
                       "      answer: |", "        ZU ERGÄNZEN"]
        else:
            questions = ["    questions:", *[f"      - {quoted(q)}" for q in shown]]
            english = []
        lines = ["# Neuer Entwurf: in die passende Datei unter entries: einfügen, Antwort und",
                 "# Quelle ergänzen, dann draft: true löschen",
                 f"  - id: entwurf-{slug}"[:40],
                 "    draft: true",
                 *questions,
                 "    answer: |",
                 "      ZU ERGÄNZEN",
                 *english,
                 "    source:",
                 "      title: ZU ERGÄNZEN",
                 "      url: https://www.kreis-lup.de",
                 f"    reviewed: {today.isoformat()}"]
        return "\n".join(lines)


@dataclass
class ReportData:
    days: int
    rows: list[LogRow]
    groups: list[Group]
    per_day: dict[dt.date, Counter[str]]
    feedback: dict[str, dict[str, int]]
    unasked: list[str]
    stale: list[str]
    made: dt.datetime

    def share(self, outcome: str) -> float:
        return sum(r.outcome == outcome for r in self.rows) / len(self.rows) if self.rows else 0.0


def missed(row: LogRow) -> bool:
    """A handoff without a named subject outside the KEK, a choice nobody took, or an answer
    that did not help."""
    return ((row.outcome == "handoff" and row.reason not in ("off_topic", "urgent"))
            or (row.outcome == "clarify" and row.chosen in (None, "none"))
            or row.feedback == "down")


def group(rows: list[LogRow]) -> list[Group]:
    """Missed questions grouped by similar normalised words, largest group first; questions
    matched in English are grouped apart, as they are curated into the English phrasings."""
    german = _grouped([r for r in rows if r.language != "en"], "de")
    english = _grouped([r for r in rows if r.language == "en"], "en")
    return sorted(german + english, key=lambda g: -len(g.questions))


def _grouped(rows: list[LogRow], language: str) -> list[Group]:
    rules = ENGLISH if language == "en" else GERMAN
    groups: list[Group] = []
    by_word: dict[str, list[int]] = defaultdict(list)
    frequency: Counter[str] = Counter()
    analysed = [(row, set(rules.tokens(row.text))) for row in rows if missed(row)]
    for _, words in analysed:
        frequency.update(words)
    for row, words in analysed:
        if not words:
            continue
        rare_first = sorted(words, key=lambda w: frequency[w])
        candidates: dict[int, None] = {}
        for word in rare_first:
            for index in by_word.get(word, [])[-MAX_COMPARED:]:  # the newest groups only
                candidates.setdefault(index)
            if len(candidates) >= MAX_COMPARED:
                break
        best, best_score = None, SIMILAR
        for index in list(candidates)[:MAX_COMPARED]:
            other = groups[index].words
            score = len(words & other) / len(words | other)
            if score >= best_score:
                best, best_score = index, score
        if best is None:
            best = len(groups)
            groups.append(Group(words=set(words), language=language))
            for word in words:
                by_word[word].append(best)
        target = groups[best]
        target.questions.append(row.text)
        for entry, score in row.candidates:
            target.scores[entry].append(score)
    return groups


async def collect(storage: Storage, kb: KnowledgeBase, days: int) -> ReportData:
    made = now()
    rows = await storage.logged(made - dt.timedelta(days=days))
    per_day: dict[dt.date, Counter[str]] = defaultdict(Counter)
    asked: set[str] = set()
    for row in rows:
        per_day[row.hour.date()][row.outcome] += 1
        for entry in (row.entry, row.chosen):
            if entry:
                asked.add(entry)
    today = made.date()
    return ReportData(
        days=days, rows=rows, groups=group(rows), per_day=dict(per_day),
        feedback=await storage.feedback_counts(),
        unasked=sorted(e for e in kb.entries if e not in asked),
        stale=sorted(e.id for e in kb.entries.values() if today - e.reviewed > STALE),
        made=made)


def chart_png(per_day: dict[dt.date, Counter[str]]) -> bytes:
    """Questions per day by outcome, as stacked bars. pyplot keeps global state, so one chart
    is drawn at a time, whatever thread asks."""
    with _PLOTTING:
        return _chart_png(per_day)


def _chart_png(per_day: dict[dt.date, Counter[str]]) -> bytes:
    import matplotlib  # imported here: only the report needs it, and it is slow to import

    matplotlib.use("Agg")
    from matplotlib import pyplot

    days = sorted(per_day)
    figure, axes = pyplot.subplots(figsize=(8, 3.2), dpi=100)
    bottom = [0] * len(days)
    colours = {"answer": "#2e7d32", "clarify": "#f9a825", "handoff": "#c62828"}
    for outcome in OUTCOMES:
        values = [per_day[d][outcome] for d in days]
        axes.bar([d.isoformat() for d in days], values, bottom=bottom,
                 label=texts.REPORT_OUTCOMES[outcome], color=colours[outcome])
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axes.set_ylabel("Fragen")
    axes.legend(loc="upper left", fontsize="small")
    axes.tick_params(axis="x", labelrotation=60, labelsize="x-small")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    pyplot.close(figure)
    return buffer.getvalue()


def summary(report: ReportData) -> str:
    """A few plain sentences for the staff chat (/statistik)."""
    if not report.rows:
        return texts.REPORT_EMPTY
    return texts.REPORT_SUMMARY.format(
        days=report.days, count=len(report.rows), answered=report.share("answer"),
        offered=report.share("clarify"), forwarded=report.share("handoff"),
        groups=len([g for g in report.groups if len(g.questions) > 1]))


def write(report: ReportData, kb: KnowledgeBase, out: Path) -> list[Path]:
    """report.html and CSV files of the raw rows, the groups and the feedback, in `out`."""
    out.mkdir(parents=True, exist_ok=True)
    written = [out / "report.html", out / "fragen.csv", out / "gruppen.csv",
               out / "rueckmeldungen.csv"]
    written[0].write_text(_html(report, kb), encoding="utf-8")
    _csv(written[1], ["stunde", "frage", "ergebnis", "grund", "kandidaten", "eintrag",
                      "gewaehlt", "rueckmeldung", "grund_rueckmeldung"],
         [[r.hour.isoformat(), r.text, r.outcome, r.reason,
           " ".join(f"{e}:{s:.0f}" for e, s in r.candidates), r.entry or "", r.chosen or "",
           r.feedback or "", r.feedback_reason or ""] for r in report.rows])
    _csv(written[2], ["gruppe", "anzahl", "naechste_eintraege", "frage"],
         [[i, len(g.questions), " ".join(f"{e}:{s:.0f}" for e, s in g.nearest(kb)), q]
          for i, g in enumerate(report.groups, 1) for q in g.questions])
    _csv(written[3], ["eintrag", "hilft", "hilft_nicht", "falsch", "zu_schwer", "es_fehlt"],
         [[entry, c.get("up", 0), c.get("down", 0), c.get("wrong", 0), c.get("hard", 0),
           c.get("missing", 0)] for entry, c in sorted(report.feedback.items())])
    return written


def _csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)


def _html(report: ReportData, kb: KnowledgeBase) -> str:
    e = html.escape
    made = report.made.astimezone(dt.UTC).strftime("%d.%m.%Y %H:%M UTC")
    parts = [f"<h1>{e(texts.REPORT_TITLE)}</h1>",
             f"<p>{e(texts.REPORT_PERIOD.format(days=report.days, made=made))}</p>"]
    if not report.rows:
        parts.append(f"<p><strong>{e(texts.REPORT_EMPTY)}</strong></p>")
    else:
        chart = base64.b64encode(chart_png(report.per_day)).decode()
        parts += [f"<p>{e(summary(report))}</p>",
                  f'<img alt="{e(texts.REPORT_CHART_ALT)}" src="data:image/png;base64,'
                  f'{chart}">']
    parts.append(f"<h2>{e(texts.REPORT_GROUPS)}</h2>")
    today = report.made.date()
    for number, grp in enumerate(report.groups[:MAX_GROUPS_SHOWN], 1):
        nearest = ", ".join(f"{entry} ({score:.0f})" for entry, score in grp.nearest(kb))
        questions = "".join(f"<li>{e(q)}</li>" for q in grp.questions[:15])
        parts.append(
            f"<section><h3>{number}. {len(grp.questions)} × „{e(grp.questions[0])}“</h3>"
            f"<ul>{questions}</ul><p>{e(texts.REPORT_NEAREST)} {e(nearest or '–')}</p>"
            f"<pre>{e(grp.snippet(kb, today))}</pre></section>")
    if not report.groups:
        parts.append(f"<p>{e(texts.REPORT_NO_GROUPS)}</p>")
    parts.append(f"<h2>{e(texts.REPORT_FEEDBACK)}</h2>")
    worst = sorted(report.feedback.items(),
                   key=lambda item: item[1].get("up", 0) - item[1].get("down", 0))[:10]
    rows = "".join(
        f"<tr><td>{e(entry)}</td><td>{c.get('up', 0)}</td><td>{c.get('down', 0)}</td>"
        f"<td>{c.get('hard', 0)}</td></tr>" for entry, c in worst if c.get("down", 0))
    parts.append(f"<table><tr><th>Eintrag</th><th>Hilft</th><th>Hilft nicht</th>"
                 f"<th>Zu schwer</th></tr>{rows}</table>" if rows else
                 f"<p>{e(texts.REPORT_NO_FEEDBACK)}</p>")
    hard = sorted(((entry, c.get("hard", 0)) for entry, c in report.feedback.items()
                   if c.get("hard", 0)), key=lambda pair: -pair[1])[:10]
    parts.append(f"<h2>{e(texts.REPORT_HARD)}</h2><p>"
                 + (e(", ".join(f"{entry} ({count})" for entry, count in hard)) or "–")
                 + "</p>")
    parts.append(f"<h2>{e(texts.REPORT_UNASKED)}</h2><p>{e(', '.join(report.unasked) or '–')}</p>")
    parts.append(f"<h2>{e(texts.REPORT_STALE)}</h2><p>{e(', '.join(report.stale) or '–')}</p>")
    style = ("body{font-family:sans-serif;max-width:60rem;margin:auto;padding:1rem;"
             "line-height:1.5}img{max-width:100%}pre{background:#f4f4f4;padding:.5rem;"
             "overflow-x:auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
             "padding:.2rem .5rem}section{border-top:1px solid #ddd}")
    return (f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{e(texts.REPORT_TITLE)}</title><style>{style}</style></head>"
            f"<body>{''.join(parts)}</body></html>")
