"""Facts become questions: a fill-in and a multiple-choice question for every fact where one can be asked well.

Per fact, in article order:
- its id: a digest of its type, answer and sentence (or ask=), stable across edits elsewhere in the article; a
  repeat of the same fact in the same sentence gets ".2", ".3" appended;
- its stem: ask= if the teacher wrote one, else what ``stems`` makes of its sentence (a question where one can be
  formed, else the sentence with a blank), knowing what the article said before; no question at all when the
  sentence cannot stand on its own, or when the stem shows the answer or an accepted form;
- its wrong options, from ``distractors``: its own wrong=, then computed values (numbers, dates) or other names of
  its type in its role, each dressed like the answer, none equal to an accepted form or shown in the stem;
- its randomness: a ``random.Random`` of its own, seeded by (seed, id), so the same pack and seed give the same
  questions and editing one fact leaves every other fact's questions as they were.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import os
import re
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from orbitquiz import collector, distractors, language, stems
from orbitquiz.dates import WrittenDate, parse_date
from orbitquiz.grading import as_number, normalize, spelled_number
from orbitquiz.model import BLANK, NUMERIC_TYPES, Fact, Pack, Question

__all__ = ["MIN_WRONG", "WRONG_OPTIONS", "generate"]

#: Wrong options wanted for a multiple-choice question; with fewer than MIN_WRONG there is no such question.
WRONG_OPTIONS = distractors.WRONG_OPTIONS
MIN_WRONG = 2


def generate(pack: Pack, seed: int = 0) -> list[Question]:
    """The pack's questions for this seed: its facts' questions in article order, then its ready-made ones."""
    with collector.paused():
        questions = _fact_questions(pack, seed)
    for question in pack.questions:
        if question.kind != "fill":  # the options of every kind that offers them, in an order of this seed
            options = list(question.options)
            _rng(seed, question.id).shuffle(options)
            question = dataclasses.replace(question, options=tuple(options))
        questions.append(question)
    return questions


def _rng(seed: int, key: str) -> random.Random:
    """A generator of its own for one fact: the same seed and fact always draw the same options."""
    return random.Random(int.from_bytes(hashlib.blake2b(f"{seed}:{key}".encode(), digest_size=8).digest()))


def _fact_questions(pack: Pack, seed: int) -> list[Question]:
    index = _TypeIndex(pack)
    texts = {text for fact in pack.facts for text in (fact.source.sentence, fact.source.previous) if text}
    capitalised, lowercase = stems.words_as_written(texts)
    context = stems.Context(title=pack.title, known=index.known, capitalised=capitalised, lowercase=lowercase,
                            title_kinds=stems.title_kinds(pack.title, texts), full_names=index.full_names())
    ids: Counter[str] = Counter()
    questions: list[Question] = []
    for sentence in _by_sentence(zip(pack.facts, index.mentions)):
        context.line, context.previous = sentence[0][0].source.line, sentence[0][0].source.previous
        context.current = [(fact.source.start or 0, mention) for fact, mention in sentence]
        for fact, mention in sentence:
            digest = hashlib.blake2b(f"{fact.type}\0{fact.answer}\0{fact.ask or fact.source.sentence}".encode(),
                                     digest_size=6).hexdigest()
            ids[digest] += 1
            fact_id = digest if ids[digest] == 1 else f"{digest}.{ids[digest]}"
            questions.extend(_questions(fact, mention, fact_id, index, context, _rng(seed, fact_id)))
        context.add_sentence(context.line, [mention for _, mention in sentence],
                             _years([fact for fact, _ in sentence], index))
    return questions


def _by_sentence(facts: Iterable[tuple[Fact, stems.Mention]]) -> Iterator[list[tuple[Fact, stems.Mention]]]:
    """The facts (with their mentions) in runs that stand in one sentence."""
    run: list[tuple[Fact, stems.Mention]] = []
    for fact, mention in facts:
        if run and (run[0][0].source.line, run[0][0].source.sentence) != (fact.source.line, fact.source.sentence):
            yield run
            run = []
        run.append((fact, mention))
    if run:
        yield run


def _years(facts: list[Fact], index: _TypeIndex) -> list[int]:
    """The years a sentence's facts name, for "Later that year" in the sentences after it."""
    return [year for fact in facts if (year := _year_named(fact, index.date_of[fact.answer])) is not None]


