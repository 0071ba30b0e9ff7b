"""Facts become questions: a fill-in and a multiple-choice question for every fact where possible.

Each fact draws its randomness from its own ``random.Random`` seeded by (seed, fact id), so the same pack and
seed give identical questions, and editing one fact leaves every other fact's questions as they were.

A long article names the same few thousand things many times over, so what depends only on a fact's answer (its
accepted forms, the buckets its look-alikes come from, its number form) is worked out once per distinct answer in
a call (_Plan), and the loop over facts does only what differs per fact: the id, the prompt, the draws and the
two Questions.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal

from orbitquiz.grading import normalize, spell_number, spelled_number
from orbitquiz.model import NUMERIC_TYPES, Fact, Pack, Question, Source

BLANK = "_____"
#: Wrong options wanted for a multiple-choice question; with fewer than MIN_WRONG there is no such question.
WRONG_OPTIONS = 3
MIN_WRONG = 2
_SMALL = 32  # buckets up to this size are shuffled whole; larger ones are sampled at random


def generate(pack: Pack, seed: int = 0) -> list[Question]:
    """The pack's questions for this seed: its facts' questions in article order, then its ready-made ones."""
    questions = _fact_questions(pack, seed)
    for question in pack.questions:
        if question.kind == "choice":
            options = list(question.options)
            _rng(seed, question.id).shuffle(options)
            question = dataclasses.replace(question, options=tuple(options))
        questions.append(question)
    return questions


def _rng(seed: int, key: str) -> random.Random:
    """A generator of its own for one fact: the same seed and fact always draw the same options."""
    return random.Random(_seed_of(seed, key))


def _seed_of(seed: int, key: str) -> int:
    return int.from_bytes(hashlib.blake2b(f"{seed}:{key}".encode(), digest_size=8).digest())


def _fact_questions(pack: Pack, seed: int) -> list[Question]:
    """A fill-in and, with at least MIN_WRONG wrong options, a multiple-choice question for every fact.

    Per fact:
    - its id: a digest of its type, answer and sentence (or ask=), stable across edits elsewhere in the article;
      a repeat of the same fact in the same sentence gets ".2", ".3" appended;
    - the prompt: ask= if given, else the sentence with the answer blanked; no question at all if the prompt
      mentions the answer or an accepted form (normalised, as whole words);
    - its generator: Random(blake2b(f"{seed}:{id}")) (_rng);
    - the wrong options: its own wrong=, then number neighbours (number and year facts) or look-alikes of its
      type (_look_alikes), each dressed like the answer (_like), skipping any that normalises to an answer, to an
      option already taken or to words of the prompt, until there are WRONG_OPTIONS;
    - the options shuffled.

    One generator is re-seeded per fact (Random.seed(n) resets its whole state, so it draws exactly what a new
    Random(n) would), and draws are made with the calls Random's own methods make (see _below).
    """
    index = _TypeIndex(pack)
    questions: list[Question] = []
    add = questions.append
    ids: dict[str, int] = {}
    plans: dict[tuple, _Plan] = {}
    keys: dict[str, str] = {}  # " normalised " forms of the options considered
    rng = random.Random()
    reseed = super(random.Random, rng).seed  # what Random.seed runs for an int
    getrandbits = rng.getrandbits
    blake2b = hashlib.blake2b
    from_bytes = int.from_bytes
    prefix = f"{seed}:"
    # Every prompt is a sentence of its own: normalised without normalize's cache, which they would only churn
    # (100,000 of them push out the answers and options that are looked up again and again).
    normalize_once = normalize.__wrapped__
    for fact in pack.facts:
        type_, answer, ask, source = fact.type, fact.answer, fact.ask, fact.source
        sentence = source.sentence
        digest = blake2b(f"{type_}\0{answer}\0{ask or sentence}".encode(), digest_size=6).hexdigest()
        count = ids.get(digest, 0) + 1
        ids[digest] = count
        fact_id = digest if count == 1 else f"{digest}.{count}"

        plan_key = (type_, fact.alias_of, answer, tuple(fact.accept))
        plan = plans.get(plan_key)
        if plan is None:
            plan = plans[plan_key] = _Plan(fact, index)
        prompt = ask if ask is not None else sentence[: source.start] + BLANK + sentence[source.end :]
        spoken = f" {normalize_once(prompt)} "
        for form in plan.spaced:
            if form in spoken:
                break
        else:
            accepted, rivals, hint = plan.accepted, plan.rivals, fact.hint
            add(_question(f"{fact_id}-fill", "fill", prompt, (), answer, accepted, type_, hint, source, fact_id,
                          rivals))

            reseed(from_bytes(blake2b(f"{prefix}{fact_id}".encode(), digest_size=8).digest()))
            dress = plan.surname or plan.lower or (source.start == 0 and plan.capitalised)
            number = plan.number
            chosen: list[str] = []
            # Options are compared as " normalised " so that one test also finds them as words of the prompt; the
            # empty form is taken from the start, as an option that normalises to nothing is never offered.
            taken = set(plan.taken)
            for candidates in (fact.wrong, number.neighbours(type_, getrandbits) if number is not None
                               else _look_alikes(plan.levels, getrandbits)):
                for candidate in candidates:
                    if dress:
                        candidate = _like(candidate, fact)
                    key = keys.get(candidate)
                    if key is None:
                        key = keys[candidate] = f" {normalize(candidate)} "
                    if key in taken or key in spoken:
                        continue
                    taken.add(key)
                    chosen.append(candidate)
                    if len(chosen) == WRONG_OPTIONS:
                        break
                if len(chosen) == WRONG_OPTIONS:
                    break
            if len(chosen) >= MIN_WRONG:
                options = [answer, *chosen]
                for i in range(len(options) - 1, 0, -1):  # Random.shuffle(options), with _below written out
                    bits = (i + 1).bit_length()
                    j = getrandbits(bits)
                    while j > i:
                        j = getrandbits(bits)
                    options[i], options[j] = options[j], options[i]
                add(_question(f"{fact_id}-choice", "choice", prompt, tuple(options), answer, accepted, type_, hint,
                              source, fact_id, rivals))
    return questions


def _below(getrandbits: Callable[[int], int], n: int) -> int:
    """Random._randbelow(n) of the generator whose getrandbits this is: the same draws, so the same number."""
    bits = n.bit_length()
    r = getrandbits(bits)
    while r >= n:
        r = getrandbits(bits)
    return r


def _look_alikes(levels: list[tuple[Sequence[str], Sequence[str]]], getrandbits: Callable[[int], int]) -> Iterator[str]:
    """Other answers of the fact's type, then its pool, at each level of likeness to the answer's shape.

    So "The Challenge" is offered "Going Vertical" from the pool before "Text" from the article. A bucket of up to
    _SMALL names is drawn whole in random order (Random.sample: every draw made before the first name is given);
    a larger one gives _SMALL names at random (Random.randrange per name), so the cost does not grow with it.
    Lazy: only the draws for the names actually looked at are made.
    """
    for buckets in levels:
        for bucket in buckets:
            size = len(bucket)
            if size <= _SMALL:
                pool = list(bucket)
                drawn = []
                for left in range(size, 0, -1):
                    j = _below(getrandbits, left)
                    drawn.append(pool[j])
                    pool[j] = pool[left - 1]
                yield from drawn
            else:
                bits = size.bit_length()
                for _ in range(_SMALL):
                    j = getrandbits(bits)
                    while j >= size:
                        j = getrandbits(bits)
                    yield bucket[j]


class _Plan:
    """What a fact's questions need that depends only on its type, answer, ``is=`` and ``accept=``."""

    __slots__ = ("accepted", "capitalised", "forms", "levels", "lower", "number", "rivals", "spaced", "surname", "taken")

    def __init__(self, fact: Fact, index: _TypeIndex) -> None:
        answer, type_ = fact.answer, fact.type
        #: Every other typed answer that names the same thing; the normalised forms of all of them.
        self.accepted = index.accepted(fact, index.entity(fact))
        self.forms = {normalize(answer), *(normalize(form) for form in self.accepted)}
        #: The forms as the prompt must not contain them, as whole words; the options they rule out, with "".
        self.spaced = [f" {form} " for form in self.forms if form]
        self.taken = {f" {form} " for form in ("", *self.forms)}
        self.rivals = index.rivals.get(type_, frozenset())
        #: The number form to copy (number and year facts), else the buckets to draw look-alikes from.
        self.number = _NumberForm.parse(answer) if type_ in NUMERIC_TYPES else None
        pack_names, pool_names = index.pack_names.buckets, index.pool_names.buckets
        self.levels = [] if self.number is not None else [
            (pack_names.get(level, ()), pool_names.get(level, ())) for level in _Buckets.levels(type_, _shape(answer))
        ]
        # Whether _like may change an option for this answer (the capitalised case also needs the fact's offset).
        self.surname = type_ == "person" and " " not in answer
        self.lower = answer.islower()
        self.capitalised = answer[:1].isupper() and answer[1:].islower()


