"""The data orbitquiz passes around: plain frozen dataclasses, no behaviour, no I/O.

Each class is built by its one constructor, by keyword, and turned to and from plain data (strings, numbers, lists
and dicts, ready for JSON) by its ``to_dict`` and ``from_dict``, as py-fsrs's ``Card`` is: the pack cache keeps packs
so, and nothing else needs to know the fields' order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal, TypedDict

#: choice: pick one option; fill: type the answer; multi: choose all that apply (each option's credit in ``keys``);
#: match: choose a match for each item (``pairs``).
Kind = Literal["choice", "fill", "multi", "match"]
Severity = Literal["error", "warning"]

#: How a prompt shows the answer's place: "The _____ rocket lifted off."
BLANK = "_____"

#: The options a multiple-choice question made from a fact offers: the answer and three wrong ones.
OPTIONS = 4

#: Fact types whose wrong options are computed from the answer rather than drawn from other facts.
NUMERIC_TYPES = frozenset({"number", "year"})
#: Types whose wrong options the generator works out from the answer itself, so a type never lacks them.
COMPUTED_TYPES = NUMERIC_TYPES | {"date"}


@dataclass(frozen=True, slots=True)
class Source:
    """Where a question comes from, so feedback can show the player the original sentence."""

    path: str
    line: int
    sentence: str
    #: Character offsets of the fact inside ``sentence`` (for highlighting), when known.
    start: int | None = None
    end: int | None = None
    #: The sentence before it in the article, as plain text ("" for none): what "She" or "It" may refer to.
    #: Context, not identity: two sources of the same sentence are equal whatever came before them.
    previous: str = field(default="", compare=False, repr=False)

    def to_dict(self) -> SourceDict:
        return {"path": self.path, "line": self.line, "sentence": self.sentence, "start": self.start,
                "end": self.end, "previous": self.previous}

    @classmethod
    def from_dict(cls, data: SourceDict) -> Source:
        return cls(path=data["path"], line=data["line"], sentence=data["sentence"], start=data["start"],
                   end=data["end"], previous=data["previous"])


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding about a pack, printed like a compiler message: ``path:line:column: message``."""

    path: str
    line: int
    column: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else "warning: "
        return f"{self.path}:{self.line}:{self.column}: {prefix}{self.message}"

    def to_dict(self) -> ProblemDict:
        return {"path": self.path, "line": self.line, "column": self.column, "message": self.message,
                "severity": self.severity}

    @classmethod
    def from_dict(cls, data: ProblemDict) -> Problem:
        return cls(path=data["path"], line=data["line"], column=data["column"], message=data["message"],
                   severity=data["severity"])


class PackError(Exception):
    """A pack with errors. ``problems`` lists every error (and warning) found, first error first.

    ``pack`` holds what still plays when the errors are confined to some questions (or spans): the rest of the
    file, with those errors in its ``errors``. None when nothing in the file can be played.
    """

    def __init__(self, problems: list[Problem] | Problem, pack: Pack | None = None) -> None:
        self.problems: tuple[Problem, ...] = (problems,) if isinstance(problems, Problem) else tuple(problems)
        first = next(p for p in self.problems if p.severity == "error")
        self.path, self.line, self.column, self.message = first.path, first.line, first.column, first.message
        self.pack = pack
        super().__init__(str(first))


@dataclass(frozen=True, slots=True)
class Fact:
    """A tagged span of an article: ``[Soyuz]{.craft wrong="Progress|Dragon"}``."""

    answer: str
    type: str
    source: Source
    column: int
    accept: tuple[str, ...] = ()
    wrong: tuple[str, ...] = ()
    hint: str | None = None
    ask: str | None = None
    #: The answer of the tag this one names the same thing as (``is="..."``), if any.
    alias_of: str | None = None

    def to_dict(self) -> FactDict:
        return {"answer": self.answer, "type": self.type, "source": self.source.to_dict(), "column": self.column,
                "accept": list(self.accept), "wrong": list(self.wrong), "hint": self.hint, "ask": self.ask,
                "alias_of": self.alias_of}

    @classmethod
    def from_dict(cls, data: FactDict) -> Fact:
        return cls(answer=data["answer"], type=data["type"], source=Source.from_dict(data["source"]),
                   column=data["column"], accept=tuple(data["accept"]), wrong=tuple(data["wrong"]),
                   hint=data["hint"], ask=data["ask"], alias_of=data["alias_of"])