def _year_named(fact: Fact, date: WrittenDate | None) -> int | None:
    """The year a fact names: a year fact's, or its date's (``date``: the fact's answer read as a date)."""
    if fact.type == "year" and fact.answer.strip().isdigit():
        return int(fact.answer)
    return date.year if date is not None else None


def _questions(fact: Fact, mention: stems.Mention, fact_id: str, index: _TypeIndex, context: stems.Context,
               rng: random.Random) -> list[Question]:
    source = fact.source
    prompt: str | None
    if fact.ask is not None:
        prompt = fact.ask
    elif source.start is None or source.end is None or index.is_protagonist(fact) or index.titled(fact):
        # "Who was born in Edinburgh in 1847?" in an article on Bell's telephone asks nothing (review O), nor "the
        # mouth of the _____" in one on the Klondike Gold Rush (review P: "given away by the topic")
        return []
    else:
        prompt = stems.stem(source.sentence, source.start, source.end, fact.type, mention.role, context)
    if prompt is None:
        return []
    accepted = index.accepted(fact)
    forms = {normalize(form) for form in (fact.answer, *accepted)} - {""}
    spoken = f" {normalize(prompt)} "
    family = language.surname(fact.answer) if language.is_person_type(fact.type) else None
    counted = distractors.NumberForm.parse(fact.answer) if fact.type == "number" else None
    if any(f" {form} " in spoken for form in forms) or _shares_a_stem(prompt, fact.answer) \
            or (family is not None and f" {normalize(family)} " in spoken) or _shares_words(spoken, fact.answer) \
            or (counted is not None and counted.value == 1 and _unit(fact, singular=True) is not None):
        # the stem would give the answer away: "Marie Curie … her husband, [Pierre Curie]"; "the Soil Conservation
        # Act set up the [Soil Conservation Service]"; "by about [one] metre a year" (review O)
        return []
    # "the lungs of a(n) _____": options that all take the answer's article let the stem say it ("a frog").
    article = language.indefinite_article(fact.answer) if f"a(n) {BLANK}" in prompt.casefold() else None
    wrong = _wrong_options(fact, mention, forms, spoken, index, rng, article)
    if article is not None and len(wrong) >= MIN_WRONG \
            and all(language.indefinite_article(option) == article for option in wrong):
        prompt = re.sub(rf"\b([Aa])\(n\) (?={re.escape(BLANK)})",
                        lambda match: f"{match.group(1)}{article[1:]} ", prompt)
    common: dict[str, Any] = dict(prompt=prompt, answer=fact.answer, accepted=accepted, type=fact.type, hint=fact.hint,
                  source=source, fact_id=fact_id, rivals=index.rivals.get(fact.type, frozenset()))
    questions = []
    if len(wrong) >= MIN_WRONG:
        options = [fact.answer, *wrong]
        rng.shuffle(options)
        choice = common
        if not language.is_person_type(fact.type) and fact.type not in NUMERIC_TYPES \
                and index.date_of[fact.answer] is None:
            choice = {**common, "prompt": stems.without_where_it_is(prompt)}
        questions.append(Question(id=f"{fact_id}-choice", kind="choice", options=tuple(options), **choice))
    if not questions or fact.ask is not None or _fair_to_type(fact, index.date_of[fact.answer], index.naming):
        questions.insert(0, Question(id=f"{fact_id}-fill", kind="fill", options=(), **common))
    return questions


_MOST_WORDS_TO_TYPE = 3
_MOST_FIGURES_TO_TYPE = 3
_MOST_LETTERS_TO_TYPE = 10  # in a name of one word: "Folkestone" is typed, "Wahunsenacawh" chosen
_HYPHENATED_NAME = re.compile(r"[A-Z][\w’']*-[A-Z]")  # "Rolf-Dieter", "Szent-Györgyi"; not "Kvant-2"