class _Entity:
    """One thing an article names, perhaps in several ways (``is=`` aliases, ``accept=`` spellings)."""

    __slots__ = ("forms", "name")

    def __init__(self, name: str) -> None:
        self.name = name  # how options show it: the answer of its first tag
        self.forms: dict[str, str] = {}  # normalised -> as written

    def add(self, *forms: str) -> None:
        for form in forms:
            self.forms.setdefault(normalize(form), form)


class _TypeIndex:
    """Per fact type: its entities, grouped by shape for choosing look-alike distractors."""

    def __init__(self, pack: Pack) -> None:
        self.entities: dict[tuple[str, str], _Entity] = {}
        seen: set[tuple] = set()
        for fact in pack.facts:
            same = (fact.type, fact.alias_of, fact.answer, tuple(fact.accept))
            if same in seen:  # adds nothing an earlier fact did not
                continue
            seen.add(same)
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


def _shape(text: str) -> tuple[int, tuple[bool, ...]]:
    """Word count and which words are capitalised: "Klim Shipenko" looks like (2, (True, True))."""
    words = text.split()
    return len(words), tuple(word[:1].isupper() for word in words)


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
    #: Whole numbers of up to this many digits are stepped as ints (see neighbours); Decimal arithmetic, which
    #: rounds to 28 digits, is exact as far as here too, so both give the same options.
    EXACT = 10**24

    def __init__(self, value: Decimal, prefix: str = "", suffix: str = "", sign: str = "", commas: bool = False,
                 places: int = 0, spelled: bool = False) -> None:
        self.value, self.prefix, self.suffix, self.sign = value, prefix, suffix, sign
        self.commas, self.places, self.spelled = commas, places, spelled
        #: The value in units of its last decimal place (123.45 -> 12345), when it is small enough to step exactly.
        scaled = int(value.scaleb(places)) if not spelled and value.is_finite() else None
        self.scaled = scaled if scaled is not None and abs(scaled) < self.EXACT else None

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

    def neighbours(self, type_: str, getrandbits: Callable[[int], int]) -> list[str]:
        """Three values on a sensible step around the answer, the answer's rank among them random.

        Draws from the generator whose getrandbits is given, as Random.choice would: of the step, then the rank.
        """
        year = type_ == "year" and self.places == 0
        multiple = (1, 2, 5, 10)[_below(getrandbits, 4)] if year else (1, 2, 5)[_below(getrandbits, 3)]
        exponent = 0
        if not year and self.value:
            exponent = math.floor(math.log10(abs(self.value))) - 1
        scaled = self.scaled
        if scaled is None:
            step = Decimal(multiple)
            if not year:
                step = max(Decimal(1).scaleb(-self.places), Decimal(1).scaleb(exponent)) * multiple
            return self._decimal_neighbours(type_, step, getrandbits)
        # What _decimal_neighbours does, on ints in units of the last decimal place (max(10^-places, 10^exponent)
        # is 10^max(0, exponent + places) of them).
        step = multiple if year else 10 ** max(exponent + self.places, 0) * multiple
        if year:
            digits = len(str(abs(scaled)))
            low, high = max(1, 10 ** (digits - 1)), 10**digits
            ranks = [r for r in range(WRONG_OPTIONS + 1)
                     if scaled - r * step >= low and scaled + (WRONG_OPTIONS - r) * step < high]
        elif scaled > 0:
            ranks = [r for r in range(WRONG_OPTIONS + 1) if scaled - r * step > 0]
        elif scaled < 0:
            ranks = [r for r in range(WRONG_OPTIONS + 1) if scaled + (WRONG_OPTIONS - r) * step < 0]
        else:
            ranks = [r for r in range(WRONG_OPTIONS + 1) if scaled - r * step >= 0]
        ranks = ranks or [0]
        rank = ranks[_below(getrandbits, len(ranks))]
        return [self._format_scaled(scaled + (i - rank) * step) for i in range(WRONG_OPTIONS + 1) if i != rank]

    def _format_scaled(self, scaled: int) -> str:
        """format(), for a value given in units of its last decimal place."""
        whole, fraction = divmod(abs(scaled), 10**self.places)
        digits = f"{whole:,}" if self.commas else str(whole)
        if self.places:
            digits = f"{digits}.{fraction:0{self.places}d}"
        sign = "-" if scaled < 0 else ("+" if self.sign == "+" else "")
        if self.sign == "−" and scaled < 0:
            sign = "−"
        return f"{self.prefix}{sign}{digits}{self.suffix}"

    def _decimal_neighbours(self, type_: str, step: Decimal, getrandbits: Callable[[int], int]) -> list[str]:
        value = self.value
        ranks = [r for r in range(WRONG_OPTIONS + 1) if self._keeps_sign(type_, value - r * step,
                                                                          value + (WRONG_OPTIONS - r) * step)]
        ranks = ranks or [0]
        rank = ranks[_below(getrandbits, len(ranks))]
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


