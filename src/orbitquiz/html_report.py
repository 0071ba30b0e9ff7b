"""The teacher's report as one self-contained HTML file: inline CSS and SVG charts, no script, nothing fetched.

Every piece of text comes from players (names, answers) or from pack files (questions), so every one goes through
``_text``: control characters made visible, then HTML-escaped. A Content-Security-Policy that allows nothing but
the inline style keeps the page from fetching or running anything even if a change here forgot that rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from orbitquiz.class_report import ClassReport, Day, FadingFact, PlayerProgress
from orbitquiz.items import FactStats, OptionShare, QuestionStats
from orbitquiz.plain import visible
from orbitquiz.words import plural

__all__ = ["write"]

_CSS = """
body { font: 15px/1.45 system-ui, sans-serif; color: #1d2330; background: #fbfbfd; margin: 0 auto; max-width: 70em;
       padding: 1em 1.5em 3em; }
h1 { margin-bottom: 0.1em; } h2 { border-bottom: 2px solid #d7dbe6; padding-bottom: 0.2em; margin-top: 2em; }
.meta, .note { color: #5b6478; }
.figures { display: flex; gap: 2em; flex-wrap: wrap; padding: 0; }
.figures div { background: #fff; border: 1px solid #d7dbe6; border-radius: 6px; padding: 0.5em 1em; }
.figures dt { color: #5b6478; font-size: 0.85em; } .figures dd { margin: 0; font-size: 1.6em; font-weight: 600; }
table { border-collapse: collapse; margin: 0.6em 0; }
th, td { text-align: left; padding: 0.25em 0.7em; border-bottom: 1px solid #e4e7ef; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.item { background: #fff; border: 1px solid #d7dbe6; border-radius: 6px; padding: 0.6em 1em; margin: 1em 0; }
.item h4 { margin: 0.2em 0; } .key { font-weight: 600; }
.flags { color: #8a2d00; margin: 0.3em 0; padding-left: 1.2em; } .paste { font-family: monospace; color: #1d2330; }
svg text { font: 11px system-ui, sans-serif; fill: #5b6478; }
"""

_BAR_WIDTH = 220


def write(report: ClassReport) -> str:
    """The whole page."""
    scope = [f"pack {_text(report.pack)}" if report.pack else "every pack",
             f"answers since {report.since.isoformat()} (UTC)" if report.since else "every answer"]
    body = [
        "<header><h1>What the class knows</h1>",
        f'<p class="meta">orbitquiz report of {report.now.strftime("%Y-%m-%d %H:%M")} UTC · {" · ".join(scope)}</p>'
        "</header>",
        _glance(report), _items(report), _players(report.progress), _forgetting(report),
    ]
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>What the class knows · orbitquiz</title>\n<style>{_CSS}</style></head>\n<body>\n"
            + "\n".join(body) + "\n</body></html>\n")


def _text(value: object) -> str:
    """Text from a player or a pack, as the page must hold it: shown literally, never as markup."""
    return escape(visible(str(value), one_line=True), quote=True)


def _share(right: int, total: int) -> str:
    return f"{right / total:.0%}" if total else "–"


# --- the class at a glance ----------------------------------------------------------------------------------------


def _glance(report: ClassReport) -> str:
    figures = [("players", "Players", report.players), ("rounds", "Rounds finished", report.rounds),
               ("answers", "Answers", report.answers), ("accuracy", "Right", _share(report.right, report.answers))]
    cards = "".join(f'<div><dt>{label}</dt><dd id="class-{key}">{value}</dd></div>' for key, label, value in figures)
    rows = "".join(f'<tr><td>{d.day.isoformat()}</td><td class="num">{d.answers}</td><td class="num">{d.right}</td>'
                   f'<td class="num">{_share(d.right, d.answers)}</td></tr>' for d in report.days)
    return (f'<section id="glance"><h2>The class at a glance</h2><dl class="figures">{cards}</dl>'
            "<h3>Accuracy over time</h3>" + _accuracy_chart(report.days) +
            '<table id="days"><thead><tr><th>Day (UTC)</th><th class="num">Answers</th><th class="num">Right</th>'
            f'<th class="num">Accuracy</th></tr></thead><tbody>{rows}</tbody></table></section>')


def _accuracy_chart(days: Sequence[Day], width: int = 640, height: int = 180) -> str:
    """The share right per day as a line on a 0–100% scale, a dot per day (its figures in the dot's title)."""
    if not days:
        return '<p class="note">No answers yet.</p>'
    left, right, top, bottom = 40, 12, 10, 24
    inner_w, inner_h = width - left - right, height - top - bottom
    step = inner_w / (len(days) - 1) if len(days) > 1 else 0
    points = [(left + (i * step if len(days) > 1 else inner_w / 2), top + (1 - d.accuracy) * inner_h)
              for i, d in enumerate(days)]
    grid = "".join(f'<line x1="{left}" x2="{width - right}" y1="{top + (1 - level) * inner_h:.1f}" '
                   f'y2="{top + (1 - level) * inner_h:.1f}" stroke="#e4e7ef"/>'
                   f'<text x="{left - 6}" y="{top + (1 - level) * inner_h + 4:.1f}" text-anchor="end">'
                   f"{level:.0%}</text>" for level in (0, 0.5, 1))
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="#3358c4"><title>{d.day.isoformat()}: '
                   f"{d.right} of {d.answers} right ({d.accuracy:.0%})</title></circle>"
                   for (x, y), d in zip(points, days, strict=True))
    labels = (f'<text x="{points[0][0]:.1f}" y="{height - 6}" text-anchor="start">{days[0].day.isoformat()}</text>'
              + (f'<text x="{points[-1][0]:.1f}" y="{height - 6}" text-anchor="end">{days[-1].day.isoformat()}</text>'
                 if len(days) > 1 else ""))
    return (f'<svg id="accuracy-chart" role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            'xmlns="http://www.w3.org/2000/svg"><title>Share of answers right, per day</title>'
            f'{grid}<polyline points="{line}" fill="none" stroke="#3358c4" stroke-width="2"/>{dots}{labels}</svg>')


# --- item analysis ------------------------------------------------------------------------------------------------


def _items(report: ClassReport) -> str:
    analysis = report.items
    if not analysis.questions:
        return '<section id="items"><h2>Item analysis</h2><p class="note">No answers yet.</p></section>'
    parts = ['<section id="items"><h2>Item analysis</h2>',
             f'<p class="note">Hardest first. Discrimination: {_text(analysis.method)}; what every figure and flag '
             "means: the teachers' guide (questions/README.md, “Read the item analysis”).</p>"]
    for pack, (questions, facts) in analysis.by_pack().items():
        parts.append(f"<h3>{_text(pack)}</h3>")
        parts += [_question(q) for q in questions]
        parts.append(_facts(facts))
    return "\n".join(parts) + "</section>"


def _question(q: QuestionStats) -> str:
    figures = (f'<p><span class="attempts">{q.attempts}</span> attempts by {plural(q.players, "player")} · '
               f'<span class="right">{q.right}</span> right (<span class="difficulty">{q.difficulty:.0%}</span>) · '
               f'discrimination <span class="discrimination">{_text(q.discrimination)}</span></p>')
    flags = "".join(f'<li class="flag"><b>{_text(f.kind)}</b>: {_text(f.message)}'
                    + "".join(f'<br><span class="paste">{_text(line)}</span>' for line in f.paste) + "</li>"
                    for f in q.flags)
    options = ""
    if q.options:
        rows = "".join(_option_row(o) for o in q.options)
        note = (f'<p class="note">Options recorded for {q.options_recorded} of {q.attempts} attempts.</p>'
                if q.options_recorded < q.attempts else "")
        options = (f'<table class="options"><thead><tr><th>Option</th><th>Picked</th><th class="num">Picked / shown'
                   f"</th></tr></thead><tbody>{rows}</tbody></table>{note}")
    wrong = ""
    if q.wrong_answers:
        items = "".join(f'<li><span class="answer">{_text(w.text)}</span> × <span class="count">{w.count}</span></li>'
                        for w in q.wrong_answers)
        wrong = f'<p>Most common wrong answers:</p><ul class="wrong-answers">{items}</ul>'
    return (f'<article class="item" data-question="{_text(q.question_id)}"><h4>{_text(q.prompt)}</h4>'
            f'<p>Answer: <span class="key">{_text(q.expected)}</span> · {_text(q.kind)} · id {_text(q.question_id)}'
            f"</p>{figures}" + (f'<ul class="flags">{flags}</ul>' if flags else "") + options + wrong + "</article>")


def _facts(facts: Sequence[FactStats]) -> str:
    """Each fact across the questions that ask it (an article's fact is asked both ways)."""
    rows = "".join(
        f'<tr class="fact" data-fact="{_text(f.fact_id)}"><td class="key">{_text(f.expected)}</td>'
        f'<td class="num attempts">{f.attempts}</td><td class="num right">{f.right}</td>'
        f'<td class="num">{f.difficulty:.0%}</td><td class="discrimination">{_text(f.discrimination)}</td>'
        f'<td>{_text(", ".join(flag.kind for flag in f.flags))}</td><td>{_text(", ".join(f.question_ids))}</td></tr>'
        for f in facts)
    return ('<h4>Facts, across the questions that ask them</h4><table class="facts"><thead><tr><th>Answer</th>'
            '<th class="num">Attempts</th><th class="num">Right</th><th class="num">Share</th><th>Discrimination</th>'
            f"<th>Flags</th><th>Questions</th></tr></thead><tbody>{rows}</tbody></table>")


def _option_row(option: OptionShare) -> str:
    width = round(option.share * _BAR_WIDTH)
    colour = "#2e8b57" if option.correct else "#c4563a"
    bar = (f'<svg class="bar" width="{_BAR_WIDTH}" height="14" viewBox="0 0 {_BAR_WIDTH} 14" '
           f'xmlns="http://www.w3.org/2000/svg"><rect width="{_BAR_WIDTH}" height="14" fill="#eef0f5"/>'
           f'<rect width="{width}" height="14" fill="{colour}"/></svg>')
    label = f'<span class="key">{_text(option.option)}</span> (key)' if option.correct else _text(option.option)
    return (f'<tr class="option"><td class="label">{label}</td><td>{bar}</td>'
            f'<td class="num"><span class="picked">{option.picked}</span>/<span class="shown">{option.shown}</span> '
            f"({option.share:.0%})</td></tr>")


# --- players and forgetting ---------------------------------------------------------------------------------------


def _players(progress: Sequence[PlayerProgress]) -> str:
    rows = "".join(
        f'<tr class="player"><td class="name">{_text(p.player)}</td><td class="num rounds">{p.rounds}</td>'
        f'<td class="num best">{"–" if p.best_score is None else p.best_score}</td>'
        f'<td class="num answers">{p.answers}</td><td class="num right">{p.right}</td>'
        f'<td class="num accuracy">{_share(p.right, p.answers)}</td><td>{_sparkline(p.days)}</td></tr>'
        for p in progress)
    return ('<section id="players"><h2>Each player’s progress</h2><table><thead><tr><th>Player</th>'
            '<th class="num">Rounds</th><th class="num">Best</th><th class="num">Answers</th><th class="num">Right</th>'
            '<th class="num">Accuracy</th><th>Accuracy per day</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></section>")


def _sparkline(days: Sequence[Day], width: int = 140, height: int = 28) -> str:
    if not days:
        return ""
    step = (width - 8) / (len(days) - 1) if len(days) > 1 else 0
    points = [(4 + (i * step if len(days) > 1 else (width - 8) / 2), 4 + (1 - d.accuracy) * (height - 8))
              for i, d in enumerate(days)]
    title = ", ".join(f"{d.day.isoformat()} {d.accuracy:.0%}" for d in days)
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2" fill="#3358c4"/>' for x, y in points)
    return (f'<svg class="spark" role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'xmlns="http://www.w3.org/2000/svg"><title>{title}</title><rect width="{width}" height="{height}" '
            f'fill="#f3f4f8"/><polyline points="{line}" fill="none" stroke="#3358c4" stroke-width="1.5"/>{dots}</svg>')


def _forgetting(report: ClassReport) -> str:
    intro = ('<p class="note">From the review schedule (FSRS): the facts the schedule would ask someone again now, '
             "with the players’ average chance of recalling each now (its retrievability); the lowest come first."
             "</p>")
    if not report.fading:
        return (f'<section id="forgetting"><h2>Facts the class is forgetting</h2>{intro}'
                '<p class="note">None is due.</p></section>')
    rows = "".join(_fading_row(f) for f in report.fading)
    return (f'<section id="forgetting"><h2>Facts the class is forgetting</h2>{intro}<table><thead><tr><th>Answer</th>'
            '<th>Question</th><th>Pack</th><th class="num">Players due</th><th class="num">Recall now</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></section>")


def _fading_row(fact: FadingFact) -> str:
    return (f'<tr class="fact" data-fact="{_text(fact.fact_id)}"><td class="key">{_text(fact.expected)}</td>'
            f"<td>{_text(fact.prompt)}</td><td>{_text(fact.pack)}</td>"
            f'<td class="num"><span class="due">{fact.due}</span> of <span class="players">{fact.players}</span></td>'
            f'<td class="num recall">{fact.recall:.0%}</td></tr>')