def _fair_to_type(fact: Fact, date: WrittenDate | None, naming: Counter[str]) -> bool:
    """Whether a teacher would have the answer typed rather than chosen: no more than three words ("Nobel Prize in
    Physiology or Medicine" is chosen), and a number of no more than three significant figures ("192 metres" is
    typed, "26,461 millimetres" chosen); a year is typed, a full date chosen ("14 May 1804": review I); a name is
    typed only when a reader could spell it from the article (``_easy_to_spell``). Facts with too few wrong options
    are typed anyway. ``date``: the answer read as a date; ``naming``: how many tagged sentences name each word."""
    if len(fact.answer.split()) > _MOST_WORDS_TO_TYPE:
        return False
    if date is not None and date.day is not None:
        return False
    value = as_number(fact.answer)
    if value is None or fact.type == "year":
        return value is not None or _easy_to_spell(fact, naming)
    figures = str(abs(value)).replace(".", "").strip("0")
    return len(figures) <= _MOST_FIGURES_TO_TYPE


def _easy_to_spell(fact: Fact, naming: Counter[str]) -> bool:
    """Whether a name is fair to type from memory (reviews P-S: "an unfair spelling test"): no letter beyond
    English's ("Höganäs", "Eugène"), no hyphen inside a name ("Rolf-Dieter Heuer"), not one word longer than
    _MOST_LETTERS_TO_TYPE ("Eyjafjallajökull"; the words of "Sea of Tranquility" are read apart), and a person's
    surname read in two sentences at least ("Joe Incandela", named once, is chosen; "Marie Curie", named again,
    typed). A common word ("chimpanzee") is always fair."""
    answer = fact.answer
    if not answer[:1].isupper():
        return True
    if not answer.isascii() or _HYPHENATED_NAME.search(answer) \
            or (" " not in answer and len(answer) > _MOST_LETTERS_TO_TYPE):
        return False
    family = language.surname(fact.alias_of or answer) if language.is_person_type(fact.type) else None
    return family is None or naming[family] >= 2


def _wrong_options(fact: Fact, mention: stems.Mention, forms: set[str], spoken: str, index: _TypeIndex,
                   rng: random.Random, article: str | None = None) -> list[str]:
    """Up to WRONG_OPTIONS wrong options: none equal to an accepted form (as words or as a number), none shown in
    the stem, no two alike; those that take ``article`` ("a", "an") first when it is given."""
    taken = set(forms)
    value = _number_value(fact.answer)
    chosen: list[str] = []
    candidates: Iterable[str] = _candidates(fact, mention, index, rng)
    if article is not None:
        candidates = sorted(itertools.islice(candidates, _ARTICLE_SEARCH),
                            key=lambda candidate: language.indefinite_article(candidate) != article)
    person = language.is_person_type(fact.type)
    for candidate in candidates:
        key = normalize(candidate)
        if not key or key in taken or f" {key} " in spoken or (value is not None and _number_value(candidate) == value):
            continue
        if person and (family := language.surname(candidate)) and f" {normalize(family)} " in spoken:
            continue  # "run by _____, Salk's former mentor": not Jonas Salk
        taken.add(key)
        chosen.append(candidate)
        if len(chosen) == WRONG_OPTIONS:
            break
    return chosen


_ARTICLE_SEARCH = 40  # candidates looked through for wrong options that take the answer's "a" or "an"


def _unit(fact: Fact, singular: bool = False) -> str | None:
    """The word after a number's span that says what it counts or measures ("miles", "metres"; with ``singular``,
    "metre", which gives away a one), if any."""
    if fact.source.end is None:
        return None
    match = re.match(r" ([a-z]+[^s\W])\b" if singular else r" ([a-z]+s)\b", fact.source.sentence[fact.source.end:])
    if match is None or (singular and (not language.could_be_role(match.group(1)) or match.group(1) in ("am", "pm"))):
        return None  # "on July 1 the ship left": "the" is no unit
    return match.group(1)


