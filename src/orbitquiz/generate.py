"""Facts become questions: a fill-in and a multiple-choice question for every fact where possible.

Each fact draws its randomness from its own ``random.Random`` seeded by (seed, fact id), so the same pack and
seed give identical questions, and editing one fact leaves every other fact's questions as they were.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from decimal import Decimal

from orbitquiz.grading import normalize, spell_number, spelled_number
from orbitquiz.model import NUMERIC_TYPES, Fact, Pack, Question

BLANK = "_____"
#: Wrong options wanted for a multiple-choice question; with fewer than MIN_WRONG there is no such question.
WRONG_OPTIONS = 3
MIN_WRONG = 2
_SMALL = 32  # buckets up to this size are shuffled whole; larger ones are sampled at random


def generate(pack: Pack, seed: int = 0) -> list[Question]:
    """The pack's questions for this seed: its facts' questions in article order, then its ready-made ones."""
    index = _TypeIndex(pack)
    questions: list[Question] = []
    ids: Counter[str] = Counter()
    for fact in pack.facts:
        fact_id = _fact_id(fact, ids)
        questions.extend(_questions_for(fact, fact_id, index, _rng(seed, fact_id)))
    for question in pack.questions:
        if question.kind == "choice":
            options = list(question.options)
            _rng(seed, question.id).shuffle(options)
            question = dataclasses.replace(question, options=tuple(options))
        questions.append(question)
    return questions


def _rng(seed: int, key: str) -> random.Random:
    """A generator of its own for one fact: the same seed and fact always draw the same options."""
    digest = hashlib.blake2b(f"{seed}:{key}".encode(), digest_size=8).digest()
    return random.Random(int.from_bytes(digest))


def _fact_id(fact: Fact, seen: Counter[str]) -> str:
    """Stable across edits elsewhere in the article: it depends on the fact and its sentence only."""
    text = f"{fact.type}\0{fact.answer}\0{fact.ask or fact.source.sentence}"
    digest = hashlib.blake2b(text.encode(), digest_size=6).hexdigest()
    seen[digest] += 1
    return digest if seen[digest] == 1 else f"{digest}.{seen[digest]}"


class _Entity:
    """One thing an article names, perhaps in several ways (``is=`` aliases, ``accept=`` spellings)."""

    __slots__ = ("name", "forms", "shape")

    def __init__(self, name: str) -> None:
        self.name = name  # how options show it: the answer of its first tag
        self.forms: dict[str, str] = {}  # normalised -> as written
        self.shape = _shape(name)

    def add(self, *forms: str) -> None:
        for form in forms:
            self.forms.setdefault(normalize(form), form)


class _TypeIndex:
    """Per fact type: its entities, grouped by shape for choosing look-alike distractors."""

    def __init__(self, pack: Pack) -> None:
        self.entities: dict[tuple[str, str], _Entity] = {}
        for fact in pack.facts:
            key = (fact.type, normalize(fact.alias_of or fact.answer))
            entity = self.entities.get(key)
            if entity is None:
                entity = self.entities[key] = _Entity(fact.alias_of or fact.answer)
                entity.add(entity.name)
            entity.add(fact.answer, *fact.accept)
        # Candidates by (type, look) at three levels of likeness: same shape, same word count, any.
        self.pack_names = _Buckets()
        self.pool_names = _Buckets()
        for type_, pool in pack.distractors.items():
            for name in pool:
                self.pool_names.add(type_, name)
        surnames: Counter[str] = Counter()
        rivals: dict[str, set[str]] = defaultdict(set)
        for (type_, _), entity in self.entities.items():
            self.pack_names.add(type_, entity.name)
            rivals[type_].update(entity.forms)
            if type_ == "person" and " " in entity.name:
                surnames[normalize(entity.name.split()[-1])] += 1
        self.surnames = surnames
        self.rivals = {type_: frozenset(forms) for type_, forms in rivals.items()}

    def entity(self, fact: Fact) -> _Entity:
        return self.entities[fact.type, normalize(fact.alias_of or fact.answer)]

    def accepted(self, fact: Fact, entity: _Entity) -> tuple[str, ...]:
        """Every other typed answer that names the same thing, including a surname no one else has."""
        forms = dict.fromkeys((*fact.accept, *entity.forms.values()))
        if fact.type == "person":
            for name in (fact.answer, entity.name):
                words = name.split()
                if len(words) > 1 and self.surnames[normalize(words[-1])] == 1:
                    forms[words[-1]] = None
        seen = {normalize(fact.answer)}
        unique = []
        for form in forms:
            if (key := normalize(form)) not in seen:
                seen.add(key)
                unique.append(form)
        return tuple(unique)

    def look_alikes(self, fact: Fact, rng: random.Random) -> Iterable[str]:
        """Other answers of the fact's type, then its pool, at each level of likeness to the answer's shape.

        So "The Challenge" is offered "Going Vertical" from the pool before "Text" from the article.
        """
        for level in _Buckets.levels(fact.type, _shape(fact.answer)):
            yield from _draw(self.pack_names.get(level), rng)
            yield from _draw(self.pool_names.get(level), rng)


class _Buckets:
    """Names grouped by how they look, at three levels: exact shape, word count, and just the type."""

    def __init__(self) -> None:
        self.buckets: dict[tuple, list[str]] = defaultdict(list)

    @staticmethod
    def levels(type_: str, shape: tuple) -> tuple[tuple, ...]:
        return (type_, shape), (type_, shape[0]), (type_,)

    def add(self, type_: str, name: str) -> None:
        for level in self.levels(type_, _shape(name)):
            self.buckets[level].append(name)

    def get(self, level: tuple) -> list[str]:
        return self.buckets.get(level, [])


def _draw(bucket: list[str], rng: random.Random) -> Iterable[str]:
    """Items of a bucket in random order; a large bucket is sampled so the cost does not grow with its size."""
    if len(bucket) <= _SMALL:
        yield from rng.sample(bucket, len(bucket))
    else:
        for _ in range(_SMALL):
            yield bucket[rng.randrange(len(bucket))]


def _shape(text: str) -> tuple[int, tuple[bool, ...]]:
    """Word count and which words are capitalised: "Klim Shipenko" looks like (2, (True, True))."""
    words = text.split()
    return len(words), tuple(word[:1].isupper() for word in words)


def _questions_for(fact: Fact, fact_id: str, index: _TypeIndex, rng: random.Random) -> list[Question]:
    entity = index.entity(fact)
    accepted = index.accepted(fact, entity)
    forms = {normalize(fact.answer), *(normalize(form) for form in accepted)}
    prompt = _prompt(fact, forms)
    if prompt is None:
        return []  # the answer shows elsewhere in its own sentence and there is no ask= to use instead
    common = dict(
        prompt=prompt, answer=fact.answer, accepted=accepted, type=fact.type, hint=fact.hint,
        source=fact.source, fact_id=fact_id, rivals=index.rivals.get(fact.type, frozenset()),
    )
    questions = [Question(id=f"{fact_id}-fill", kind="fill", options=(), **common)]
    wrong = _distractors(fact, forms, prompt, index, rng)
    if len(wrong) >= MIN_WRONG:
        options = [fact.answer, *wrong]
        rng.shuffle(options)
        questions.append(Question(id=f"{fact_id}-choice", kind="choice", options=tuple(options), **common))
    return questions


def _prompt(fact: Fact, forms: set[str]) -> str | None:
    sentence = fact.source.sentence
    blanked = sentence[: fact.source.start] + BLANK + sentence[fact.source.end :]
    for prompt in (fact.ask, None if fact.ask else blanked):
        if prompt is not None and not any(_mentions(prompt, form) for form in forms):
            return prompt
    return None


def _mentions(text: str, form: str) -> bool:
    return bool(form) and f" {form} " in f" {normalize(text)} "


def _distractors(fact: Fact, forms: set[str], prompt: str, index: _TypeIndex, rng: random.Random) -> list[str]:
    """Up to three wrong options: the fact's own wrong=, then look-alikes from its type and the type's pool."""
    sources: list[Iterable[str]] = [fact.wrong]
    if fact.type in NUMERIC_TYPES and (number := _NumberForm.parse(fact.answer)) is not None:
        sources.append(number.neighbours(fact.type, rng))
    else:
        sources.append(index.look_alikes(fact, rng))
    chosen: list[str] = []
    taken = set(forms)
    normalized_prompt = f" {normalize(prompt)} "
    for source in sources:
        for candidate in source:
            candidate = _like(candidate, fact)
            key = normalize(candidate)
            if not key or key in taken or f" {key} " in normalized_prompt:
                continue
            taken.add(key)
            chosen.append(candidate)
            if len(chosen) == WRONG_OPTIONS:
                return chosen
    return chosen


def _like(candidate: str, fact: Fact) -> str:
    """Dress a wrong option like the answer so its look gives nothing away.

    A surname answer gets surnames ("Peresild" against "Shipenko", not "Klim Shipenko"); a lowercase answer gets
    lowercase options and a capitalised first word of a sentence gets capitalised ones ("Actress" / "Surgeon").
    """
    answer = fact.answer
    if fact.type == "person" and " " not in answer and " " in candidate:
        candidate = candidate.split()[-1]
    if answer.islower() and candidate[:1].isupper() and candidate[1:].islower():
        return candidate[0].lower() + candidate[1:]
    if fact.source.start == 0 and answer[:1].isupper() and answer[1:].islower() and candidate.islower():
        return candidate[0].upper() + candidate[1:]
    return candidate


class _NumberForm:
    """The written form of a number — prefix, sign, digits, decimals, thousands commas, unit — to copy."""

    PATTERN = re.compile(r"(?P<prefix>\D*?)(?P<sign>[-+−]?)(?P<digits>\d{1,3}(?:,\d{3})+|\d+)"
                         r"(?:\.(?P<decimals>\d+))?(?P<suffix>\D*)\Z")

    def __init__(self, value: Decimal, prefix: str = "", suffix: str = "", sign: str = "", commas: bool = False,
                 places: int = 0, spelled: bool = False) -> None:
        self.value, self.prefix, self.suffix, self.sign = value, prefix, suffix, sign
        self.commas, self.places, self.spelled = commas, places, spelled

    @classmethod
    def parse(cls, text: str) -> _NumberForm | None:
        match = cls.PATTERN.match(text.strip())
        if match is None:
            spelled = spelled_number(text)
            return None if spelled is None else cls(Decimal(spelled), spelled=True)
        places = len(match["decimals"] or "")
        magnitude = Decimal(match["digits"].replace(",", "") + (f".{match['decimals']}" if places else ""))
        value = -magnitude if match["sign"] in ("-", "−") else magnitude
        return cls(value, match["prefix"], match["suffix"], match["sign"], "," in match["digits"], places)

    def format(self, value: Decimal) -> str:
        if self.spelled:
            return spell_number(int(value))
        sign = "-" if value < 0 else ("+" if self.sign == "+" else "")
        digits = f"{abs(value):{',' if self.commas else ''}.{self.places}f}"
        if self.sign == "−" and value < 0:
            sign = "−"
        return f"{self.prefix}{sign}{digits}{self.suffix}"

    def neighbours(self, type_: str, rng: random.Random) -> list[str]:
        """Three values on a sensible step around the answer, the answer's rank among them random."""
        value = self.value
        if type_ == "year" and self.places == 0:
            step = Decimal(rng.choice((1, 2, 5, 10)))
        else:
            unit = Decimal(1).scaleb(-self.places)
            exponent = math.floor(math.log10(abs(value))) - 1 if value else 0
            step = max(unit, Decimal(1).scaleb(exponent)) * rng.choice((1, 2, 5))
        ranks = [r for r in range(WRONG_OPTIONS + 1) if self._keeps_sign(type_, value - r * step,
                                                                          value + (WRONG_OPTIONS - r) * step)]
        rank = rng.choice(ranks or [0])
        return [self.format(value + (i - rank) * step) for i in range(WRONG_OPTIONS + 1) if i != rank]

    def _keeps_sign(self, type_: str, lowest: Decimal, highest: Decimal) -> bool:
        """Whether options from lowest to highest all look like the answer: same sign, a year stays a year."""
        if type_ == "year" and self.places == 0:  # a year keeps its number of digits: 1995 never becomes 995
            digits = len(str(abs(int(self.value))))
            return lowest >= max(1, 10 ** (digits - 1)) and highest < 10**digits
        if self.value > 0:
            return lowest > 0
        if self.value < 0:
            return highest < 0
        return lowest >= 0
