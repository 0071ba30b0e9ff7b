"""orbitquiz: facts tagged in an article become a trivia game.

The public API is the pure core below; it never imports Textual or Rich::

    from orbitquiz import describe, generate, grade, load_pack
    pack = load_pack("seeds/first-film.md")
    questions = generate(pack, seed=7)
    verdict = grade(questions[0], "Yulia Peresild")
    verdict.correct, verdict.match, describe(verdict)   # right or not, what matched (a Match), its words
"""

from orbitquiz.generate import generate
from orbitquiz.grading import describe, grade, normalize
from orbitquiz.model import AnswerKey, Fact, Match, Pack, PackError, Problem, Question, Source, Verdict
from orbitquiz.readers import load_pack, parse

__all__ = [
    "AnswerKey", "Fact", "Match", "Pack", "PackError", "Problem", "Question", "Source", "Verdict",
    "describe", "generate", "grade", "load_pack", "normalize", "parse",
]