@dataclass(frozen=True, slots=True)
class AnswerKey:
    """An answer a question recognises with its own credit or feedback (GIFT's ``~%50%Paris#Close``).

    Either ``text`` (an option, or a typed answer), a numeric range ``low..high`` (inclusive), or a ``pattern``:
    Moodle's short-answer wildcard, in which ``*`` stands for any run of characters and ``\\*`` for an asterisk
    (``*manually*`` matches any response containing "manually"; ``*`` alone, every response).
    """

    text: str | None = None
    low: float | None = None
    high: float | None = None
    credit: float = 1.0
    feedback: str | None = None
    pattern: str | None = None

    def to_dict(self) -> AnswerKeyDict:
        return {"text": self.text, "low": self.low, "high": self.high, "credit": self.credit,
                "feedback": self.feedback, "pattern": self.pattern}

    @classmethod
    def from_dict(cls, data: AnswerKeyDict) -> AnswerKey:
        return cls(text=data["text"], low=data["low"], high=data["high"], credit=data["credit"],
                   feedback=data["feedback"], pattern=data["pattern"])


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    kind: Kind
    prompt: str
    options: tuple[str, ...]
    answer: str
    #: Other typed answers that count as right (``accept=``, aliases, a unique surname).
    accepted: tuple[str, ...]
    type: str
    hint: str | None
    source: Source
    #: Groups the questions asked about the same fact (review schedules facts, not questions).
    fact_id: str = ""
    #: Shown after the answer whatever it was (GIFT's general feedback, a CSV explanation column).
    explanation: str | None = None
    #: Answers with their own credit or feedback; graded before the plain ``answer``/``accepted`` rules.
    keys: tuple[AnswerKey, ...] = ()
    #: Normalised answers of the other facts of this type in the pack: a response equal to one of these is
    #: never accepted as a typo. Shared between questions, so it is excluded from comparison and repr.
    rivals: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    #: A matching question's items, each with the option that matches it; ``options`` holds every match
    #: offered (these and any extra ones). Empty for the other kinds.
    pairs: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> QuestionDict:
        return {"id": self.id, "kind": self.kind, "prompt": self.prompt, "options": list(self.options),
                "answer": self.answer, "accepted": list(self.accepted), "type": self.type, "hint": self.hint,
                "source": self.source.to_dict(), "fact_id": self.fact_id, "explanation": self.explanation,
                "keys": [key.to_dict() for key in self.keys], "rivals": sorted(self.rivals),
                "pairs": [[item, match] for item, match in self.pairs]}

    @classmethod
    def from_dict(cls, data: QuestionDict) -> Question:
        return cls(id=data["id"], kind=data["kind"], prompt=data["prompt"], options=tuple(data["options"]),
                   answer=data["answer"], accepted=tuple(data["accepted"]), type=data["type"], hint=data["hint"],
                   source=Source.from_dict(data["source"]), fact_id=data["fact_id"],
                   explanation=data["explanation"], keys=tuple(AnswerKey.from_dict(key) for key in data["keys"]),
                   rivals=frozenset(data["rivals"]), pairs=tuple((item, match) for item, match in data["pairs"]))


class Match(StrEnum):
    """What a response was found to be: the grading as data. The words a player sees for each are made in one
    place, ``grading.describe``; the store and the review schedule read this value."""

    EXACT = "exact"
    #: The answer but for accents ("Quebec" for "Québec").
    ACCENTS = "accents"
    #: One of the question's other accepted answers.
    ALTERNATIVE = "alternative"
    #: The answer with typos in its letters (``Verdict.typos`` of them; ``Verdict.spelling`` is the right one).
    TYPO = "typo"
    #: A number answered in words ("twelve" for 12), or in digits for one written in words.
    NUMBER_WORD = "number word"
    NUMBER_DIGITS = "number digits"
    #: The same date written another way ("April 24, 1990" for "24 April 1990").
    DATE_FORM = "date form"
    #: The answer with words from around it in the question ("Pope Benedict XVI", "437 days", "in 1991").
    EXTRA_WORDS = "extra words"
    #: A number within a numeric answer's accepted range.
    IN_RANGE = "in range"
    #: An answer the pack gives part of the points (``Verdict.credit``).
    PARTIAL = "partial credit"
    WRONG = "wrong"
    NO_ANSWER = "no answer"
    #: Multiple choice: the response is none of the options.
    NOT_AN_OPTION = "not an option"


