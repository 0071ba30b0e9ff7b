"""orbitquiz: facts tagged in an article become a trivia game.

The public API is the pure core below; it never imports Textual or Rich::

    from orbitquiz import load_pack, generate, grade
    pack = load_pack("seeds/first-film.md")
    questions = generate(pack, seed=7)
    grade(questions[0], "Yulia Peresild").correct
"""

from orbitquiz.generate import generate
from orbitquiz.grading import grade, normalize
from orbitquiz.model import AnswerKey, Fact, Pack, PackError, Problem, Question, Source, Verdict
from orbitquiz.readers import load_pack, parse

__all__ = [
    "AnswerKey", "Fact", "Pack", "PackError", "Problem", "Question", "Source", "Verdict",
    "generate", "grade", "load_pack", "normalize", "parse",
]