def _candidates(fact: Fact, mention: stems.Mention, index: _TypeIndex, rng: random.Random) -> Iterator[str]:
    """The fact's own wrong=, then what its kind offers: computed numbers or dates, or other names of its type."""
    source = fact.source
    opens = source.start == 0
    for candidate in fact.wrong:
        yield distractors.dressed_like(candidate, fact.answer, fact.type, opens) or candidate
    number = distractors.NumberForm.parse(fact.answer) if fact.type in NUMERIC_TYPES else None
    if number is not None:
        setting = distractors.number_setting(source.sentence, source.start or 0, source.end or 0, number, fact.type,
                                             index.year_list)
        options = distractors.number_options(number, setting, fact.type, rng)
        if fact.type == "year" and not number.places:
            options = distractors.with_the_articles_years(options, number, index.year_list, setting, source.sentence,
                                                          rng)
        elif (unit := _unit(fact)) is not None:
            given = index.numbers.get(unit, distractors.GivenNumbers(()))  # none for a year with decimals
            options = distractors.with_the_articles_numbers(options, number, given, setting, source.sentence, rng)
        yield from options
        return
    if (date := index.date_of[fact.answer]) is not None:
        years = distractors.years_allowed(source.sentence, source.start or 0, date.year, index.year_list) \
            if date.year is not None else None
        yield from distractors.the_articles_dates(date, index.dates.get(fact.type, []), source.sentence, rng, years)
        # in the answer's year when other facts or the title name it ("The Spanish Armada of 1588": review Y)
        keep_year = index.years[date.year] > 1 or date.year in index.title_years
        yield from distractors.date_options(fact.answer, rng, keep_year=keep_year, years=years)
        return
    role_word = mention.role[0].casefold() if mention.role else index.roles.get((fact.type, index.key(fact)))
    # "Peresild" is the surname of the Yulia Peresild the article names in full; "Pachacuti" is all of his name
    surname = len(index.display[fact.type, index.key(fact)].split()) > len(fact.answer.split())
    for candidate in distractors.name_candidates(fact.answer, role_word, index.names.get(fact.type, {}),
                                                 index.everyone.get(fact.type, ()), index.pools.get(fact.type, ()),
                                                 rng, is_place=language.is_place_type(fact.type)):
        dressed = distractors.dressed_like(candidate, fact.answer, fact.type, opens, surname)
        if dressed is not None:
            yield dressed


def _shares_words(spoken: str, answer: str) -> bool:
    """Whether the stem says two words of the answer together, leaving the blank little to ask: "the Soil
    Conservation Act set up the _____" for the Soil Conservation Service."""
    words = normalize(answer).split()
    return any(f" {first} {second} " in spoken for first, second in zip(words, words[1:])
               if len(first) > 3 and len(second) > 3 and first.isalpha() and second.isalpha())


def _shares_a_stem(prompt: str, answer: str) -> bool:
    """Whether a word of the stem gives the answer away by its look: "named mendelevium in Mendeleev's honour",
    "oganesson, after Oganessian" (a long common start, most of the shorter word: five letters alike, or four
    with a name the stem says: "It was named Surtsey after Surtr", review R; "the town of Cooktown" after Cook)."""
    meanings = normalize(answer).split()
    # four letters alike only for a one-word answer and a name: "the _____ in Volta’s honour" (review X), not "Lake
    # Superior" after "the Great Lakes"
    meant_words = [meant for meant in meanings
                   if meant.isalpha() and (len(meant) >= 5 or (len(meant) == 4 and len(meanings) == 1))]
    if not meant_words:
        return False  # a number, a year, short words: the stem is not read at all
    names = {normalize(name) for name in _CAPITALISED_WORD.findall(prompt)}
    by_start: dict[str, list[str]] = {}
    for said in normalize(prompt).split():
        by_start.setdefault(said[:4], []).append(said)
    for meant in meant_words:
        for said in by_start.get(meant[:4], ()):  # words that share less than four letters are never alike
            if said[:5] != meant[:5] and said not in names:
                continue  # "built" says nothing of the Chrysler Building
            common = len(os.path.commonprefix([meant, said]))
            if said != meant and common >= 0.6 * min(len(meant), len(said)):
                return True
    return False