# --- building Questions ---------------------------------------------------------------------------------------
# A long article makes two Questions per fact. A frozen dataclass's __init__ writes each of its 13 fields through
# object.__setattr__; writing the slots directly gives the same objects for about half the cost. Done only while
# Question is what this code expects (slotted, these fields, no __post_init__), else through __init__.

_QUESTION_FIELDS = ("id", "kind", "prompt", "options", "answer", "accepted", "type", "hint", "source", "fact_id",
                    "explanation", "keys", "rivals")


def _slot_writers(cls: type, names: tuple[str, ...]) -> tuple | None:
    fields = tuple(f.name for f in dataclasses.fields(cls))
    if fields != names or hasattr(cls, "__post_init__") or "__slots__" not in vars(cls):
        return None
    return tuple(vars(cls)[name].__set__ for name in names)


_question_writers = _slot_writers(Question, _QUESTION_FIELDS)

if _question_writers is not None:
    _new = object.__new__
    (_set_id, _set_kind, _set_prompt, _set_options, _set_answer, _set_accepted, _set_type, _set_hint, _set_source,
     _set_fact_id, _set_explanation, _set_keys, _set_rivals) = _question_writers

    def _question(id_: str, kind: str, prompt: str, options: tuple[str, ...], answer: str, accepted: tuple[str, ...],
                  type_: str, hint: str | None, source: Source, fact_id: str, rivals: frozenset[str]) -> Question:
        """Question(id=..., ..., fact_id=..., rivals=...) with no explanation and no keys."""
        question = _new(Question)
        _set_id(question, id_)
        _set_kind(question, kind)
        _set_prompt(question, prompt)
        _set_options(question, options)
        _set_answer(question, answer)
        _set_accepted(question, accepted)
        _set_type(question, type_)
        _set_hint(question, hint)
        _set_source(question, source)
        _set_fact_id(question, fact_id)
        _set_explanation(question, None)
        _set_keys(question, ())
        _set_rivals(question, rivals)
        return question

else:  # pragma: no cover - the model changed: the plain constructor, by keyword

    def _question(id_: str, kind: str, prompt: str, options: tuple[str, ...], answer: str, accepted: tuple[str, ...],
                  type_: str, hint: str | None, source: Source, fact_id: str, rivals: frozenset[str]) -> Question:
        """Question(id=..., ..., fact_id=..., rivals=...) with no explanation and no keys."""
        return Question(id=id_, kind=kind, prompt=prompt, options=options, answer=answer, accepted=accepted,
                        type=type_, hint=hint, source=source, fact_id=fact_id, rivals=rivals)
