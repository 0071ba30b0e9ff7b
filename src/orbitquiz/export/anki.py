"""An Anki deck (``.apkg``) through genanki, for students' long-term study.

One note a question: its text (and, for a choice, the options) on the front; the answer and the explanation on
the back. The ids are derived, never random, so that importing a newer export of the same pack updates its notes
instead of adding copies: the deck's id from the pack's name, each note's guid from the pack's name and the
question's id, and one note type for every orbitquiz deck (its id from a fixed name), so that a student who
imports several packs gets one "orbitquiz" note type, not one a pack.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import re
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path

from orbitquiz.export.moodle_xml import html_of
from orbitquiz.model import Question

MODEL_NAME = "orbitquiz question"
FIELDS = ("Question", "Options", "Answer", "Explanation")
#: Anki's tags hold no spaces; a type that is no tag is left out.
_TAG = re.compile(r"[^\s\"]+\Z")


def stable_id(text: str) -> int:
    """An id Anki accepts (genanki's own range: 2**30 to 2**31), the same for the same text on every machine."""
    digest = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")
    return (1 << 30) + digest % (1 << 30)


MODEL_ID = stable_id("orbitquiz model: " + MODEL_NAME)


def deck_id(name: str) -> int:
    return stable_id("orbitquiz deck: " + name)


def _front_options(question: Question) -> str:
    """What the front shows under the question: the options to choose from, or the items and their matches."""
    if question.kind == "match":
        items = "<br>".join(html_of(item) for item, _ in question.pairs)
        return f"{items}<br><br>Matches: " + ", ".join(html_of(option) for option in question.options)
    if question.kind in ("choice", "multi"):
        return "<br>".join(html_of(option) for option in question.options)
    return ""


def write(questions: Sequence[Question], name: str, title: str) -> bytes:
    """The .apkg file's bytes for the questions of the pack called ``name`` (its deck is named ``title``)."""
    import genanki  # only for this export

    model = genanki.Model(
        MODEL_ID, MODEL_NAME, fields=[{"name": field} for field in FIELDS],
        templates=[{
            "name": "Card 1",
            "qfmt": "{{Question}}{{#Options}}<br><br>{{Options}}{{/Options}}",
            "afmt": '{{FrontSide}}<hr id="answer">{{Answer}}{{#Explanation}}<br><br>{{Explanation}}{{/Explanation}}',
        }],
        css=".card { font-family: sans-serif; font-size: 20px; text-align: center; }",
    )
    deck = genanki.Deck(deck_id(name), " ".join(title.split()) or name)
    for question in questions:
        options = _front_options(question)
        tags = [question.type] if _TAG.match(question.type) else []
        deck.add_note(genanki.Note(
            model=model, fields=[html_of(question.prompt), options, html_of(question.answer),
                                 html_of(question.explanation or "")],
            guid=genanki.guid_for(name, question.id), tags=tags))
    # genanki's own write_to_file leaves its temporary database behind: the same steps, in a folder that goes.
    package = genanki.Package(deck)
    with tempfile.TemporaryDirectory(prefix="orbitquiz-apkg-") as folder:
        database = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(database)
        try:
            timestamp = time.time()
            package.write_to_db(connection.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            connection.commit()
        finally:
            connection.close()
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(database, "collection.anki2")
            archive.writestr("media", "{}")
    return out.getvalue()