@dataclass(frozen=True, slots=True)
class Verdict:
    correct: bool
    #: How the response was judged. A plain string naming a Match ("exact") is read as that Match.
    match: Match
    #: The answer as it should be spelt, for feedback.
    expected: str
    #: Fraction of the question's points earned: 1.0 right, 0.0 wrong, in between for weighted answers.
    credit: float = 1.0
    #: Feedback attached to the chosen answer, if the pack has any.
    feedback: str | None = None
    #: For Match.TYPO: how many letters were wrong, and the spelling of the answer the response was taken for.
    typos: int = 0
    spelling: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "match", Match(self.match))  # refuses a string that names no Match
        if not self.correct and self.credit == 1.0:
            object.__setattr__(self, "credit", 0.0)


@dataclass(frozen=True, slots=True)
class Pack:
    path: str
    title: str
    facts: tuple[Fact, ...] = ()
    #: Ready-made questions (from formats that carry questions rather than facts, such as GIFT).
    questions: tuple[Question, ...] = ()
    source: str | None = None
    language: str = "en"
    #: Extra wrong answers per fact type, from the front matter.
    distractors: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    warnings: tuple[Problem, ...] = ()
    #: The errors of the questions (or spans) left out of a pack that plays the rest (see PackError.pack), and
    #: how many questions (spans of an article) they left out.
    errors: tuple[Problem, ...] = ()
    left_out: int = 0

    def to_dict(self) -> PackDict:
        return {"path": self.path, "title": self.title, "facts": [fact.to_dict() for fact in self.facts],
                "questions": [question.to_dict() for question in self.questions], "source": self.source,
                "language": self.language,
                "distractors": {type_: list(answers) for type_, answers in self.distractors.items()},
                "warnings": [problem.to_dict() for problem in self.warnings],
                "errors": [problem.to_dict() for problem in self.errors], "left_out": self.left_out}

    @classmethod
    def from_dict(cls, data: PackDict) -> Pack:
        return cls(path=data["path"], title=data["title"], facts=tuple(Fact.from_dict(f) for f in data["facts"]),
                   questions=tuple(Question.from_dict(q) for q in data["questions"]), source=data["source"],
                   language=data["language"],
                   distractors={type_: tuple(answers) for type_, answers in data["distractors"].items()},
                   warnings=tuple(Problem.from_dict(p) for p in data["warnings"]),
                   errors=tuple(Problem.from_dict(p) for p in data["errors"]), left_out=int(data["left_out"]))


# --- the classes as plain data (to_dict / from_dict): what JSON holds of each --------------------------------


class SourceDict(TypedDict):
    path: str
    line: int
    sentence: str
    start: int | None
    end: int | None
    previous: str


class ProblemDict(TypedDict):
    path: str
    line: int
    column: int
    message: str
    severity: Severity


class FactDict(TypedDict):
    answer: str
    type: str
    source: SourceDict
    column: int
    accept: list[str]
    wrong: list[str]
    hint: str | None
    ask: str | None
    alias_of: str | None


class AnswerKeyDict(TypedDict):
    text: str | None
    low: float | None
    high: float | None
    credit: float
    feedback: str | None
    pattern: str | None


class QuestionDict(TypedDict):
    id: str
    kind: Kind
    prompt: str
    options: list[str]
    answer: str
    accepted: list[str]
    type: str
    hint: str | None
    source: SourceDict
    fact_id: str
    explanation: str | None
    keys: list[AnswerKeyDict]
    rivals: list[str]
    pairs: list[list[str]]


class PackDict(TypedDict):
    path: str
    title: str
    facts: list[FactDict]
    questions: list[QuestionDict]
    source: str | None
    language: str
    distractors: dict[str, list[str]]
    warnings: list[ProblemDict]
    errors: list[ProblemDict]
    left_out: int