_CAPITALISED_WORD = re.compile(r"\b[A-Z][\w-]*")  # "Volta" of "Volta’s"


def _number_value(text: str):
    """The number a text names, in digits or in words, for telling "seven hundred" is 700."""
    value = as_number(text)
    if value is None and (spelled := spelled_number(text)) is not None:
        return spelled
    return value


class _TypeIndex:
    """Per fact type: the things the article names (with their other names and roles), its pool, its rivals."""

    def __init__(self, pack: Pack) -> None:
        #: (type, normalised name) -> how it is written, and every form it goes by (normalised -> as written).
        self.display: dict[tuple[str, str], str] = {}
        self.forms: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
        role_counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        beside: list[tuple[str, str] | None] = []  # the role word beside each fact's span
        offered: dict[str, set[str]] = defaultdict(set)
        for fact in pack.facts:
            key = (fact.type, self.key(fact))
            self.display.setdefault(key, fact.alias_of or fact.answer)
            for form in (fact.alias_of or fact.answer, fact.answer, *fact.accept):
                self.forms[key].setdefault(normalize(form), form)
                offered[fact.type].add(normalize(form))
            role = None
            if fact.source.start is not None and fact.source.end is not None:
                role = stems.role_beside(fact.source.sentence, fact.source.start, fact.source.end)
                if role is not None:
                    role_counts[key][role[0].casefold()] += 1
            beside.append(role)
            offered[fact.type].update(normalize(option) for option in fact.wrong)
        #: The role each thing is named in most often ("Pope", "architect", "shuttle").
        self.roles = {key: counts.most_common(1)[0][0] for key, counts in role_counts.items()}
        #: Per type, the article's names by the role they are named in (None: no role known).
        self.names: dict[str, dict[str | None, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.everyone: dict[str, list[str]] = defaultdict(list)
        for (type_, name_key), name in self.display.items():
            self.names[type_][self.roles.get((type_, name_key))].append(name)
            self.everyone[type_].append(name)
        self.pools = pack.distractors
        for type_, pool in pack.distractors.items():
            offered[type_].update(normalize(name) for name in pool)
        #: Every answer the pack offers for a type, normalised: none of them may pass as a typo of another (the
        #: grader leaves out the question's own forms; one set is shared by all the questions of the type).
        self.rivals = {type_: frozenset(forms - {""}) for type_, forms in offered.items()}
        #: Every name a tag gives a thing, for finding it in the untagged sentences before a stem; and how many
        #: people of the pack go by each surname (one alone: the surname is an accepted answer).
        self.known = {form: (type_, written) for (type_, _), forms in self.forms.items()
                      for form, written in forms.items() if form}
        self.surnames: Counter[str] = Counter()
        for (type_, _), name in self.display.items():
            if language.is_person_type(type_) and (family := language.surname(name)):
                self.known.setdefault(normalize(family), (type_, family))
                self.surnames[normalize(family)] += 1
        #: The person the article is about: the one person of a surname that its title names ("Louis Pasteur and
        #: the first vaccine against rabies", review P) or a third or more of its tagged sentences (four at least).
        sentences = {fact.source.sentence for fact in pack.facts}
        #: How many tagged sentences name each word, counted in one pass: linear in the text.
        self.naming: Counter[str] = Counter()
        for sentence in sentences:
            self.naming.update(set(stems.words(sentence)))
        naming = self.naming
        # the title's names, as runs of capitalised words: "Louis Pasteur", "Lewis", "Clark"; "Eiffel Tower" and
        # "Taj Mahal" name no person
        titled = {tuple(run.split()) for run in re.findall(r"[A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*",
                                                            re.sub(r"\AThe ", "", pack.title))}
        self.title_words = f" {normalize(pack.title)} "
        self.title_years = {int(year) for year in re.findall(r"\b\d{3,4}\b", pack.title)}
        self.protagonists: set[str] = set()
        for (type_, name_key), name in self.display.items():
            family = language.surname(name) if language.is_person_type(type_) else None
            if family is not None and self.surnames[normalize(family)] == 1 and (
                    any(family in run and set(run) <= set(name.split()) for run in titled)
                    or naming[family] >= 4 and naming[family] * 3 >= len(sentences)):
                self.protagonists.add(name_key)
        #: Per type, the dates its facts give, for wrong options a reader of the article must tell apart.
        #: How many facts name each year (year facts and dates), for keeping a date's wrong options in its year.
        self.years: Counter[int | None] = Counter()
        dates: dict[str, set[tuple[int | None, int, int | None]]] = defaultdict(set)
        #: Each answer read as a date (None: it is none), once: the generator asks it of a fact five times.
        self.date_of = {answer: parse_date(answer) for answer in dict.fromkeys(fact.answer for fact in pack.facts)}
        for fact in pack.facts:
            date = self.date_of[fact.answer]
            if date is not None:
                dates[fact.type].add((date.day, date.month, date.year))
            if (year := _year_named(fact, date)) is not None:
                self.years[year] += 1
        self.dates = {type_: sorted(parts, key=lambda part: tuple(value or 0 for value in part))
                      for type_, parts in dates.items()}
        self.year_list = sorted(year for year in self.years if year is not None)  # for a window by bisection
        #: The article's numbers by the unit after them ("miles"), for wrong options a reader must tell apart.
        numbers: dict[str, list[Decimal]] = defaultdict(list)
        for fact in pack.facts:
            if fact.type == "number" and (unit := _unit(fact)) is not None \
                    and (counted := distractors.NumberForm.parse(fact.answer)) is not None:
                numbers[unit].append(counted.value)
        self.numbers = {unit: distractors.GivenNumbers(values) for unit, values in numbers.items()}
        #: How each fact stands in its sentence, for the sentences after it (aligned with pack.facts).
        self.mentions = [self._mention(fact, role) for fact, role in zip(pack.facts, beside)]

    def full_names(self) -> dict[str, str]:
        """Each surname of one person of the pack alone, with the name the pack gives them in full: "Hutchinson" ->
        "Thomas Hutchinson" (``stems.Context.full_names``)."""
        return {family: name for (type_, _), name in self.display.items()
                if language.is_person_type(type_) and (family := language.surname(name)) is not None
                and family != name and self.surnames[normalize(family)] == 1}

    def is_protagonist(self, fact: Fact) -> bool:
        """Whether a fact's answer is the person the article is about, whom any question about them gives away."""
        return language.is_person_type(fact.type) and self.key(fact) in self.protagonists

    def titled(self, fact: Fact) -> bool:
        """Whether the title names a fact's answer (as whole words): the topic gives it away."""
        return f" {self.key(fact)} " in self.title_words

    @staticmethod
    def key(fact: Fact) -> str:
        return normalize(fact.alias_of or fact.answer)

    def _mention(self, fact: Fact, role: tuple[str, str] | None) -> stems.Mention:
        opening = fact.source.sentence[:fact.source.start or 0].split()
        opens = not opening or (role is not None and role[1] == "before" and len(opening) <= 2)
        return stems.Mention(name=self.display[fact.type, self.key(fact)], type=fact.type, opens=opens, role=role)

    def accepted(self, fact: Fact) -> tuple[str, ...]:
        """Every other typed answer that names the same thing, including a surname no one else in the pack has and
        a natural feature's name without its kind ("Uhuru" for Uhuru Peak) when the pack offers no other of it."""
        key = (fact.type, self.key(fact))
        forms = [*fact.accept, *self.forms[key].values()]
        if language.is_person_type(fact.type):
            for name in (fact.answer, self.display[key]):
                family = language.surname(name)
                if family is not None and self.surnames[normalize(family)] == 1:
                    forms.append(family)
        if (bare := language.without_feature_word(fact.answer)) is not None \
                and normalize(bare) not in self.rivals.get(fact.type, frozenset()) and normalize(bare) not in self.known:
            forms.append(bare)
        seen = {normalize(fact.answer)}
        unique = []
        for form in forms:
            if (plain := normalize(form)) not in seen:
                seen.add(plain)
                unique.append(form)
        return tuple(unique)
