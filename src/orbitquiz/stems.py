"""A tagged sentence becomes a stem a teacher would ask: named subject, a real question where one can be formed.

``stem(sentence, start, end, type, role, context)`` takes the sentence a fact stands in and gives the words the player
reads, or None when the sentence cannot stand on its own (it opens with "It" or "Later that year" and the article
gives nothing to replace them with). In order:

1. leftovers go: citation marks ("[3]", "[archived]"), a day number in parentheses ("Tuesday (5)");
2. what the sentence refers back to is named from the article (``Context``): "She said" -> "Peresild said",
   "It was launched" -> "Mir was launched", "The rocket" -> "The Soyuz rocket", "Later that year" -> "Later in
   1986";
3. where the span's place allows, a question is formed ("Who became ...?", "In what year was ...?", "Which
   shuttle carried ...?"); otherwise the span becomes a blank, with "a(n)" before it so the article gives nothing
   away;
4. a trailing clause that only makes a long stem longer is cut, and a quotation left open is closed.

Rules over words, with the word classes in ``language``: no tagger is loaded, so a round starts as fast as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from collections import defaultdict
from dataclasses import dataclass, field

from orbitquiz import language
from orbitquiz.dates import MONTHS, WEEKDAYS
from orbitquiz.grading import normalize, spelled_number
from orbitquiz.model import BLANK

_CITATION = re.compile(r"\s*\[(?:\d{1,3}|[a-z]|citation needed|archived|clarification needed|note \d+|sic)\]",
                       re.IGNORECASE)
_DAY_IN_PARENTHESES = re.compile(r"\s*\(\d{1,2}\)")
_WORD = re.compile(r"[\w’'-]+")
#: Clauses that can be cut from the end of a long stem without losing its subject.
_TRAILING_CLAUSE = re.compile(r"(?:, which |, where |, while |, and |, but |, although |, though |, so |; | — | – )")
_LONG = 20  # words: a blanked stem longer than this loses a trailing clause if it has one
_QUOTES = {"“": "”", "«": "»"}
_RECENT = 12  # tagged sentences back that "The rocket" may refer to


@dataclass(frozen=True, slots=True)
class Mention:
    """A tagged thing a sentence named, as later sentences may refer back to it."""

    name: str
    type: str
    #: Whether the mention opens its sentence, i.e. is most likely its subject.
    opens: bool
    #: Words beside the span that say what kind of thing it is: ("shuttle", "before") for "the shuttle Discovery".
    role: tuple[str, str] | None = None


@dataclass(slots=True)
class Context:
    """What the article has said before the current sentence, for naming what it refers back to."""

    title: str
    #: Every name the pack's tags give a thing, normalised, with its type and as written: "armstrong" ->
    #: ("person", "Armstrong"), for finding the things an untagged sentence names.
    known: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: The tagged things of each earlier sentence that has any, with the line (paragraph) it stands on.
    sentences: list[tuple[int, list[Mention]]] = field(default_factory=list)
    year: int | None = None
    #: Words the article writes with a capital inside a sentence ("Harvey", "Lübeck"), and words it writes in lower
    #: case: a sentence's first word moved inside a question keeps its capital unless it is known to be a common word
    #: ("did Harvey publish", but "did paper go").
    capitalised: frozenset[str] = frozenset()
    lowercase: frozenset[str] = frozenset()
    #: The sentence being asked about: its line, the sentence before it ("" when the reader gave none), and its
    #: tagged things with their offsets in it.
    line: int = 0
    previous: str = ""
    current: list[tuple[int, Mention]] = field(default_factory=list)
    _named_cache: tuple[str, list[tuple[str, str, int]]] | None = field(default=None, init=False, repr=False)
    _person_words: frozenset[str] | None = field(default=None, init=False, repr=False)
    _before_alone: tuple[str, str | None] | None = field(default=None, init=False, repr=False)
    #: The things tagged so far by the last word of their names: "Laboratory" -> {"Cavendish Laboratory"}.
    _by_last_word: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set), init=False,
                                                      repr=False)

    def sentence_before_alone(self) -> str | None:
        """The sentence before, when it can be shown before a stem: whole (not a heading, not cut, quotes closed),
        short enough, and leaning on no sentence itself. Worked out once for all the facts of a sentence."""
        if self._before_alone is None or self._before_alone[0] != self.previous:
            previous = _without_leftovers(self.previous).strip()
            whole = previous[:1].isupper() and _is_a_sentence(previous) \
                and len(previous.split()) <= _MOST_WORDS_BEFORE \
                and previous.count("“") == previous.count("”") and not previous.count('"') % 2
            self._before_alone = (self.previous,
                                  previous if whole and not _refers_back(previous, self, strictly=True) else None)
        return self._before_alone[1]

    def as_inside_a_sentence(self, word: str) -> str:
        """A word from a sentence's start as it is written inside one: "Goods" -> "goods", "Harvey" -> "Harvey"."""
        gerund = word.endswith("ing") and not language.is_name_title(word)  # "did digging begin"
        # a plural that no tag names, as names seldom are: "did gifts from around the world pay" (review P)
        plural = word.endswith("s") and not word.endswith(("ss", "us", "is", "'s", "’s")) \
            and normalize(word) not in self.known \
            and not self.is_persons_word(word)
        common = word.lower() in self.lowercase or plural
        if word in self.capitalised or not (common or gerund or _is_common_role(word)) or not word[1:].islower():
            return word
        return word[:1].lower() + word[1:]

    def is_persons_word(self, word: str) -> bool:
        """Whether a word is part of a person's name the tags give: "Jean-François" of Jean-François Champollion."""
        if self._person_words is None:
            self._person_words = frozenset(part for form, (type_, _) in self.known.items()
                                           if language.is_person_type(type_) for part in form.split())
        parts = normalize(re.sub(r"[’']s\Z", "", word)).split()
        return bool(parts) and all(part in self._person_words for part in parts)

    def names_person_before(self, offset: int, besides: int | None = None) -> bool:
        """Whether the sentence names a person before ``offset`` (other than the one tagged at ``besides``)."""
        return any(start < offset and start != besides and language.is_person_type(mention.type)
                   for start, mention in self.current)

    def titled(self, noun: str) -> str | None:
        """"The fire" in an article titled "The Great Fire of London": the title's own name for it, the run of
        capitalised words around the noun ("the Panama Canal" of "The building of the Panama Canal"); None when
        the title names it with common words only ("The discovery of penicillin")."""
        words = self._title_subject().split()
        at = next((index for index, word in enumerate(words) if word.casefold() == noun.casefold()), None)
        if at is None:
            # the noun in what the title says of its thing: "the river" of "The Danube, Europe's river of many
            # nations", "the charter" of "Magna Carta, the Great Charter of 1215" (review Q)
            words = _WORD.findall(self.title[len(self._title_subject()):])
            if words[:1] in (["or"], ["and"]):
                return None  # "The double helix, or how …" says no kind
            # its head noun: before its first preposition ("river of many nations", "landing on the Moon")
            end = next((at for at, word in enumerate(words) if at and word.casefold() in language.PREPOSITIONS),
                       len(words))
            thing = self.title_thing()
            return thing if thing is not None and end and words[end - 1].casefold() == noun.casefold() else None
        start, end = at, at + 1
        while start > 0 and words[start - 1][:1].isupper() and words[start - 1].casefold() not in ("the", "a", "an"):
            start -= 1
        while end + 1 < len(words) and words[end] == "of" and words[end + 1][:1].isupper():
            end += 2
        named = words[start:end]
        if not any(word[:1].isupper() for word in named) or len(named) > 6:
            return None
        # with the title's "the": "the Giant's Causeway" (review P), where "Hadrian's Wall" takes none
        return ("the " if start > 0 and words[start - 1].casefold() == "the" else "") + " ".join(named)

    def named_for(self, noun: str) -> str | None:
        """"The laboratory" as the one name tagged before that ends in it ("Cavendish Laboratory"); None when no
        name or two do ("the canal" after the Kiel Canal and the Suez Canal)."""
        head = noun.capitalize()
        names = self._by_last_word.get(head, set())
        if len(names) != 1:
            return None
        (name,) = names
        # an untagged "Kiel Canal" in the sentence before may be the one meant
        written = re.findall(rf"(?:[A-Z][\w-]* )+{head}\b", self.previous)
        return name if all(name.endswith(other.removeprefix("The ")) for other in written) else None

    def year_before(self) -> int | None:
        """The year "Later that year" or "four years later" counts from: the last one the sentence before writes
        (with the sentence before at hand, a tagged year further back may not be the one meant)."""
        if self.previous:
            years = _YEAR.findall(self.previous)
            return int(years[-1]) if years else None
        return self.year

    def add_sentence(self, line: int, mentions: list[Mention], years: list[int]) -> None:
        self.sentences.append((line, mentions))
        for mention in mentions:
            if not language.is_person_type(mention.type):
                self._by_last_word[mention.name.split()[-1]].add(mention.name)
        if years:
            self.year = years[-1]

    def person(self) -> str | None:
        """Who "she" or "him" refers to: the one person the sentence before names, unless a "he" or "she" comes
        before that name there (and so is someone named further back).

        With the sentence before as the reader gave it, the pack's names are looked for in it; without it, only
        a tagged sentence just before in the same paragraph counts (across a paragraph an untagged sentence may
        well have named someone else).
        """
        if self.previous:
            named = [(written, at) for type_, written, at in self._named_before() if language.is_person_type(type_)]
            if len({normalize(written).split()[-1] for written, _ in named}) != 1:
                return None  # two people before: "she" may be either
            pronoun = _unquoted_person_pronoun(self.previous)
            if pronoun is not None and len(_WORD.findall(self.previous[:pronoun.start()])) < named[0][1]:
                return None  # "Back in Mainz, he borrowed from Fust.": "he" is someone named further back
            people = [written for written, _ in named]
        else:
            people = [mention.name for mention in self._previous_in_paragraph()
                      if language.is_person_type(mention.type)]
        return people[-1] if people else None

    def pair(self) -> str | None:
        """Who an opening "They" is: the two people the sentence before names ("Watson and Crick"), when it names
        no other plural that "They" may be ("took X-ray photographs"; a count such as "twelve years" is none)."""
        named = [written for type_, written, _ in self._named_before() if language.is_person_type(type_)]
        surnames = list(dict.fromkeys(normalize(written).split()[-1] for written in named))
        if len(surnames) != 2:
            return None
        words = _WORD.findall(self.previous)
        for at, word in enumerate(words):
            counted = at > 0 and (words[at - 1].isdigit() or spelled_number(words[at - 1].casefold()) is not None)
            if word[:1].islower() and not counted and _has_plural(word):
                return None
        first = next(written for written in named if normalize(written).split()[-1] == surnames[0])
        second = next(written for written in named if normalize(written).split()[-1] == surnames[1])
        return f"{language.surname(first) or first} and {language.surname(second) or second}"

    def thing(self) -> str | None:
        """What "It" opening a sentence most likely refers to: the subject the sentence before opens with; with no
        sentence before at hand, the article's own when its title is a name ("Apollo 11, the first landing on the
        Moon"). After "The last great step was a written constitution." it is no title's thing (review H: "The
        Meiji Restoration was drafted by …")."""
        if self.previous:
            return self.previous_subject()
        return self.previous_subject() or self.title_thing()

    def title_thing(self) -> str | None:
        """The thing the article's title names, when it is a name: "Apollo 11" of "Apollo 11, the first landing …"."""
        subject = self._title_subject()
        words = subject.split()
        return subject if words and len(words) <= 4 and all(word[:1].isupper() or word[:1].isdigit()
                                                            for word in words) else None

    def title_thing_named_before(self) -> str | None:
        """The title's thing, when the sentence before names it too (or there is none): whose "its rooms" are."""
        thing = self.title_thing()
        said = {re.sub(r"[’']s\Z", "", word) for word in _WORD.findall(self.previous.casefold())}
        if thing is None or (self.previous and thing.split()[-1].casefold() not in said):
            return None  # "the causeway" names "The Giant's Causeway"

        return thing

    def previous_subject(self) -> str | None:
        """The thing the sentence before opens with, if the pack's tags name it (never the article's title: a
        pronoun inside a sentence is too often about something else)."""
        if self.previous:
            named = self._named_before()
            return named[0][1] if named and named[0][2] == 0 and _is_thing(named[0][0]) else None
        previous = self._previous_in_paragraph()
        return previous[0].name if previous and previous[0].opens and _is_thing(previous[0].type) else None

    def _title_subject(self) -> str:
        """The title up to its first colon, dash or comma: "Apollo 11" of "Apollo 11, the first landing …"."""
        return re.split(r":| — | – | - |, ", self.title, maxsplit=1)[0].strip()

    def _previous_in_paragraph(self) -> list[Mention]:
        if self.sentences and self.sentences[-1][0] == self.line:
            return self.sentences[-1][1]
        return []

    def _named_before(self) -> list[tuple[str, str, int]]:
        """The known names in the sentence before, looked for once per sentence (its facts all ask)."""
        if self._named_cache is None or self._named_cache[0] != self.previous:
            # a heading is no sentence a pronoun refers into ("## The West takes notice" / "Its fame …")
            named = self.named(self.previous) if _is_a_sentence(self.previous) else []
            self._named_cache = (self.previous, named)
        return self._named_cache[1]

    def named(self, text: str) -> list[tuple[str, str, int]]:
        """The known names in a text, in order: (type, as the text writes it, index of its first word).

        Looked up by runs of up to four words, longest first, so the cost is the text's length, not the pack's.
        """
        words = _WORD.findall(text)
        found = []
        index = 0
        while index < len(words):
            for size in (4, 3, 2, 1):
                run = " ".join(words[index:index + size])
                run = re.sub(r"[’']s\Z", "", run)  # "Armstrong’s" names Armstrong
                hit = self.known.get(normalize(run)) if run[:1].isupper() or run[:1].isdigit() else None
                if hit is not None:
                    found.append((hit[0], run, index))
                    index += size
                    break
            else:
                index += 1
        return found

    def people_named(self, text: str) -> list[str]:
        """The people the pack's names name in a text, as it writes them."""
        return [written for type_, written, _ in self.named(text) if language.is_person_type(type_)]

    def person_in_role(self, noun: str) -> str | None:
        """"The boy" as the one person a recent sentence named in that role ("a boy from Alsace, Joseph Meister")."""
        named = {mention.name for _, mentions in self.sentences[-_RECENT:] for mention in mentions
                 if mention.role is not None and mention.role[0].casefold() == noun
                 and language.is_person_type(mention.type)}
        return named.pop() if len(named) == 1 else None

    def described(self, noun: str) -> str | None:
        """"The rocket" as the article named it before: "The Soyuz rocket", "The shuttle Discovery"."""
        for _, mentions in reversed(self.sentences[-_RECENT:]):
            for mention in reversed(mentions):
                if mention.role is not None and mention.role[0].casefold() == noun.casefold():
                    word, side = mention.role
                    return f"{mention.name} {word}" if side == "after" else f"{word} {mention.name}"
                if mention.type == noun.casefold() and not language.is_person_type(mention.type):
                    return mention.name if noun.casefold() in mention.name.casefold() else f"{mention.name} {noun}"
        return None


def _is_common_role(word: str) -> bool:
    """Whether a word is a person's role that English writes in lower case before a name ("did actress Yulia
    Peresild depart"), unlike a title ("did President Thomas Jefferson choose")."""
    return language.is_person_type(word.casefold()) and not language.is_name_title(word)


def words(text: str) -> list[str]:
    """The words of a text as the stems see them: "Armstrong’s", "Jean-François" and "1969" are one word each."""
    return _WORD.findall(text)


def words_as_written(sentences: Iterable[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The words sentences write with a capital after their first word (an article's names), and the words they
    write in lower case: ``Context.capitalised`` and ``Context.lowercase``."""
    capitalised: set[str] = set()
    lowercase: set[str] = set()
    for text in sentences:
        words = _WORD.findall(text)
        capitalised.update(word for word in words[1:] if word[:1].isupper())
        lowercase.update(word for word in words if word[:1].islower())
    return frozenset(capitalised), frozenset(lowercase)


def _is_a_sentence(text: str) -> bool:
    """Whether text the reader gave as the sentence before ends as a sentence does (a heading does not)."""
    return text.rstrip()[-1:] in (".", "!", "?", "”", '"')


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _unquoted(text: str) -> str:
    """The text with what its quotations say blanked out, offsets kept: a name in a quotation names nobody outside
    it, and a pronoun in one is the speaker's."""
    return re.sub(r"“[^”]*”?|\"[^\"]*\"", lambda match: " " * len(match.group()), text)


def _is_thing(type_: str) -> bool:
    """Whether a type's facts can be what "It" stands for: not people, not numbers or dates."""
    return not language.is_person_type(type_) and type_ not in ("number", "year", "date")


_ROLE_FROM_A_PLACE = re.compile(r"\b(?:a|an|the) (?:[\w-]+ ){0,2}?([a-z]+[^s\W]) (?:from|of) "
                                r"[A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*, \Z")


def role_beside(sentence: str, start: int, end: int) -> tuple[str, str] | None:
    """The word just before or after a span that may say what it is: "the shuttle [Discovery]", "[Soyuz] rocket"."""
    before = sentence[:start].split()
    after = sentence[end:].split()
    if before and language.could_be_role(before[-1]) and not sentence[:start].rstrip().endswith((",", ".", ";")):
        word = before[-1]
        if word[:1].islower() or language.is_name_title(word) or len(before) == 1:  # "Filmmaker Klim Shipenko"
            return word.strip("“”\"'(),"), "before"
    # An apposition: "a Chinese craftsman, [Bi Sheng]," — a lowercase singular noun after "a", "an" or "the" and
    # at most two words between.
    if len(before) >= 2 and before[-1].endswith(",") and before[-1][:1].islower():
        word = before[-1].rstrip(",")
        determiner = [at for at, said in enumerate(before[-4:-1]) if said.casefold() in ("a", "an", "the")]
        if determiner and word.isalpha() and language.could_be_role(word) and not word.endswith("s"):
            return word, "before"
    # An apposition after where someone is from: "a nine-year-old boy from Alsace, [Joseph Meister]," (not "the
    # launch facility in Baikonur, [Kazakhstan]", where the name is where Baikonur is)
    if (origin := _ROLE_FROM_A_PLACE.search(sentence[:start])) is not None and language.could_be_role(origin[1]):
        return origin[1], "before"
    # After the span, a singular noun ("the [Soyuz] rocket"); not a verb ("won", "says") nor a plural.
    word = after[0].rstrip(".,;") if after else ""
    if word.isalpha() and sentence[end:end + 1] == " " and word[:1].islower() and language.could_be_role(word) \
            and not word.endswith("s") and word.casefold() not in language.IRREGULAR_PAST:
        return word, "after"
    return None


def stem(sentence: str, start: int, end: int, type_: str, role: tuple[str, str] | None,
         context: Context) -> str | None:
    """The words that ask for ``sentence[start:end]``, or None when the sentence cannot stand on its own.

    ``role`` is the role word beside the span, as ``role_beside`` finds it (the caller has it already). A
    sentence whose references back cannot be named is asked after the sentence before it, when that one stands
    on its own: "By tradition the first Games were held in 776 BC. The only event then was a sprint of _____."
    """
    alone = _stem_alone(sentence, start, end, type_, role, context)
    if alone is not None and not _refers_back(alone, context, blank=type_):
        return alone
    # "Priestley's support … made him enemies at home: in 1791 a mob burned his house": the clause cut off
    # names whose house it was
    if _CLAUSE_BREAK.search(sentence):  # only then did _own_clause cut anything
        whole = _stem_alone(sentence, start, end, type_, role, context, own_clause=False)
        if whole is not None and whole != alone and not _refers_back(whole, context, blank=type_):
            return whole
    carried = _after_sentence_before(sentence, start, end, type_, role, context)
    if carried is not None:
        return carried
    # "What was the largest port?" says too little, where "The largest port was _____, on the Baltic." does not
    if alone is None or not alone.endswith("?"):
        return None  # the blank was what leaned back already, or the sentence's references cannot be named
    blank = _stem_alone(sentence, start, end, type_, role, context, ask=False)
    return blank if blank is not None and blank != alone and not _refers_back(blank, context, blank=type_) else None


def _stem_alone(sentence: str, start: int, end: int, type_: str, role: tuple[str, str] | None,
                context: Context, own_clause: bool = True, ask: bool = True) -> str | None:
    before = _POINTING_PHRASE.sub(",", _without_leftovers(sentence[:start]))
    after = _POINTING_PHRASE.sub(",", _without_leftovers(sentence[end:]))
    resolved = _name_what_is_referred_to(before, after, start, sentence[start:end], context)
    if resolved is None:
        return None
    question = _pronoun_named_from_the_clause_cut(_asked(*resolved, type_, role, own_clause, ask), resolved[0],
                                                  type_, context)
    if question.endswith("?"):  # the sentence's first word, moved inside the question, as a name or a common word
        first = _WORD.match(resolved[0])
        next_word = _WORD.match(resolved[0], first.end() + 1) if first is not None else None
        if first is not None and first.start() == 0 \
                and not (next_word and next_word.group()[:1].isupper() and not _is_common_role(first.group())) \
                and (lowered := context.as_inside_a_sentence(first.group())) != first.group():  # "Crawford Long"
            question = question[:1] + re.sub(rf"(?<= ){re.escape(first.group())}\b", lowered, question[1:], count=1)
    question = _subject_named(question, context)  # type: ignore[assignment]  # str | None in a str variable
    question = question and _title_named(_times_named(question, context), context)  # type: ignore[assignment]
    return None if question is None else _attributed(_close_quotes(question), context)


def _pronoun_named_from_the_clause_cut(question: str, before: str, type_: str, context: Context) -> str:
    """A "he" or "she" of a clause asked without the clause before it, named from that clause, which names one
    person: "…, and he was awarded the Nobel Prize in [1937]" is asked "In what year was Albert Szent-Györgyi awarded
    the Nobel Prize?" (review Q), not after a sentence that names nobody."""
    match = _unquoted_person_pronoun(question)
    if match is None or "person" not in _refers_back(question, context, blank=type_):
        return question
    people = context.people_named(before)
    if len({normalize(person).split()[-1] for person in people}) != 1:
        return question  # nobody, or two who may be meant
    name = max(people, key=len)
    named = f"{name}’s" if language.PERSONAL_PRONOUNS[match.group().casefold()] == "possessive" else name
    return question[:match.start()] + named + question[match.end():]


def _asked(before: str, after: str, type_: str, role: tuple[str, str] | None, own_clause: bool = True,
          ask: bool = True) -> str:
    """The sentence's own clause (or all of it) as a question, or with a blank where no question can be formed (or
    ``ask`` is false)."""
    if own_clause:
        before, after = _own_clause(before, after)
    before = _CONNECTIVE.sub(lambda match: "", before, count=1)
    return (ask and _question(before, after, type_, role)) or _blanked(_capitalised(before), after)


_MOST_WORDS_BEFORE = 35  # a sentence before that is longer makes a stem nobody reads to the end
_MOST_WORDS_CARRIED = 45  # nor does a stem with the sentence before that is longer (reviews J and K: "bloated")


def _after_sentence_before(sentence: str, start: int, end: int, type_: str, role: tuple[str, str] | None,
                           context: Context) -> str | None:
    """The stem with the sentence before it, which says what it refers back to; None when that sentence is not
    at hand whole (a heading, cut, too long), refers back itself, or does not hold what the stem needs."""
    previous = context.sentence_before_alone()
    if previous is None:
        return None
    before = _without_leftovers(sentence[:start])
    opening = _WORD.match(before)
    if opening is not None and opening.group().casefold() in _NEED_OF_PRONOUN:
        before = opening.group().casefold() + before[opening.end():]  # "did he publish", not "did He publish"
    after = _without_leftovers(sentence[end:])
    # The question first, then the blank: a question may leave out what the sentence before explains ("named after
    # her homeland"), and keep what it does not ("the couple").
    for ask in (True, False):
        question = _asked(before, after, type_, role, ask=ask)
        # What the stem leans on; when only the naming rules saw it ("…, it was moved to"), what its pronouns need.
        # A stem that leans on something neither can tell ("the two men") is not asked.
        needs = _refers_back(question, context, blank=type_) or frozenset(
            _NEED_OF_PRONOUN[match.group().casefold()] for match in _PRONOUN.finditer(_unquoted(question)))
        if needs and _holds_what_is_needed(previous, needs, context):
            named = _title_named(_times_named(question, context), context)
            if named is not None and len(previous.split()) + len(named.split()) <= _MOST_WORDS_CARRIED:
                return f"{previous} {_close_quotes(named)}"
        if not question.endswith("?"):
            break  # no question could be formed: that was the blank
    return None


#: A phrase between commas that points at what another sentence said, which the clause does without: "On 16
#: October 1846, in the same hospital, Morton …".
_POINTING_PHRASE = re.compile(r", (?:in|at|on|from|by|with|for) (?:the same|that|this|these|those) [a-z]+,")


# --- 1. leftovers --------------------------------------------------------------------------------------------

def _without_leftovers(text: str) -> str:
    return _DAY_IN_PARENTHESES.sub("", _CITATION.sub("", text))


# --- 2. naming what the sentence refers back to ----------------------------------------------------------------

def _name_what_is_referred_to(before: str, after: str, start: int, answer: str,
                              context: Context) -> tuple[str, str] | None:
    """The sentence with an unattributed "she said" and its opening anaphor named, or None if one cannot be."""
    # "…,” she said": a pronoun outside quotation marks, with nobody the sentence names before it. Looked for
    # before the opening is rewritten, so its offset still matches the sentence's own mentions.
    text = before + "\0" + after
    match = _unquoted_person_pronoun(text)
    # "[Aldrin] followed him": the object of a verb is someone other than its subject, the span.
    object_of_verb = match is not None and match.group().casefold() in ("him", "her") and \
        _is_verb(text[:match.start()].split()[-1] if text[:match.start()].split() else "") and \
        not _POSSESSIVE_NAME.search(text[:match.start()])  # "Priestley's support made him …" is Priestley
    if match is not None and not context.names_person_before(match.start(), start if object_of_verb else None) \
            and not (_may_name_a_person(text[:match.start()].replace("\0", " "), context) and not object_of_verb) \
            and not (_noun_phrase(text[:match.start()].replace("\0", " "), person=True)
                     and not object_of_verb):  # "the narrator, stranded beside his aircraft": the narrator's
        person = context.person()
        if person is None:
            return None
        role = language.PERSONAL_PRONOUNS[match.group().casefold()]
        name = f"{person}’s" if role == "possessive" else person
        text = text[:match.start()] + name + text[match.end():]
        before, after = text.split("\0")
    if (happened := _when_it_happened(before, after)) is not None:
        before, after = happened
    if before:
        opening = _resolve_opening(before, after, answer, context)
        if opening is None:
            return None
        before = opening
    before, after = _people_named_by_role(before, after, answer, context)
    return _inner_thing_named(before, after, answer, context)


def _people_named_by_role(before: str, after: str, answer: str, context: Context) -> tuple[str, str]:
    """The sentence with "the boy" inside it named as the article named him before ("a nine-year-old boy from
    Alsace, Joseph Meister"): "Grancher gave the boy Joseph Meister _____ injections" (review P). Only people, and
    only one a recent sentence gave that role to; never the answer, which the stem must not say."""
    text = before + "\0" + after
    for match in re.finditer(r"(?<=[^\s]) (the ([a-z]+))\b(?! [A-Z])", text):
        role = match.group(2)
        name = context.person_in_role(role) if language.could_be_role(role) else None
        if name is None or normalize(answer) in normalize(name) or name in text:
            continue
        text = text[:match.start(1)] + f"the {role} {name}" + text[match.end(1):]
        return tuple(text.split("\0"))  # type: ignore[return-value]  # one "\0": two parts
    return before, after


def _inner_thing_named(before: str, after: str, answer: str, context: Context) -> tuple[str, str]:
    """The sentence with its first "it" or "its" inside it named, when nothing before it in the sentence is a thing it
    can stand for and the article says what it is: "Which American writer lived in its empty rooms" is about the
    Alhambra's rooms. Unchanged otherwise (and then the stem leans on what it does not show, and is not asked alone)."""
    text = before + "\0" + after
    if " it" not in text:
        return before, after  # the common case: no "it" or "its" at all
    match = next(re.finditer(r"\b(?:it|its)\b", _unquoted(text)), None)
    if match is None or match.start() == 0:
        return before, after  # an opening "It" is _resolve_opening's
    ahead = text[:match.start()].replace("\0", answer)
    behind = text[match.end():].replace("\0", answer)
    # "The _____ looks after it today": a verb's object "it" is not its clause's subject (that would be "itself")
    not_the_subject = match.group() == "it" and _is_an_object(behind) \
        and _subject_is_no_it(text[:match.start()].replace("\0", BLANK), "thing")
    if not not_the_subject and (
            _EXPLETIVE_IT.match(text, match.end()) or _names_a_thing_not_a_person(ahead, context)
            or _noun_phrase(ahead, person=False)
            or (not _has_verb(ahead) and _names_a_thing_not_a_person(behind, context))):
        return before, after  # "At its height, around 200 towns belonged to the League": the League's
    # an "it" is the title's thing only where the sentence before names it too ("made the causeway a World Heritage
    # Site. The National Trust looks after it"): after a first sentence it is too often something else (a storm in
    # "The Dust Bowl", review O)
    if not_the_subject:
        name = (context.previous_subject() or context.title_thing_named_before()) if context.previous else None
    else:
        name = context.thing() or (context.title_thing_named_before() if match.group() == "its" else None)
    if name is None:
        return before, after
    name = "the" + name[3:] if name.startswith("The ") else name
    named = f"{name}’s" if match.group() == "its" else name
    before, after = (text[:match.start()] + named + text[match.end():]).split("\0")
    return before, after


#: "That changed in July 1853, when …": a clause that says only when, leaning on the sentence before, then what
#: happened. (The span is in the time or in the when-clause.)
_WHEN_IT_HAPPENED = re.compile(r"(?:That|This|It|Everything|Things|All this|All that) (?:[a-z]+ ){1,3}?"
                               r"(?=(?:in|on|by) [^,]{1,30}(?:, when |\Z))")


def _when_it_happened(before: str, after: str) -> tuple[str, str] | None:
    """The sentence as the time and what happened then ("In July 1853, the American Commodore … sailed …"), when it
    opens "That changed in …, when …"; None otherwise."""
    match = _WHEN_IT_HAPPENED.match(before)
    if match is None:
        return None
    rest = before[match.end():]
    if ", when " in rest:  # the span is in the when-clause
        return _capitalised(rest.replace(", when ", ", ", 1)), after
    if after.startswith(", when "):  # the span is in the time
        return _capitalised(rest), ", " + after[len(", when "):]
    return None


_POSSESSIVE_NAME = re.compile(r"\b[A-Z][\w-]*['’]s\b")
_OPENERS = frozenset("the a an in on at when while after before it this that these those there he she they we i "
                     "his her its their our my for by from with as during since until if but and yet so instead "
                     "later soon today now then finally eventually still however meanwhile also once together "
                     "here".split())


def _may_name_someone(text: str) -> bool:
    """Whether words before a pronoun may name whom it refers to, tagged or not: "Harvey published his proof"
    has its "his" named already (any capitalised word but the sentence's opening one counts, months aside)."""
    text = _unquoted(text)
    words = [word.strip("“”\"'(),.;:") for word in text.split()]
    return any(_may_be_a_name(word, index) for index, word in enumerate(words))


def _may_be_a_name(word: str, index: int) -> bool:
    """Whether a word of a sentence (at ``index``) may be a name: capitalised, and not only because it opens the
    sentence ("Inside", "Twenty", "When"); a month is no name."""
    folded = word.casefold()
    return word[:1].isupper() and folded not in language.MONTH_NAMES and (index or not (  # type: ignore[return-value]
        folded in _OPENERS or folded in language.PREPOSITIONS or folded in _CLAUSE_WORDS
        or spelled_number(folded) is not None))


#: Words that place a sentence in a time another sentence gave: "The only event then was …", "… in Geneva that
#: year", "Twenty years later". "and then" (what came next), "then 22" (an age) and "at the time of" do not.
_TIME_REFERENCE = re.compile(
    r"\b(?:(?<!and )then\b(?![- ]?\d| aged)|(?:that|the same|that same) "
    rf"(?:year|day|month|time|spring|summer|autumn|winter|{'|'.join(MONTHS)})\b(?! as\b)|"
    r"at the time\b(?! of| when| that)|the (?:following|next|previous) (?:year|day|week|month|spring|summer|"
    r"autumn|winter)\b|"
    r"(?:years?|decades?|century|centuries|months?|weeks?|days?) (?:later|afterwards|earlier)\b)",
    re.IGNORECASE)
_TIME_WORDS = frozenset("then that same time following next previous later afterwards earlier".split())
_PRONOUN_WORDS = frozenset("he she him his her it its they them their".split())
_WH_OPENING = re.compile(r"(?:Who|What|Which|Whose|Whom)\b")
_PRONOUN = re.compile(r"\b(?:he|she|him|his|her|it|its|they|them|their)\b", re.IGNORECASE)
_NEED_OF_PRONOUN = {**dict.fromkeys(language.PERSONAL_PRONOUNS, "person"), **dict.fromkeys(language.THING_PRONOUNS, "thing"),
                    **dict.fromkeys(language.PLURAL_PRONOUNS, "people")}
_EXPLETIVE_IT = re.compile(r" (?:is|was|would be|has been|had been|seems|seemed) (\w+)(?: for \w+)? (?:to|that)\b")
_NOUN_PHRASE = re.compile(r"\b(?:the|a|an|this|that|these|those)((?:\s+[a-z][\w-]*){1,3})", re.IGNORECASE)
#: References to what another sentence named: "the same gas", "drifted there" (not "there was").
_SAME_AS_BEFORE = re.compile(r"\bthe same (?!(?:year|day|month|time|way|as|in|of|to|for|at|on|with|and|or)\b)[a-z]{3,}",
                             re.IGNORECASE)
#: "… along this coast", "these ships": what was named before (an opening "This" is _POINTS_BACK's).
_DEMONSTRATIVES = frozenset(("this", "these", "those", "another"))
#: Every word the tests below start from, so that a stem with none of them is passed at once.
#: Nouns that stand for what was said before them ("shell nouns"): "the method", "the problem", "such stories".
_SHELL_NOUNS = ("method|methods|problem|problems|experience|idea|ideas|plan|plans|decision|view|claim|theory|"
                "finding|findings|approach|discovery|attempt|trick|scheme|proposal|suggestion")
_SHELL_NOUN = re.compile(rf"\b(?:(?:[Tt]he|[Tt]his|[Tt]hat) (?:{_SHELL_NOUNS})\b(?! (?:of|that|to|which|who|for|in|on)\b)|"
                         rf"[Ss]uch (?!as\b|a\b|an\b)[a-z]+|"
                         rf"the (?:first|last|other|next) (?:two|three|four|five|six|few)\b(?! [a-z]+s\b)|"
                         rf"(?<!\A)\bthe (?:first|second|third|last|next|other)(?=[,;:]))")  # "found the first, …"
# lower case: "the Discovery shuttle" is a name; "bought the first three for": the first three what?
_SHELL_WORDS = frozenset(_SHELL_NOUNS.split("|")) | {"such", "first", "last", "other", "next"}
_FEWEST_WORDS = 6  # a question of fewer words that names nothing says too little to stand alone
_MAY_REFER_BACK = _TIME_WORDS | _PRONOUN_WORDS | _DEMONSTRATIVES | {"there", "again"} | _SHELL_WORDS
#: A stem that opens with a thing by its common noun, which a short one says nothing else of: "The eruption …".
_THE_THING = re.compile(r"(?:The|This|That|These|Those) [a-z]")
#: "again", which says it happened before: "On what date did Barnard operate again?" (review R); not "again and
#: again", which says often. A blank keeps the rest of its sentence ("… operated again, on a retired dentist, _____").
_AGAIN = re.compile(r"\bagain\b(?! and again)(?<!again and again)", re.IGNORECASE)
_THIS_NOUN = re.compile(r"(?<!\A)\b(?:this|these|those|another) (?!(?:is|was|are|were|has|had)\b)[a-z]",
                        re.IGNORECASE)  # "took another path": other than what?
_THERE = re.compile(r"\b(?:there|\AThere)\b(?! (?:was|were|is|are|had|has|have|would|will|seemed|seems|came|lived)\b)")
#: Words ending in "s" that are no plural a "they" could stand for.
_NOT_PLURAL = frozenset("was has does this his its is as us thus plus yes always perhaps whereas across unless "
                        "towards besides afterwards sometimes onwards backwards forwards upwards downwards "
                        "outwards inwards".split())


def _refers_back(text: str, context: Context, strictly: bool = False, blank: str | None = None) -> frozenset[str]:
    """What a stem leans on that it does not show: "time" ("then", "that year", "four centuries later"), "thing"
    ("Inside it sat …": a pronoun with nothing before it that it can stand for), "people" ("their army"),
    "person" ("she"), "before" (an opening that points back: "In this way …"). Empty when it stands alone.

    A person the tags name is no thing "it" stands for: "Champollion read it" leans on the sentence before.
    ``strictly``: only a person the tags name is whom "he" or "she" stands for (a sentence shown before a stem
    must not lean on another: "… the genus Penicillium, so he called it …" does). ``blank``: the type of the
    blank's answer, which a pronoun after it may stand for if it is of the pronoun's kind ("On _____, … he
    focused" leans on the sentence before: a date is no "he").
    """
    # The words a reference back starts from, found in one search, decide which of the tests below run.
    all_words = _WORD.findall(text.casefold())
    words = _MAY_REFER_BACK.intersection(all_words)
    needs = set()
    if len(all_words) - (BLANK in text) < _FEWEST_WORDS and not _names_anything(text, context) \
            and (text.endswith("?") or (BLANK in text and _THE_THING.match(text))):
        needs.add("before")  # "Who was not so sure?", "Which Norwegian zoologist disagreed?", "The eruption lasted
        # until _____." (review R): about what? ("The _____ flew.", "Fleming created _____ …" say their subject)
    if not words and not _POINTS_BACK.match(text):
        return frozenset(needs)  # the common case
    plain = _unquoted(text)
    if _POINTS_BACK.match(plain):
        needs.add("before")
    if words & _TIME_WORDS and _TIME_REFERENCE.search(plain):
        needs.add("time")
    if "same" in words and _SAME_AS_BEFORE.search(plain):
        needs.add("before")
    if "there" in words and _THERE.search(plain):
        needs.add("place")
    if "again" in words and text.endswith("?") and _AGAIN.search(plain):
        needs.add("before")  # a question made of the clause with "again" drops what the sentence says besides
    if words & _SHELL_WORDS and _SHELL_NOUN.search(plain):
        needs.add("before")  # "Europeans knew Timbuktu only from such stories", "improving the method"
    if words & _DEMONSTRATIVES and _THIS_NOUN.search(plain):
        needs.add("before")
    for match in _PRONOUN.finditer(plain) if words & _PRONOUN_WORDS else ():
        word, ahead = match.group().casefold(), plain[:match.start()]
        if word == "it" and (expletive := _EXPLETIVE_IT.match(plain, match.end())) \
                and not _is_participle(expletive.group(1)):
            continue  # "it was hard to adapt" stands for nothing
        if word == "it" and _is_an_object(plain[match.end():]) and _subject_is_no_it(ahead, blank):
            needs.add("thing")  # "Robert Geiger, a reporter for the _____, had driven through it": through what?
            continue
        # "Who said it was difficult for her …": the answer is whom "her" stands for; not "Which writer lived in its
        # rooms": no person is an "its"
        if (_WH_OPENING.match(ahead) and not (word in language.THING_PRONOUNS and blank is not None
                                              and language.is_person_type(blank))) or (BLANK in ahead and (
                blank is None or (language.is_person_type(blank) if word in language.PERSONAL_PRONOUNS
                                  else _is_thing(blank))  # "In _____ it was named …": a year is no "it"
                or (word in language.PLURAL_PRONOUNS and blank not in ("number", "year", "date")))):
            continue
        if word in language.PLURAL_PRONOUNS:
            # "The English king … destroyed their army": whose, it does not say
            if not _has_plural(_UNIT.sub("", _COUNT_OF.sub("", ahead))) and len(set(context.people_named(ahead))) < 2:
                # "12 metres" are no "them"; "Mumtaz Mahal, the wife of Shah Jahan, … their child" are two
                needs.add("people")
        elif word in language.THING_PRONOUNS:
            # no "it" stands for the phrase it is inside: "The land around it belonged to …" (review Q)
            outside = _PHRASE_AROUND_IT.sub("", ahead)
            if not _names_a_thing_not_a_person(outside, context) and not _noun_phrase(outside, person=False):
                needs.add("thing")  # "William Caxton, an English merchant who had learned it": learned what?
        elif strictly:
            if not any(context.is_persons_word(name) for name in re.findall(r"\b[A-Z][\w-]+", ahead)):
                needs.add("person")
        elif not _may_name_a_person(ahead, context) and not _noun_phrase(ahead, person=True):
            needs.add("person")  # "In what year did a mob burn his house": whose?
    return frozenset(needs)


#: A noun phrase whose preposition an "it" right after it follows, which "it" cannot be: "The land around".
_PHRASE_AROUND_IT = re.compile(r"\b(?:[Tt]he|[Aa]n?) (?:[a-z]+ ){1,2}(?:around|near|inside|beside|behind|below|"
                               r"above|under|within|outside|beyond) \Z")


def _names_anything(text: str, context: Context) -> bool:
    """Whether a text names something: "Where was Marie Curie born?", "Fleming created _____ by chance." (a name
    the article knows or writes inside sentences), "When did … 1271?"; a nationality ("Which Norwegian
    zoologist") names nothing, nor does a year a "Who" question gives ("Who set out in 1271?")."""
    words = _WORD.findall(text)
    asks_who = words[:1] in (["Who"], ["What"], ["Which"])  # "Who set out in 1271?": a year says not who of many
    return any((word[:1].isupper() and not word.endswith(_NATIONALITY_ENDINGS)) or (word[:1].isdigit() and not asks_who)
               for word in words[1:]) or (
        bool(words) and (words[0] in context.capitalised or normalize(words[0]) in context.known))


def _is_an_object(behind: str) -> bool:
    """Whether an "it" with these words after it is a verb's object, not the subject of a clause of its own ("said it
    was difficult", "thought it would rain")."""
    following = behind.split()[:1]
    return not following or not (_is_verb(following[0]) or following[0].casefold() in ("would", "could", "might",
                                                                                        "will", "can", "must"))


def _subject_is_no_it(ahead: str, blank: str | None) -> bool:
    """Whether the clause before an object "it" has a subject the "it" cannot be, so the things the sentence names
    are asides ("a reporter for the Associated Press") and "it" is most likely something said before: a person
    (the blank's, or a noun's: "The Greek philosopher _____ had already heard of it"), people ("the Romans broke
    into it") or a list ("Israel, Jordan and the Palestinian Authority agreed … to refill it")."""
    words = ahead.split()
    verb_at = next((at for at, word in enumerate(words) if at and _is_verb(word)), None)
    if verb_at is None:  # a verb in the present, which _is_verb does not know, after a blank that opens the clause:
        # "The _____ looks after it today" (review P)
        at_blank = next((at for at, word in enumerate(words[:3]) if BLANK in word), None)
        if at_blank is None or at_blank + 1 >= len(words):
            return False
        verb_at = at_blank + 1
    if words[-1].casefold() in _CLAUSE_WORDS or words[-1].casefold() in ("and", "but", "or", "so", "as") \
            or words[-1].endswith("ing") or any(word.casefold() in _CLAUSE_WORDS for word in words[verb_at:]):
        return False  # "found that it released …", "without noticing it", "acknowledged that training was tiring
        # but described it": what a clause of this sentence says
    # the subject: after what opens the sentence ("In AD 73, after a long siege, "), with its apposition ("Robert
    # Geiger, a reporter for …"), without an adverb ("finally")
    chunks = [chunk for chunk in " ".join(words[:verb_at]).split(", ") if chunk]
    while len(chunks) > 1 and (chunks[0].split()[0].casefold() in language.PREPOSITIONS
                               or chunks[0].split()[0].endswith("ing")):  # "Speaking at a press conference, "
        chunks = chunks[1:]
    subject_words = [word for word in chunks[0].split() if not word.endswith("ly")] if chunks else []
    if not subject_words:
        return False
    subject, apposition = " ".join(subject_words), " ".join(chunks[1:2])
    if BLANK in apposition and blank is not None and language.is_person_type(blank):
        return True  # "CERN's Director-General, _____, summed it up": a person's "it" is something else (review S)
    if BLANK in subject:
        # a person's "it" is something else; so is a thing's "it" right after its own verb ("The _____ looks after
        # it": that would be "itself"), but not one after more words, which may name what "it" is ("The _____ bought
        # a house and restored it", "vaccinating everyone around it")
        return blank is not None and (language.is_person_type(blank) or (
            len(words) - verb_at <= 2 and re.fullmatch(rf"(?:(?:the|a|an) )?{BLANK}", subject.casefold()) is not None))
    last = subject_words[-1]
    plural = _has_plural(last) and (last[:1].islower() or subject_words[-2:-1] == ["the"])  # "the Romans"
    several = re.search(r" and (?:the|a|an|his|her|their) ", subject) is not None  # not "Southwark and Vauxhall"
    return several or plural or _noun_phrase(subject, person=True) or _noun_phrase(apposition, person=True)


def _noun_phrase(text: str, person: bool) -> bool:
    """Whether ``text`` has a noun phrase that names a person ("the actress", "an English merchant") or, with
    ``person`` false, one that names a thing ("the museum")."""
    return any(any(language.is_person_type(word.casefold()) for word in words) == person
               for match in _NOUN_PHRASE.finditer(text)
               if not _is_verb((words := match.group(1).split())[0]) and words[0].casefold() not in _PRONOUN_WORDS)
    # ("that he had seen" is no noun phrase)


_WHERE = re.compile(r"\b(?:in|at|near|outside|across) (?:[A-Z][\w’'-]*\b ?)+")


def _may_name_a_person(text: str, context: Context) -> bool:
    """Whether a capitalised word of ``text`` may name a person: not one the tags name as a thing ("Birmingham")."""
    text = _unquoted(text)
    # a name after "in" or "at" is where something was, unless the tags name a person so: "In a laboratory in
    # Batavia he", "Speaking in New York, he" (review Q), but "In 1932 Szent-Györgyi"
    places = {word for run in _WHERE.finditer(text) for word in run.group().split()[1:]
              if not context.is_persons_word(word)}
    words = text.split()
    for index, word in enumerate(words):
        word = word.strip("“”\"'(),.;:")
        if word in places or (index == 0 and word.endswith("ing") and words[1:2]
                              and words[1].casefold() in language.PREPOSITIONS):
            continue  # "Speaking in New York, he …": a gerund, where "Fleming created" is a name
        if _may_be_a_name(word, index):
            known = context.known.get(normalize(re.sub(r"[’']s\Z", "", word)))
            if known is None or language.is_person_type(known[0]):
                return True
    return False


#: A count of what a plural pronoun stands for, which says nothing of what that is: "thousands of [them]".
_COUNT_OF = re.compile(r"\b[\w-]+ of \Z")


def _has_plural(text: str) -> bool:
    """Whether a text names more than one of something: "the astronauts", "women", "Banting, Best and Collip"."""
    return _NAMES_JOINED.search(text) is not None or any(
        word in _IRREGULAR_PLURALS or (len(word) > 3 and word.endswith("s") and not word.endswith("ss")
                                       and word not in _NOT_PLURAL)
        for word in re.findall(r"\b[a-z]+\b", text.casefold()))


#: A count's unit, which no "they" or "them" stands for: "about _____ metres high, and a group of them".
_UNIT = re.compile(rf"(?:\b\d[\d,.]*|{re.escape(BLANK)}) (?:(?:million|thousand|hundred) )?[a-z]+")
_NAMES_JOINED = re.compile(r"\b[A-Z][\w-]+,? and [A-Z]")
_IRREGULAR_PLURALS = frozenset("men women children people".split())


def _names_a_thing_not_a_person(text: str, context: Context) -> bool:
    """Whether a capitalised word of ``text`` may be a thing: "In 1972 the Louvre …"; "Champollion read it" has none,
    nor has "an English merchant" or "A London doctor" (a name before a common noun describes it)."""
    words = [word.strip("“”\"'(),.;:") for word in _unquoted(text).split()]
    persons_name = False  # inside a name a role gives a person: "the scholar Enea Silvio Piccolomini", "Pope Pius"
    for index, word in enumerate(words):
        previous = words[index - 1] if index else ""
        following = words[index + 1] if index + 1 < len(words) else ""
        persons_name = word[:1].isupper() and (persons_name or language.is_person_type(previous.casefold())
                                               or language.is_name_title(previous))
        modifier = following[:1].islower() and (word.endswith(_NATIONALITY_ENDINGS)
                                                or previous.casefold() in ("a", "an", "which"))  # "A London doctor"
        if _may_be_a_name(word, index) and not context.is_persons_word(word) and not modifier \
                and not persons_name and not language.is_name_title(word):
            return True
    return False


_NATIONALITY_ENDINGS = ("ish", "ese", "ian", "an", "ch", "i")  # English, Chinese, Italian, American, French, Thai


#: A time the sentence before may give: a year, a month, a century.
_A_TIME = re.compile(r"\b(?:\d{3,4}|BC|AD|centur(?:y|ies))\b")


#: Words for people, or a body of them, that a "they" may stand for.
_PEOPLE_NOUNS = frozenset("men women people children crew companions colleagues partners friends brothers sisters "
                          "sons daughters parents family party team expedition army armies navy troops forces council "
                          "government company tribes peoples natives citizens".split())
_AGENT_PLURAL = ("ers", "ors", "ists", "ians", "ants", "ents", "ees")  # followers, sailors, scientists, inhabitants


def _names_people(text: str, context: Context) -> bool:
    """Whether a sentence names people (or things with a plural name) a "they" may stand for: "Watson and Crick",
    "the shogun's followers", "the Galápagos Islands"; "No nails or wire were used" names none."""
    if len(set(context.people_named(text))) >= 2:
        return True
    words = [word.strip(".,;:“”\"") for word in text.split()]
    return any(word.casefold() in _PEOPLE_NOUNS or word.casefold().endswith(_AGENT_PLURAL)
               or (word.endswith("s") and language.is_person_type(word.casefold()[:-1]))
               or (at > 0 and word[:1].isupper() and word.endswith("s") and not word.endswith(("'s", "’s")))
               for at, word in enumerate(words))


def _holds_what_is_needed(previous: str, needs: frozenset[str], context: Context) -> bool:
    """Whether the sentence before gives what a stem leans on: the time, the thing its "it" is (the singular thing
    it opens with), the people of its "they", the person of its "she"."""
    opening = previous.split()[:2]
    checks = {
        "time": lambda: bool(_A_TIME.search(previous)) or any(
            word.strip(".,").casefold() in language.MONTH_NAMES for word in previous.split()),
        "thing": lambda: bool(opening) and (
            (opening[0].casefold() in ("the", "a", "an") and len(opening) > 1 and opening[1][:1].islower()
             and not _has_plural(opening[1].strip(",")) and not language.is_person_type(opening[1].strip(",")))
            or (opening[0].casefold() not in _OPENERS and opening[0].casefold() not in language.PREPOSITIONS
                and not _has_plural(opening[0].casefold())
                and _names_a_thing_not_a_person("— " + opening[0], context))),
        "people": lambda: _names_people(previous, context),
        "person": lambda: _may_name_a_person(previous, context),
        "place": lambda: _may_name_someone(previous),
        "before": lambda: True,
    }
    return all(checks[need]() for need in needs)


def _resolve_opening(before: str, after: str, answer: str, context: Context) -> str | None:
    """The words before the span, their opening anaphor named; None when it cannot be."""
    for pattern, shift in language.TIME_ANAPHORS:
        match = pattern.match(before)
        if match is None:
            continue
        years = _years_counted(match.group(1)) if shift is None else shift
        year = context.year_before()
        # "… sketched its tiles on a visit in [1922]": the clause gives its own year (a later clause may not)
        own_year = _YEAR.search((before[match.end():] + answer + after).split(", ")[0]) is not None
        if year is None or years is None or years is language.DROP or str(year + years) == answer.strip() \
                or own_year:
            # "Some four centuries later the runner …" is true without its opening, which counts from a time the
            # stem cannot name (or would name the answer), when what is left says enough on its own
            rest = before[match.end():]
            first_word = rest.split(None, 1)[0] if rest.split() else ""
            if len(rest.split()) + len(after.split()) < _OWN_CLAUSE_WORDS or _is_verb(first_word):
                # too short alone, or the time is the subject ("The next winter was spent …")
                return before  # "Later that year the _____ was passed." leans on the sentence before
            before = _capitalised(rest)
            break
        phrase = f"Later in {year}, " if years == 0 and before[:5].casefold() == "later" else f"In {year + years}, "
        return phrase + before[match.end():]
    if _POINTS_BACK.match(before):
        return None  # "In this way …", "The largest were …", "A well-preserved example …": of what, the stem
        # cannot say
    lead = _SUBORDINATOR.match(before)  # "While they worked, ..." opens with the pronoun too
    first = _WORD.match(before, lead.end())  # type: ignore[union-attr]  # an optional group: it always matches
    if first is None:
        return before
    head, lower = before[:first.start()], first.group().casefold()
    if lower == "it" and _CLEFT.match(before, first.end()):
        return before  # "It was Richthofen who named it": "It" stands for nothing
    if lower in language.THING_PRONOUNS:
        name = context.thing()
        if name is None:
            return None
        return head + (f"{name}’s" if language.THING_PRONOUNS[lower] == "possessive" else name) + before[first.end():]
    if lower == "they" and (pair := context.pair()) is not None:
        return head + pair + before[first.end():]
    if lower in language.PLURAL_PRONOUNS or lower in ("this", "these", "those"):
        return None  # "They" and "This" refer to more than the article's tags can tell
    if lower == "the" and not head:
        second = _WORD.match(before, first.end() + 1)
        if second is not None and (second.group().isdigit() or spelled_number(second.group()) is not None):
            return None  # "The two men": who they are is in sentences the stem does not show
        if second is not None and second.group()[:1].islower() and language.could_be_role(second.group()):
            described = context.described(second.group())
            named = _with_the(described) if described is not None else context.titled(second.group())
            if named is not None:  # a title's name with the title's own "the", or none ("Magna Carta")
                return _capitalised(named) + before[second.end():]
    return before


#: Openings that point back to what the sentence before said, which no tag can name.
_POINTS_BACK = re.compile(
    r"(?:in (?:this|that|the same) way|for (?:this|that) reason|by then|at that point|because of (?:this|that)|"
    r"as a result|thanks to (?:this|that)|in (?:this|that) case|such|(?:this|that|these|those)\b|"
    r"(?:another|others|both|neither)(?= (?:was|were|is|are|had|has|set|made|gave|said|\w+ed)\b)|"
    r"(?:neither|both|either) (?:man|men|woman|women|one|of)\b|"  # "Neither man was the first": which two?
    r"the (?:result|outcome|effect|consequence)\b(?! of\b)|"  # "The result is one of the saltiest …": of what?
    r"(?:most|many|some|all|few|none|several|each) of (?:the|them|these|those)\b|"
    r"(?:a|an) (?:second|third|fourth|fifth|further)\b|"
    rf"the [a-z]+, (?={re.escape(BLANK)}|\Z)|"  # "The place, [Promontory Summit], had …": what place?
    r"the [a-z]+ (?:alone|itself|themselves)\b|"  # "The moat alone is about …": of what?
    r"the (?:\w+est|(?:more|less|most|least) \w+|first|second|third|last|final|next|other|others|rest|latter|former|"
    r"remainder)\b(?! \w+ed\b)"
    r"(?=,| (?:was|were|is|are|had|has|of them)\b)|"
    r"(?:a|an|one|another) (?:[\w-]+ )?(?:example|instance|case|one|kind|type|sort)\b|"
    r"(?:\w+er|more \w+|less \w+) still\b|"  # "Older still is the fame of Hekla": older than what? (review R)
    r"the rival\b)",  # "The rival CMS experiment was led by …": rival to what? (review S)
    re.IGNORECASE)
_CLEFT = re.compile(r" (?:is|was) [^,.]*\b(?:who|that)\b")
_SUBORDINATOR = re.compile(r"(?:(?:while|when|as|after|before|once|because|since|although|though|if|until|"
                           r"in case|even though) )?",
                           re.IGNORECASE)


def _unquoted_person_pronoun(text: str) -> re.Match[str] | None:
    """The first he/she/him/his/her of ``text`` outside quotation marks."""
    depth = 0
    for match in re.finditer(r"[“”\"]|\b(?:he|she|him|his|her)\b", text, re.IGNORECASE):
        mark = match.group()
        if mark == "“":
            depth += 1
        elif mark == "”":
            depth = max(0, depth - 1)
        elif mark == '"':
            depth = 1 - depth
        elif depth == 0:
            return match
    return None


# --- 3. questions ---------------------------------------------------------------------------------------------

#: Words that tie a sentence to the one before ("Yet the screen glowed"): a stem stands alone without them.
_CONNECTIVE = re.compile(r"\A(?:yet|but|and|so|however,|still,|instead,?|meanwhile,|moreover,|also,|indeed,|"
                         r"nevertheless,|nonetheless,|even so,|in fact,|in turn,|then,) ", re.IGNORECASE)
_OWN_CLAUSE_WORDS = 7  # "Charles Best, then 22, won." is too short to say what it is about
_CLAUSE_BREAK = re.compile(r"; |: | — | – ")
_CLAUSE_BREAK_WORDS = frozenset(("—", "–"))


def _own_clause(before: str, after: str) -> tuple[str, str]:
    """The clause the span stands in, when a semicolon, colon or dash joins it to others that can stand alone
    (seven words or more on the span's side): "… with locks instead: the canal …" loses what the colon adds."""
    breaks = list(_CLAUSE_BREAK.finditer(before))
    if breaks and len(before[breaks[-1].end():].split()) + len(after.split()) >= _OWN_CLAUSE_WORDS \
            and _has_verb(before[breaks[-1].end():] + after) and not _inside_quotes(before[:breaks[-1].start()]):
        before = _capitalised(before[breaks[-1].end():])
    cut = _CLAUSE_BREAK.search(after)
    if cut is not None and len(before.split()) + len(after[:cut.start()].split()) >= _OWN_CLAUSE_WORDS \
            and _has_verb(before + after[:cut.start()]) and not _inside_quotes(before + after[:cut.start()]):
        after = after[:cut.start()] + "."
    return before, after


def _has_verb(text: str) -> bool:
    """Whether a clause has a verb of its own (a clause cut to a fragment has none: "The stone, found at Rashid")."""
    return any(_is_verb(word) for word in text.split())


def _inside_quotes(text: str) -> bool:
    """Whether ``text`` ends inside a quotation it opened."""
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


def _question(before: str, after: str, type_: str, role: tuple[str, str] | None) -> str | None:
    """A wh-question for the span: of the whole sentence, or else of the clause the span stands in (review rounds
    A-L: a copied sentence with a blank is what gives a generated question away); None when none can be formed."""
    for clause_before, clause_after in _clauses(before, after):
        it = re.search(r"\bit\b", _unquoted(clause_after)) if " it" in clause_after else None
        if it is not None and _is_an_object(clause_after[it.end():]) \
                and _subject_is_no_it(f"{clause_before}{BLANK}{clause_after[:it.start()]}", type_):
            continue  # "… agreed on a project to pipe water from the [Red Sea] to refill it": the question would
            # hide that it leans on the sentence before (review O); the blank shows it, and is judged so
        question = _question_of_clause(clause_before, clause_after, type_, role)
        if question is not None:
            return question
    return None


def _clauses(before: str, after: str) -> Iterator[tuple[str, str]]:
    """The sentence, then the shorter clauses around the span that can be asked alone, most of the sentence first:
    without what a comma adds after the span ("Marco Polo set out in [1271], aged seventeen, …"), then the
    relative or subordinate clause the span stands in ("…, the Teatro Amazonas, which opened in [1896]" is "The
    Teatro Amazonas opened in [1896]"; "When the Diet met for the last time in [1669], …")."""
    trimmed = _without_addition(after)
    if trimmed is not None:  # shorter first: "Which president signed the Soil Conservation Act?", not its which-clause
        yield before, trimmed
    yield before, after
    clause_end = re.search(r", |; | — | – ", after)
    clause_after = after if clause_end is None else after[:clause_end.start()] + "."
    for narrowed in (_clause_of_span(before), _second_predicate(before)):
        # a pronoun the sentence's opening did not name has nobody to stand for once the rest is gone
        if narrowed is not None and _PRONOUN.search(_unquoted(narrowed + clause_after)) is None:
            yield narrowed, _with_the_time_of(before, narrowed, clause_after)


def _with_the_time_of(before: str, narrowed: str, after: str) -> str:
    """The words after the span of a when-clause, with the one year its main clause gives when it gives none:
    "The worst epidemic came in 1952, when nearly [58,000] cases were reported" is asked "… reported in 1952?"."""
    opening = before[:len(before) - len(narrowed)] if before.endswith(narrowed) else ""  # a relative's is rewritten
    years = _YEAR.findall(opening)
    if not re.search(r", when \Z", opening) or len(years) != 1 or _YEAR.search(narrowed + after) \
            or not after.endswith("."):
        return after
    return f"{after[:-1]} in {years[0]}."


#: What a comma after the span may add that its clause does without: a description, a relative or participle
#: clause, an aside ("…, probably by his own hand", "…, aged seventeen, …", "…, printed in Frankfurt").
_ADDITION = re.compile(
    r", (?:(?:a|an|the|who|which|whose|whom|where|when|while|aged|with|without|probably|perhaps|almost|nearly|"
    r"then|now|still|once|later|and then|in|on|at|by|from|for|after|before|during|along|among|more|some|only|"
    r"over|under|like|unlike|as)\b|[a-z]+(?:ed|ing|en|wn)\b)")
#: A time phrase of the clause's own after a comma: ", in 1578", ", in a paper of 1686".
_TIME_AFTER_A_COMMA = re.compile(rf", (?:{'|'.join(sorted(language.PREPOSITIONS))}) [^,]*?\b(?:1\d{{3}}|20\d{{2}})\b",
                                 re.IGNORECASE)
#: A clause after the comma, not an addition: "[Neil Armstrong], the lunar module pilot was Buzz Aldrin, and …".
_CLAUSE_OF_ITS_OWN = re.compile(r", (?:a|an|the) (?:(?!\b(?:who|which|that|whose)\b)[^,])*\b(?:was|were|is|are|had|has)\b")
#: A list the span ends or goes on: "…, a post in [Bruges], the wharf at Bergen in Norway, and the Peterhof".
_LIST_GOES_ON = re.compile(r", (?:and|or) [^,]*\.?\s*\Z")


def _without_addition(after: str) -> str | None:
    """The text after the span up to what its first comma adds, when that adds something ("… went on holiday,
    leaving a stack of dishes"); else None."""
    comma = after.find(", ")
    listed = _LIST_GOES_ON.search(after, comma)
    if comma < 0 or _ADDITION.match(after, comma) is None or (listed is not None and not _has_verb(listed.group())) \
            or _inside_quotes(after[:comma]) or any(word in _CLAUSE_WORDS for word in after[:comma].split()) \
            or _CLAUSE_OF_ITS_OWN.match(after, comma) or _TIME_AFTER_A_COMMA.search(after, comma):
        # nor the clause's time: "born in Folkestone, in Kent, in 1578" without it asks who of thousands
        return None  # "… saying that milkmaids who had caught cowpox, a mild disease, did not": the comma is the clause's
    return after[:comma] + "."


#: Where a clause inside the sentence opens before the span: a relative clause after its noun ("…, the Teatro
#: Amazonas, which opened in"), or a subordinate clause ("When the French army in Egypt surrendered in").
_RELATIVE = re.compile(r"(?:\A|, )([^,]*), (?:which|who) (?=[^,]*\Z)")
_SUBORDINATE = re.compile(r"(?:\A|, |\b(?:above all|just|only|soon|shortly|long|even) )"
                          r"(?:when|once|until|because|since|after|before|as soon as) (?=[^,]*\Z)", re.IGNORECASE)
_PARTICIPLE_CLAUSE = re.compile(r"(?:\A|, )([^,]*), (?=(?:[a-z]+ed|set up|built|made|founded|known|held|led|run|"
                                r"won|begun|sent|written|drawn|given|taken|shown)"
                                r" (?:in|by|at|on|from|for|to|as|during|with|under|near)\b[^,]*\Z)")
_TRAILING_NAME = re.compile(r"(?:\bthe )?(?:[A-Z][\w’'-]*(?: (?:of |de |da )?[A-Z][\w’'-]*)*)\Z")


def _clause_of_span(before: str) -> str | None:
    """The words of the clause the span stands in, from its subject, when that clause is a relative clause (its
    noun as subject) or a subordinate one; None when the span is in the sentence's main clause."""
    relative = (_RELATIVE.search(before) or _PARTICIPLE_CLAUSE.search(before)) if ", " in before else None
    if relative is not None:
        noun = relative.group(1)
        if any(word.casefold() in _CLAUSE_WORDS for word in noun.split()):
            return None  # "…, who had learned printing in Cologne, set up": the noun is in a clause of its own
        if _has_verb(noun):  # "At the height of the boom it built an opera house, the Teatro Amazonas, which"
            name = _TRAILING_NAME.search(noun)
            noun = name.group() if name is not None else ""
        words = noun.split()
        if not words or len(words) > 6 or not (words[0][:1].isupper() or words[0] in ("the", "a", "an")) \
                or any(word.casefold() in _PRONOUN_WORDS for word in words):
            return None
        if relative.re is _PARTICIPLE_CLAUSE:  # "the India Meteorological Department, set up in": was set up
            plural = words[-1].islower() and _has_plural(words[-1])
            return f"{noun} {'were' if plural else 'was'} {before[relative.end():]}"
        return f"{noun} {before[relative.end():]}"
    subordinate = None
    for subordinate in _SUBORDINATE.finditer(before):
        pass
    if subordinate is None or not before[subordinate.end():]:
        return None
    return before[subordinate.end():]


#: A second verb of the subject before the span: "Lewis was made governor of … but died of gunshot wounds in".
_SECOND_VERB = re.compile(r" (?:and|but) (?:then |later |soon )?(?=(\w+) )")


def _second_predicate(before: str) -> str | None:
    """The subject with its second verb, when the span is in what that verb says: "Lewis died of gunshot wounds
    in"; None otherwise."""
    if " and " not in before and " but " not in before:
        return None  # the common case, without the search
    joined = [match for match in _SECOND_VERB.finditer(before) if _is_verb(match.group(1))]
    if len(joined) != 1:
        return None
    words = before[:joined[0].start()].split()
    verb_at = next((at for at, word in enumerate(words[1:8], start=1) if _is_verb(word)), None)
    if verb_at is None or any(word.casefold() in _CLAUSE_WORDS or word.casefold() in _CLAUSE_BREAK_WORDS
                              or word[-1] in ",;:" for word in words):
        return None  # the first verb may not be the subject's: "…, who sailed down it … and reached"
    if _is_verb(words[-1]) and any(word.casefold() in language.AUXILIARIES for word in words[verb_at:]):
        return None  # "was captured and beheaded in": one verb of one subject
    return " ".join(words[:verb_at]) + " " + before[joined[0].end():]


def _question_of_clause(before: str, after: str, type_: str, role: tuple[str, str] | None) -> str | None:
    """A wh-question for the span, when its place in the clause makes one simple to form; else None."""
    if _second_predicate(before) is not None:
        return None  # "… was made governor … but died … in [1809]": which verb it goes with, _second_predicate asks
    if not after.rstrip().rstrip("”\"").endswith(".") and not after.rstrip().endswith(("”.", '".')) \
            or any(mark in before + after for mark in "();:") or _inside_quotes(before) \
            or (before + after).count("“") != (before + after).count("”") or (before + after).count('"') % 2:
        return None  # a quotation the span is in, or one left open, cannot be asked about
    whole = after
    after, coordinated = _COORDINATED_VERB.subn(".", after, count=1)  # "... on 24 July and were picked up ..."
    # ends the clause, unless it ends a list of what the subject did ("took part in AD 67, fell from his chariot
    # and was still declared the winner"): the list is asked whole
    if coordinated and any(_is_verb(listed.group(1)) for listed in re.finditer(r", (\w+)", after)):
        after = whole
    joined = _JOINED_CLAUSE.search(after)  # "… was called [Columbia], and the lunar module …": ask the first
    if joined is not None and _has_verb(before + after[:joined.start()]):
        after = after[:joined.start()] + "."
    earlier = list(_JOINED_CLAUSE.finditer(before))  # "…, and the lunar module was called [Eagle]": ask the second
    if earlier and _has_verb(before[:earlier[-1].start()]) and _has_verb(before[earlier[-1].end():]):
        before = before[earlier[-1].end():]  # as written: "victory went to", not "Victory went to"
    if _inside_quotes(after[::-1].replace("“", "\0").replace("”", "“").replace("\0", "”")) or after.count('"') % 2:
        return None  # a cut above fell inside a quotation: "saw "the lead melting down the streets in a stream."
    question = (_birth_question(before, after, type_) or _described_question(before, after, type_)
                or _complement_question(before, after, type_)
                or _subject_question(before, after, type_, role)
                or _phrase_question(before, after, type_) or _object_question(before, after, type_, role)
                or _apposition_question(before, after, role) or _count_question(before, after, type_))
    fronted = _FRONTED.match(before)
    if fronted is None or (fronted.end() == len(before) and role is not None
                           and before.endswith(f" {role[0]}, ")):  # "In 1943 a laboratory
        # assistant, [Mary Hunt], brought …": the comma opens the span's apposition; the time is what is fronted
        fronted = _FRONT_TIME.match(before)
    if question is None and fronted is not None and not _has_verb(fronted.group(1)) \
            and not _ACCOUNT.match(fronted.group(1)):
        # "In 1799, French soldiers found [the stone]" is asked "What did French soldiers find in 1799?"
        rest = before[fronted.end():]
        inner = _subject_question(rest, after, type_, role) or _object_question(rest, after, type_, role) \
            or _apposition_question(rest, after, role) or _count_question(rest, after, type_)
        if inner is not None and "," not in inner:  # after "…, Prince Leopold" the time would go with Leopold
            phrase = fronted.group(1)
            # at the end, after "showed that the true order is by atomic number", the time would go with what the
            # that-clause says; a place, with the name before it ("In Paris, who wanted the planet named after Le
            # Verrier?"): those stay in front
            at_the_end = (_A_TIME.search(phrase) or any(word.casefold() in language.MONTH_NAMES
                                                       for word in phrase.split())) \
                and not any(word in _CLAUSE_WORDS for word in inner.split())
            if at_the_end or _PRONOUN.search(phrase):  # "at its height": its noun may come later in the sentence
                question = f"{inner[:-1]} {phrase[:1].lower() + phrase[1:]}?"
            else:
                question = f"{phrase}, {inner[:1].lower() + inner[1:]}"
    return question


#: Words before a count that say how exact it is, and how the question keeps that: "about 180 copies" is asked
#: "About how many copies"; a bound ("more than 70") makes no question ("More than how many" asks nothing).
_COUNT_QUALIFIERS = {"about": "About how many", "around": "About how many", "roughly": "About how many",
                     "approximately": "About how many", "some": "About how many", "an estimated": "About how many",
                     "nearly": "About how many", "almost": "About how many", "only": "How many",
                     "just": "How many", "another": "How many more", "": "How many"}
_BOUNDS = frozenset("more than over under at least at most fewer less up to a an the".split())
#: What a count counts: "[Sixty] riders", "[10] miles of track", "[300] million people", "[33.5] metres wide".
_COUNTED = re.compile(r" ((?:million |thousand |hundred )?(?:[a-z]+ ){0,2}?[a-z]+s(?: of [a-z]+(?: and [a-z]+)?)?"
                      r"(?: (?:wide|long|tall|high|deep|across|thick|away))?)(?=[ .,;])")
_SIZE_WORDS = frozenset("wide long tall high deep across thick away".split())


def _count_question(before: str, after: str, type_: str) -> str | None:
    """A count with what it counts: "How many riders set off on six stages?" (the count opens the clause), "How
    many crowns did the runner Leonidas of Rhodes win in four Games?" (it is the verb's object), "How many metres
    wide is each lock chamber?" (a measure)."""
    if type_ != "number":
        return None
    counted = _COUNTED.match(after)
    if counted is None:
        return None
    nouns = [word for word in counted.group(1).split(" of ")[0].split() if word not in _SIZE_WORDS]
    if not nouns or not _has_plural(nouns[-1]) \
            or any(_is_verb(word) or word in language.PREPOSITIONS or word in _CLAUSE_WORDS for word in nouns):
        return None
    unit = counted.group(1)
    rest = after[counted.end():]
    if rest.startswith((" ago", " earlier", " later", " before", " after")):
        return None  # "the rains failed about [5,000] years ago": no "did the rains fail ago"
    # what the clause goes on to say about the count, up to another clause ("… so that surgeons …") or, after a
    # measure, the next measure ("[33.5] metres wide and 305 metres long")
    cut = re.search(r", |; | — | so that | because | when | which | who | where | while | until "
                    + (r"| and " if unit.split()[-1] in _SIZE_WORDS else r"| and (?=\w+ (?:to|that) |\w+ed\b)"), rest)
    rest = (rest if cut is None else rest[:cut.start()]).rstrip().rstrip(".")
    words = before.split()
    qualifier = ""
    for size in (2, 1):
        if len(words) >= size and " ".join(words[-size:]).casefold() in _COUNT_QUALIFIERS:
            qualifier = " ".join(words[-size:]).casefold()
            words = words[:-size]
            break
    if words and (words[-1].casefold() in _BOUNDS or " ".join(words[-2:]).casefold() in _BOUNDS):
        return None
    how_many = _COUNT_QUALIFIERS[qualifier]
    if not words:  # "[Sixty] riders set off on six stages": the count is the subject
        first = rest.split()[:1]
        if not first or not _is_verb(first[0]):
            return None
        return f"{how_many} {unit}{rest}?"
    if not _is_verb(words[-1]) or "," in " ".join(words) or unit.split()[-1] in _SIZE_WORDS and \
            words[-1].casefold() not in ("is", "was", "are", "were"):
        return None
    inverted = _inverted(" ".join(words))
    if inverted is None or inverted.startswith(("had ", "has ", "have ")):
        return None
    return f"{how_many} {unit} {inverted}{rest}?"


#: A fronted phrase that says whose account the sentence is, which a question cannot carry at its end: "By the
#: canal's own records, …", "According to Watson, …".
_ACCOUNT = re.compile(r"(?:by|according to|in the words of|like|unlike|despite|for|with|as)\b(?![^,]*\d{3,4})",
                      re.IGNORECASE)
#: A phrase before the subject, up to its comma: "In 1799, …", "After the war, …".
_PREPOSITION = "|".join(sorted(language.PREPOSITIONS))  # as an alternation for the patterns below
_FRONTED = re.compile(rf"((?:{_PREPOSITION})\b[^,]{{1,60}}), ", re.IGNORECASE)


#: A time before the subject with no comma, up to its year: "In 1898 …", "In the summer of 1928 the bacteriologist …".
_FRONT_TIME = re.compile(rf"((?:{_PREPOSITION}) (?:[\w’'-]+ ){{0,4}}?\d{{3,4}}s?(?: BC| AD)?) ",
                         re.IGNORECASE)
_JOINED_CLAUSE = re.compile(r", (?:and|but|while|whereas) ")
_COORDINATED_VERB = re.compile(rf" and (?:\w+ly |almost |never )?(?:was|were|is|are|had|has|then|later|\w+ed|"
                               rf"{'|'.join(sorted(language.IRREGULAR_PAST))})\b.*\Z")


_NAMING_VERB = re.compile(r"(?:re)?(?:called|named|dubbed|titled|christened)", re.IGNORECASE)


def _object_question(before: str, after: str, type_: str, role: tuple[str, str] | None) -> str | None:
    """The span is the object of the clause's verb: "What did Fleming discover in 1928?", "Which ship did the
    navy send?"."""
    words = before.split()
    if role is not None and role[1] == "before":
        if not words or words[-1] != role[0]:
            return None
        words = words[:-1]  # "launched the shuttle [Discovery]": the role goes into the wh-phrase
    if words and words[-1].casefold() in ("the", "a", "an"):
        if words[-1].casefold() != "the" and len(words) > 1 and words[-2].casefold() in language.AUXILIARIES:
            return None  # "Sharman was a [chemist]": what she was, not whom a verb acted on
        words = words[:-1]
    if words and words[-1].casefold() in ("is", "was", "are", "were") and not language.is_person_type(type_):
        return None  # "The slab is [granodiorite]": "What is the slab?" asks too little (who or where: above)
    if len(words) < 2 or words[0].casefold() in language.PREPOSITIONS or not _is_verb(words[-1]) \
            or type_ in ("number", "year", "date") or "," in before or "," in after:
        return None  # one clause, subject and verb and the span, or the question would mix two
    if words[-1].casefold() in ("called", "named") and words[-2].casefold() not in language.AUXILIARIES:
        return None  # "grew a fruit called [Plumbrazzik]": the name is no object of "grew"
    auxiliaries = [at for at, word in enumerate(words[:-1]) if word.casefold() in language.AUXILIARIES]
    if auxiliaries and words[-1].casefold() not in language.AUXILIARIES and len(words) - 1 - auxiliaries[-1] > 3:
        return None  # "The prize was no more than a wreath cut from the sacred": "sacred" is no verb of "was"
    if any(word.casefold() in _CLAUSE_WORDS for word in words[1:]):
        return None  # "The find was so rich that the stream was renamed [X]": the span is the inner clause's
    # what a thing is called is a name, asked "What was the command module called?", never "Which spacecraft …" nor
    # "Which place" (review R)
    naming = _NAMING_VERB.fullmatch(words[-1]) is not None
    kind = type_ if type_ not in _VAGUE_TYPES and type_.isalpha() and not naming else None
    if role is not None:
        wh = f"Which {role[0].casefold()}"
    elif language.is_person_type(type_):
        wh = "Who"
    elif kind is not None:  # "Which organisation did Pasteur tell …", not "What did Pasteur tell" (review P)
        wh = f"Which {kind}"
    elif naming:
        wh = "What"
    elif language.is_place_type(type_):
        wh = "Which place"
    else:
        wh = "What"
    clause = " ".join(words)
    inverted = _inverted(clause)
    if inverted is None or not inverted.split()[-1] or inverted.startswith(("had ", "has ", "have ")):
        return None
    rest = after.rstrip().rstrip(".")
    if role is not None and role[1] == "after" and rest.split()[:1] == [role[0]]:
        rest = rest.split(role[0], 1)[1]
    return f"{wh} {inverted}{rest}?"



#: The span in apposition to a verb's object, or to the object of a preposition after it: "handed the job to an
#: army engineer, [George Goethals], who …", "announced a new element, [polonium], named after …".
_OBJECT_APPOSITION = re.compile(r"(?P<head>[^,]+?) (?:(?P<preposition>to|for|with|from|by) )?"
                                r"(?:a|an|the) (?P<described>(?:[\w’'-]+ ){0,3}?[a-z]+), \Z")
#: What may follow an apposition and says more of the span, not of the clause: "who saw it through", "named after".
_MORE_OF_THE_SPAN = re.compile(r"(?:who|whom|whose|which|where|named|called|known|then|now|a|an|the)\b|\w+ed\b")


def _apposition_question(before: str, after: str, role: tuple[str, str] | None) -> str | None:
    """The span is in apposition to a verb's object: "Roosevelt handed the job to an army engineer, [George
    Goethals], who saw it through to the end." is asked "To which army engineer did Roosevelt hand the job?", "The
    final piece was found by a local curate, [X], …" "Which local curate found the final piece?"."""
    match = _OBJECT_APPOSITION.fullmatch(before)
    if role is None or role[1] != "before" or match is None or not after.startswith(", ") \
            or match["described"].split()[-1] != role[0]:
        return None
    described = match["described"].split()
    if any(word.casefold() in _ORDINALS or word.casefold().endswith("est") or not word.isalpha()
           for word in described[:-1]):
        return None  # "the last sultan": "Which last sultan" asks nothing a teacher would
    head, preposition = match["head"], match["preposition"]
    if head.split()[0].casefold() in language.PREPOSITIONS or any(
            word.casefold() in _CLAUSE_WORDS for word in head.split()) \
            or (preposition is None and not _is_verb(head.split()[-1])):
        return None  # the apposition must be of the clause's object, right after its verb or preposition
    tail = after[2:].rstrip().rstrip(".")
    if _MORE_OF_THE_SPAN.match(tail) or "," in tail or '"' in tail or "“" in tail:
        tail = ""  # "…, who saw it through to the end": about the span, not the question's clause
    tail = f" {tail}" if tail else ""
    kind = " ".join(described)
    if preposition == "by":
        return _active(head + tail, f"By which {kind}") if _is_passive(head) else None
    inverted = _inverted(head)
    if inverted is None or inverted.startswith(("had ", "has ", "have ")):
        return None
    wh = f"{preposition.capitalize()} which {kind}" if preposition else f"Which {kind}"
    return f"{wh} {inverted}{tail}?"


#: A short phrase of time or place before the subject, without a comma: "In December 1844 [Horace Wells], …".
_FRONT_PHRASE = re.compile(rf"(?:{_PREPOSITION}) (?:[\w’'-]+ ){{0,4}}\Z", re.IGNORECASE)
_DESCRIPTION = re.compile(r"(?:a|an|the) ", re.IGNORECASE)


#: "Born Maria Skłodowska in Warsaw in 1867, Marie Curie …": the phrase's time or place, then who was born.
_BORN = re.compile(r"Born [^,]*\Z")
_BORN_WHO = re.compile(r"[^,]*, ([A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*) ")


def _birth_question(before: str, after: str, type_: str) -> str | None:
    """A year or place in an opening "Born …," phrase asks about the birth, not about what the sentence goes on to
    say: "In what year was Marie Curie born?", "Where was Marie Curie born?"."""
    if _BORN.match(before) is None or not before.rstrip().endswith((" in", " at")):
        return None
    who = _BORN_WHO.match(after)
    if who is None:
        return None
    if type_ == "year":
        return f"In what year was {who.group(1)} born?"
    if language.is_place_type(type_):
        return f"Where was {who.group(1)} born?"
    return None


_ORDINALS = frozenset("first second third fourth fifth last only one".split())
_COPULA = re.compile(r"(The [^,]+?) (was|were|is|are) \Z")


def _complement_question(before: str, after: str, type_: str) -> str | None:
    """The span is who or where the subject was: "The first to travel the whole river was [Orellana], who …" is
    asked "Who was the first to travel the whole river?", "The new capital was [Agra]" "What was the new capital?".
    Not other things: "What is the slab?" asks too little of "The slab is [granodiorite]"."""
    match = _COPULA.fullmatch(before)
    if match is None or not (after.strip() == "." or after.startswith((", who ", ", which "))):
        return None
    subject, verb = match.groups()
    if any(word.casefold() in _CLAUSE_WORDS or word.casefold() in _PRONOUN_WORDS for word in subject.split()):
        return None
    if language.is_person_type(type_):
        wh = "Who"
    elif language.is_place_type(type_):
        wh = "What"
    else:
        return None
    return f"{wh} {verb} {subject[0].lower()}{subject[1:]}?"


def _described_question(before: str, after: str, type_: str) -> str | None:
    """The span is the subject, and a description beside it says what it is: "[Horace Wells], a dentist in
    Hartford, Connecticut, saw …" is asked "Which dentist in Hartford, Connecticut, saw …?"."""
    if type_ in ("number", "year", "date") or not after.startswith(", ") or not _DESCRIPTION.match(after, 2):
        return None
    if before and not language.is_name_title(before.strip()) \
            and (_FRONT_PHRASE.fullmatch(before) is None or _has_verb(before)):
        return None  # "In December 1844 [Horace Wells], a dentist …" and "Dr [William Gorgas], the chief …" are
    pieces = after[2:].split(", ")
    verb_at = next((at for at, piece in enumerate(pieces) if at and _is_verb(piece.split()[0])), None)
    if verb_at is None:
        return None
    description = ", ".join(pieces[:verb_at])
    if any(word.casefold() in _CLAUSE_WORDS or _is_verb(word) for word in description.split()):
        return None  # "[Lister], who had read Pasteur, …": a clause, not what the span is
    noun_phrase = _DESCRIPTION.sub("", description, count=1)
    if noun_phrase.split()[0].casefold() in _ORDINALS or " and " in noun_phrase or "'s " in noun_phrase \
            or "’s " in noun_phrase:
        return None  # "the third of a family of physicists", "the railroad's president and a former governor":
        # no simple kind of thing to ask "Which …" of
    rest = ", ".join(pieces[verb_at:]).rstrip().rstrip(".")
    if before and "," in rest:
        return None  # "…, Prince Leopold on 7 April 1853?": the time would go with what the comma adds
    when = f" {before[:1].lower()}{before[1:].rstrip()}" if before and not language.is_name_title(before.strip()) \
        else ""
    comma = "," if "," in noun_phrase else ""  # "in Hartford, Connecticut, saw"
    return f"Which {noun_phrase}{comma} {rest}{when}?"


def _subject_question(before: str, after: str, type_: str, role: tuple[str, str] | None) -> str | None:
    """The span (with its role words) opens the sentence: "Who became ...?", "Which railway engineer persuaded
    ...?", "Which rocket departed ...?"."""
    opening = before.split()
    words = after.split()
    if not words:
        return None
    described = None  # "railway engineer" in "The railway engineer [John Stevens] persuaded ..."
    if role is not None and role[1] == "after" and [word.casefold() for word in opening] in (["a"], ["an"], ["the"]):
        opening = []  # "A [Saturn V] rocket lifted off": the role after the span makes the wh-phrase
    if opening:
        if role is None or role[1] != "before" or opening[-1].strip(",") != role[0]:
            return None
        adjectives = opening[1:-1] if opening[0].casefold() in ("the", "a", "an") else opening[:-1]
        if len(adjectives) > 2 or not all(word.isalpha() and word.casefold() not in language.AUXILIARIES
                                          and word.casefold() not in _OPENERS and word.casefold() not in _ORDINALS
                                          and not word.endswith("est") for word in adjectives):
            return None  # "Which last sultan", "Which youngest son": no question a teacher asks
        described = " ".join([*adjectives, role[0].casefold()])  # "Which president …", not "Which President"
        if opening[-1].endswith(","):  # "The acting governor, [Nicolás Lawson], told …": the apposition closes
            closing = _APPOSITION_CLOSES.match(after)
            if closing is None:
                return None
            after = " " + after[closing.end():]
            words = after.split()
    of_place = _OF_PLACE.match(after)  # "King [Valdemar IV] of Denmark seized …": "Which king of Denmark"
    if described is not None and of_place is not None:
        described += of_place.group().rstrip()
        after = after[of_place.end() - 1:]
        words = after.split()
    rest = after
    if role is not None and role[1] == "after" and words[0].strip(".,") == role[0]:
        rest = after.split(role[0], 1)[1]
        words = words[1:]
        described = role[0].casefold()
    if not words or not _is_verb(words[0]):
        return None
    if described is not None:
        wh = f"Which {described}"
    elif language.is_person_type(type_):
        wh = "Who"
    elif type_ == "number":
        return None
    elif type_ not in _VAGUE_TYPES and type_.isalpha():
        wh = f"Which {type_}"  # "Which organisation made … a World Heritage Site?"
    else:
        wh = "What"
    return f"{wh}{rest.rstrip().rstrip('.')}?"


#: The end of an apposition after the span, with a second one it may carry: ", " or ", a former chimney sweep, ".
_APPOSITION_CLOSES = re.compile(r", (?:(?:a|an|the) [^,]+, )?")
#: A place after a person's span that goes with the role: "[Valdemar IV] of Denmark".
_OF_PLACE = re.compile(r" of [A-Z][\w’'-]*(?: [A-Z][\w’'-]*)* ")


def _phrase_question(before: str, after: str, type_: str) -> str | None:
    """A time, place or amount phrase at the end or the front: "In what year was the station launched?"."""
    numeric_noun = None
    if type_ == "number":
        words = after.split()
        if len(words) != 1 or not words[0].rstrip(".").isalpha() or not words[0].rstrip(".").endswith("s"):
            return None
        numeric_noun = words[0].rstrip(".")
        after = "."
    if _ERA.match(after):
        return None  # "[196] BC": the era goes with the number
    opening = _OPENING_TIME.fullmatch(before) if type_ in ("year", "date") else None
    if after.startswith(" ") and (before.count(" ") == 1 or opening) and after[1:2].isupper():  # "In [1981] UNESCO"
        preposition, clause = before.split()[0], after[1:].rstrip().rstrip(".")
    elif after.strip() == "." or (after.startswith(" ") and type_ != "number"):  # "... launched in [1986] (…)."
        head, _, preposition = before.rstrip().rpartition(" ")
        if preposition.casefold() in ("the", "a", "an"):  # "in the [Pacific Ocean]"
            head, _, preposition = head.rpartition(" ")
        if type_ not in ("year", "date") and not _tells_about_the_verb(head):
            return None  # "the base in [Kazakhstan]" says where the base is, not where anything happened
        if head.rpartition(" ")[2].casefold() in ("and", "or") or (preposition.casefold() == "by" and not _is_passive(head)):
            return None  # "down the Snake and into the [Columbia]"; "batches made by [Cutter]": by whom is no agent
        clause = head + after.rstrip().rstrip(".")
        if type_ in ("year", "date") and (_YEAR.search(head) or _EVENT_BEFORE.search(head)):
            return None  # "… a national park in 1973 and a World Heritage Site in [1987]": which year is asked?
            # "Paper went west after the Battle of Talas in [751]": the year is the battle's
        # "Lincoln, who wanted …, signed the act in [1862]" is one clause, as "Japan's first railway, from …, opened"
        described = _subject_with_aside(clause)
        rest = clause[described.end():] if described is not None else clause
        ahead = rest[:len(rest) - len(after.rstrip().rstrip("."))]
        if "," in rest or any(word.casefold() in _CLAUSE_WORDS for word in ahead.split()[1:]):
            return None  # "tiles, made in [Sweden] by …", "The war ended when they surrendered at [Hakodate]":
            # the phrase may belong to another clause; one after it is the clause's own ("was killed in [1906]
            # when he slipped under a wagon")
    elif after.startswith(", ") and (before.count(" ") == 1 or opening):  # "In (July) [1986], the station was …"
        preposition, clause = before.split()[0], after[2:].rstrip().rstrip(".")
    else:
        return None
    wh = _wh_phrase(preposition, type_, numeric_noun)
    if wh is None or not clause or re.search(rf"(?:,| and| or) {re.escape(preposition.casefold())} ", after):
        return None  # "landed at [Tempelhof] in the American sector and at Gatow": one of a list of places
    if preposition.casefold() == "by" and (active := _active(clause, wh)) is not None:
        return active
    inverted = _inverted(clause, passive_only=True)
    return None if inverted is None else f"{wh} {inverted}?"


_ERA = re.compile(r" (?:BC|BCE|AD|CE)\b")
#: A time opening the sentence that a year ends, which "In what year" asks whole: "In July [1853], …", "In the
#: summer of [1928] …".
_OPENING_TIME = re.compile(rf"(?:In|By|Until|Since) (?:(?:early |late )?(?:{'|'.join(MONTHS)})|"
                           r"the (?:spring|summer|autumn|winter) of) ")
#: An event a time phrase may date rather than the verb: "after the Battle of Talas", "during the war".
_EVENT_BEFORE = re.compile(r"\b(?:after|before|since|until|during|following) (?:the |a |an )?[^,]*\Z", re.IGNORECASE)
#: A year of our era as a text writes it ("1853"; not "1200 BC"): the one rule for the years a sentence names.
_YEAR = re.compile(r"\b(1\d{3}|20\d{2})\b(?! ?(?:BC|BCE)\b)")


#: Prepositions whose phrase a question can open with "… which": "To which city did …", "For which company …".
_ASKING_PREPOSITIONS = frozenset("to from for with by against into onto towards toward near through across "
                                 "outside inside after under".split())
#: Prepositions before a place that make a phrase about where the noun before them is: "a farm in", "the base in".
_PLACING = frozenset("in at on near from to into outside inside of beside by".split())
#: Types that name no kind of thing a question can ask "Which …" of ("Which title", "Which thing").
_VAGUE_TYPES = frozenset("thing things name names title titles term word other event concept idea person people "
                         "place number year date".split())


def _wh_phrase(preposition: str, type_: str, noun: str | None) -> str | None:
    preposition = preposition.casefold()
    # not "until": "Until what year did no one time light?" asks the wrong way round (review M)
    if type_ == "year" and preposition in ("in", "by", "since"):
        return f"{preposition.capitalize()} what year"
    if type_ == "date" and preposition in ("on", "by", "since"):
        return f"{preposition.capitalize()} what date"
    if noun is not None and preposition in ("for", "in", "after", "within", "by"):  # not "of how many miles"
        return f"{preposition.capitalize()} how many {noun}"
    kind = type_ if type_ not in _VAGUE_TYPES and type_.isalpha() else None
    if language.is_place_type(type_) and preposition in ("in", "at"):
        return f"In which {kind}" if kind is not None and preposition == "in" else "Where"
    if preposition in ("in", "at", "on") and kind is not None and not language.is_person_type(type_):
        return f"{preposition.capitalize()} which {kind}"  # "In which building was William crowned …"
    if preposition not in _ASKING_PREPOSITIONS or type_ in ("number", "year", "date"):
        return None
    if kind is not None:
        return f"{preposition.capitalize()} which {kind}"  # "To which city", "For which company"
    return f"{preposition.capitalize()} whom" if language.is_person_type(type_) else None


def _active(clause: str, wh: str) -> str | None:
    """A passive clause in the past asked by its agent, as a teacher asks it: "Angkor was named a World Heritage Site
    by [UNESCO] in 1992" -> "Which organisation named Angkor a World Heritage Site in 1992?" (``wh`` is "By which
    organisation" or "By whom"). None when the verb's past tense is not its participle ("was drawn")."""
    words = clause.split()
    at = next((at for at, word in enumerate(words[:9]) if word.casefold() in ("was", "were")), None)
    if at is None or at == 0 or at + 1 >= len(words):
        return None
    subject, participle, rest = words[:at], words[at + 1], words[at + 2:]
    if subject[0].casefold() in language.PREPOSITIONS \
            or any("," in word or word.casefold() in _CLAUSE_WORDS for word in subject) \
            or not (participle.endswith("ed") or participle.casefold() in language.IRREGULAR_PAST):
        return None
    if subject[0].casefold() in _DETERMINERS:
        subject[0] = subject[0].casefold()
    asking = "Who" if wh == "By whom" else "Which" + wh.removeprefix("By which")
    return " ".join([asking, participle.casefold(), *subject, *rest]) + "?"


def _is_passive(head: str) -> bool:
    """Whether the clause's last verb is a passive one, whose agent a "by" after it names: "Angkor was named a World
    Heritage Site by"; not "architects led by", "batches made by"."""
    words = head.split()
    last = next((at for at in range(len(words) - 1, 0, -1) if _is_participle(words[at]) or _is_verb(words[at])), None)
    if last is None:
        return False
    auxiliary = words[last - 1].casefold()
    if auxiliary.endswith("ly") or auxiliary in ("first", "later", "then", "also"):  # "was first tested by"
        auxiliary = words[last - 2].casefold() if last > 1 else ""
    return auxiliary in ("was", "were", "is", "are", "been", "be")


def _tells_about_the_verb(head: str) -> bool:
    """Whether a phrase after ``head`` tells where or to what the verb happened: "was burned for heresy in [Geneva]",
    "sent the paper to [the Society]"; not "a café in [Montgeron]" or "grew up on a farm in [Scotland]", where it says
    where the noun before it is."""
    words = head.split()
    if not words:
        return False
    if _goes_with_verb(words[-1]):
        return True
    for at in range(len(words) - 2, max(-1, len(words) - 6), -1):
        word = words[at].casefold()
        if word in language.PREPOSITIONS:
            return word not in _PLACING  # "burned for heresy in", but "on a farm in", "outside a café in"
        if _goes_with_verb(word):
            return "," not in " ".join(words[at:])  # "burned his house and laboratory in": the verb's object
    return False


def _inverted(clause: str, passive_only: bool = False) -> str | None:
    """The clause as a question asks it: "The station was launched" -> "was the station launched" (its
    auxiliary before its subject), "Kennedy asked the nation" -> "did Kennedy ask the nation". With
    ``passive_only``, "is"/"was" must come with a participle: "In what year was the text a decree" is no question.
    None when the subject is not a plain noun phrase ("… were when …")."""
    # "Mumtaz Mahal, the favourite wife of Shah Jahan, died …", "the last shogun, Tokugawa Yoshinobu, handed …",
    # "Japan's first railway, from Shimbashi in Tokyo to the port of Yokohama, opened …"
    described = _subject_with_aside(clause)
    if described is not None:
        name, description = described.groups()
        inverted = _inverted(f"{name} {clause[described.end():]}", passive_only)
        auxiliary, _, rest = (inverted or "").partition(" ")
        if not rest.casefold().startswith(f"{name.casefold()} "):
            return None
        return f"{auxiliary} {rest[:len(name)]}, {description}, {rest[len(name) + 1:]}"
    words = clause.split()
    if not words or words[0].casefold() in language.PREPOSITIONS:
        return None  # "On 23 September the Corps paddled …": the subject is not where the question needs it
    for index, word in enumerate(words[1:8], start=1):
        if "," in word or word.casefold() in _CLAUSE_WORDS or words[0].casefold() in _CLAUSE_WORDS:
            return None
        lower = word.casefold()
        subject = words[:index]
        if subject[0].casefold() in _DETERMINERS:
            subject[0] = subject[0].casefold()  # "was the station launched": only the sentence made it a capital
        if lower in language.AUXILIARIES:
            following = words[index + 1] if index + 1 < len(words) else ""
            if lower in ("has", "have", "had") and not _is_participle(following):
                return None
            if passive_only and lower in ("am", "is", "are", "was", "were") and not _goes_with_verb(following):
                return None
            return " ".join([lower, *subject, *words[index + 1:]])
        if index + 1 < len(words) and words[index + 1] == "by" and lower not in language.AUXILIARIES:
            continue  # "A lawsuit brought by Gutenberg's partners' heirs speaks of": a participle, not its verb
        if _is_verb(word) and words[index - 1].casefold() not in ("the", "a", "an"):  # "the damaged ship"
            if any(later.casefold() in language.AUXILIARIES or later.casefold() in language.IRREGULAR_PAST
                   for later in _until_a_clause(words[index + 1:])):
                return None  # "a screen coated with … began to glow": "coated" describes the subject
            base = language.base_of_past(word)
            return None if base is None else " ".join(["did", *subject, base, *words[index + 1:]])
    return None


def _until_a_clause(words: list[str]) -> list[str]:
    """The words up to one that opens a clause of its own ("that", "when", …)."""
    end = next((at for at, word in enumerate(words) if word.casefold() in _CLAUSE_WORDS
                or word.casefold() in ("before", "after", "as", "once")), len(words))
    return words[:end]


#: Words that open a noun phrase, which only the sentence's start made capitals: "did each gate", "was the tower".
_DETERMINERS = frozenset("the a an this that these those its his her their each every some many most all both "
                         "several few no".split())


#: A name with a description beside it, as a clause's subject: "Mumtaz Mahal, the favourite wife of Shah Jahan, ".
_DESCRIBED_NAME = re.compile(r"([A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*), ((?:a|an|the|who|which) [^,]+), ")
def _subject_with_aside(clause: str) -> re.Match[str] | None:
    """The clause's subject and the aside beside it (groups 1 and 2), when it opens with one: "Mumtaz Mahal, the
    favourite wife of Shah Jahan, died …", "Lincoln, who wanted …, signed …"; not "Harvey published his proof in
    1628, in a short Latin book, …" (a verb before the comma) nor an aside that is two clauses."""
    described = _DESCRIBED_NAME.match(clause) or _SUBJECT_ASIDE.match(clause)
    if described is None or _has_verb(described.group(1)) \
            or any(word.casefold() in _CLAUSE_WORDS for word in described.group(2).split()[1:]):
        return None
    return described


#: A subject with an aside between commas: a name beside its role, or where it ran ("the last shogun, Tokugawa
#: Yoshinobu, ", "Japan's first railway, from Shimbashi in Tokyo to the port of Yokohama, ").
_SUBJECT_ASIDE = re.compile(r"((?:[A-Z][\w’'-]*|the|a|an)(?: [\w’'-]+){0,5}), "
                            r"((?:a|an|the|from|in|at) [^,]+|[A-Z][\w’'.-]*(?: [A-Z][\w’'.-]*)*), ", re.IGNORECASE)


#: Words that start a clause of their own: a subject with one of them in it is not a plain noun phrase.
_CLAUSE_WORDS = frozenset("when while if because that which who whom whose where although though since until "
                          "unless whether".split())


def _is_verb(word: str) -> bool:
    lower = word.casefold().strip(".,")
    if lower in language.AUXILIARIES or lower in language.IRREGULAR_PAST:
        return True
    return len(lower) > 3 and lower.endswith("ed")


_PARTICLES = frozenset("down up off out away back in on over later again there home".split())


def _goes_with_verb(word: str) -> bool:
    """Whether a phrase after this word tells about the verb: "splashed down in", "was launched in"."""
    return _is_verb(word) or _is_participle(word) or word.casefold() in _PARTICLES


def _is_participle(word: str) -> bool:
    lower = word.casefold()
    return lower == "been" or (lower.endswith(("ed", "en", "wn")) and lower not in _IRREGULAR_PLURALS) \
        or lower in language.IRREGULAR_PAST  # "the seventy men at the Lion Brewery": "men" is no participle


# --- 3b. blanks, 4. length and quotes ---------------------------------------------------------------------------

#: Where the blank's answer is, right after it: "surrendered at _____ on the northern island of Hokkaido".
_PLACE_AFTER_BLANK = re.compile(rf"(?<={re.escape(BLANK)}) (?:in|on|at|near) (?:the )?(?:[a-z]+ ){{0,3}}"
                                r"[A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*(?=[ ,.;])")


def without_where_it_is(prompt: str) -> str:
    """The stem of a multiple-choice question without the place its answer is in: the wrong options of the kind
    may lie elsewhere, and "_____ in Cambridge" rules out the Pasteur Institute at a glance."""
    match = _PLACE_AFTER_BLANK.search(prompt) or _REGION_AFTER_BLANK.search(prompt)
    if match is None or match.group().split()[-1].casefold() in _TIMES_NAMED:
        return prompt  # "arrived at the _____ on Tuesday", "in March": a time, not a place
    return prompt[:match.start()] + prompt[match.end():]


#: "announced in _____, Michigan, that …": the region a place is in, after a comma.
_REGION_AFTER_BLANK = re.compile(rf"(?<=\b(?:in|at) {re.escape(BLANK)}), [A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*(?=[,.])")


_TIMES_NAMED = language.MONTH_NAMES | {day.casefold() for day in WEEKDAYS}


def _blanked(before: str, after: str) -> str:
    """The sentence with a blank for the span; "a"/"an" before it become "a(n)" so they hint at nothing."""
    match = re.search(r"\b([Aa]n?) \Z", before)
    if match is not None:
        before = before[:match.start()] + ("A(n) " if match.group(1)[0] == "A" else "a(n) ")
    after = _shortened(before, _GIVEAWAY.sub(lambda match: match.group(1).replace(",", ""), after, count=1))
    return before + BLANK + after


#: A description right after the blank that names the answer by itself: "At _____, the capital of Serbia, the
#: Danube is joined by the Sava" asks what everyone knows (review Q); it goes, and the clause's own words stay.
_GIVEAWAY = re.compile(r"\A, (?:the )?(?:capital|capital city|largest city) of [A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*"
                       r"([,.])")


def _shortened(before: str, after: str) -> str:
    """Cut a trailing clause from a long stem: "…, which is tentatively titled “The Challenge”." goes."""
    if len(before.split()) + len(after.split()) < _LONG:
        return after
    match = _TRAILING_CLAUSE.search(after)
    if match is None or len(before.split()) + len(after[:match.start()].split()) < 6 \
            or not _has_verb(before + after[:match.start()]) or _inside_quotes(before + after[:match.start()]):
        return after  # what is left must still say something: a verb of its own
    return after[:match.start()] + "."


#: A pronoun as the subject of a clause that does not open the sentence: ", it was moved", "In 1972 it was
#: lent", "was it lent" (a question's), and "them" anywhere: what they stand for is in another sentence.
_CLAUSE_SUBJECT = re.compile(r"(?:, |\A(?:in|on|at|by|after|before|during|from|until|since) [^,“_]{1,40}? |"
                             r"\b(?:was|were|is|are|did|does|do|has|had|have) )(it|its|they|their)\b|\b(them)\b",
                             re.IGNORECASE)


def _inside(name: str, at: int) -> str:
    """A name as it is written where it goes: "the Rosetta Stone" inside a sentence, "The Rosetta Stone" first."""
    return "the " + name[4:] if at and name.startswith("The ") else name


def _names_a_thing(text: str) -> bool:
    """Whether words before a possessive can be what it refers to: a name after the first word, a blank, or a
    noun after "the", "a" or a question's "Which"."""
    words = text.split()
    return BLANK in text or any(word[:1].isupper() for word in words[1:]) or bool(
        re.search(r"\b(?:the|a|an|this|that|which)\s+\w+", text, re.IGNORECASE)) or (
        bool(words) and words[0][:1].isupper() and words[0].casefold() not in _CLAUSE_WORDS | {"in", "on", "at"})


_ANY_PRONOUN = re.compile(r"\b(?:it|its|they|their|them)\b", re.IGNORECASE)
_LATER = re.compile(r"(?<!\A)\b(?:(later that year)|((?:a|an|one|\d+|[a-z]+(?:-[a-z]+)?) (?:years?|decades?|century|"
                    r"centuries)) (?:later|afterwards)|((?:\w+ )?(?:days?|weeks?|months?) later)|"
                    r"((?:in )?(?:that|the same|that same) year))\b(?!['’])", re.IGNORECASE)


def _times_named(text: str, context: Context) -> str | None:
    """"… found _____ four years later" and "… in Geneva that year" name the year ("in 1875", "in 1553"), or are
    not asked alone when the sentence before gives none; "weeks later" cannot be named."""
    lower = text.casefold()
    if "later" not in lower and "afterwards" not in lower and "that year" not in lower and "same year" not in lower:
        return text  # the common case, without the search
    match = _LATER.search(text)
    if match is None:
        return text
    # "In 1794 he … settled in Pennsylvania, where he died ten years later": from the year the sentence gives
    same_sentence = _YEAR.findall(text[:match.start()])
    year = int(same_sentence[-1]) if same_sentence else context.year_before()
    years = 0 if match.group(1) or match.group(4) else None if match.group(3) else _years_counted(match.group(2))
    if year is None or years is None:
        return None
    phrase = f"later in {year}" if match.group(1) else f"in {year + years}"
    return text[:match.start()] + phrase + text[match.end():]


def _years_counted(words: str) -> int | None:
    """The years "two years", "a decade" or "twenty years" count; None when the count is not exact ("some four
    centuries", "about ten years", and any count of centuries: "A century later" after 1829 was 1922)."""
    *count, unit = words.casefold().split()
    if len(count) != 1 or unit not in language.YEARS_IN_UNIT or unit.startswith("centur"):
        return None
    word = count[0]
    number = 1 if word in ("a", "an") else int(word) if word.isdigit() else spelled_number(word)
    return None if number is None else number * language.YEARS_IN_UNIT[unit]


def _with_the(name: str) -> str:
    """A name where "the X" stood: "the Soyuz rocket", "the Amazon river", but "Hadrian's Wall" (a possessive name
    takes no article: review N's "The Hadrian's Wall")."""
    if name[:4].casefold() == "the " or re.match(r"[\w-]+['’]s ", name):
        return name
    return f"the {name}"


def _title_named(text: str | None, context: Context) -> str | None:
    """"the river" named as the title names it ("the Amazon river"), or as the one name tagged before that ends in
    it ("a pub near the laboratory": the Cavendish Laboratory), once, when the stem does not name it yet."""
    if text is None:
        return None
    for match in re.finditer(r"\b([Tt])he ([a-z]+)\b", text):
        titled = context.titled(match.group(2))  # with the title's own "the", or none ("Magna Carta")
        subject = titled or context.named_for(match.group(2))
        if subject is None or normalize(subject) in normalize(text):
            continue
        named = subject if titled else _with_the(subject)
        if named[:4].casefold() == "the ":  # its "the" as the text wrote it; a name keeps its capital
            named = match.group(1) + named[1:]
        return text[:match.start()] + named + text[match.end():]
    return text


def _subject_named(text: str, context: Context) -> str | None:
    """The stem with a clause's subject pronoun named from the sentence before, or None when it cannot be
    ("…, it was moved to Holborn" with nothing to say what "it" is). "it" before "to"/"that" ("it was hard to")
    is no pronoun, and "they" or "them" after a plural in the stem has it."""
    if not _ANY_PRONOUN.search(text):
        return text  # the common case, without the quotes taken out
    unquoted = _unquoted(text)
    possessive = re.search(r"\b[Ii]ts\b", unquoted)
    if possessive is not None and not _names_a_thing(unquoted[:possessive.start()]):
        name = context.previous_subject()  # "… doubled its trade": whose, the stem has not said
        if name is None:
            return None
        text = text[:possessive.start()] + f"{_inside(name, possessive.start())}’s" + text[possessive.end():]
        unquoted = _unquoted(text)
    for match in _CLAUSE_SUBJECT.finditer(unquoted):
        word = (match.group(1) or match.group(2)).casefold()
        rest = unquoted[match.end():]
        expletive = re.match(r" (?:is|was|would be|has been|had been) (\w+) (?:to|that)\b", rest)
        if word == "it" and expletive and not _is_participle(expletive.group(1)):
            continue  # "it was difficult to adapt" refers to nothing ("it was lent to" does)
        if word in ("they", "their", "them"):
            if re.search(r"\b[a-z]+s\b", _COUNT_OF.sub("", unquoted[:match.start(1 if match.group(1) else 2)])):
                continue  # "the astronauts … they": the plural is in the stem
            return None
        name = context.previous_subject()
        if name is None:
            return None
        start = match.start(1)
        name = _inside(name, start)
        replacement = f"{name}’s" if word == "its" else name
        return text[:start] + replacement + text[match.end(1):]
    return text


_FIRST_PERSON = re.compile(r"\b(?:I|me|my|we|us|our)\b")


def _attributed(text: str, context: Context) -> str | None:
    """A quotation in the first person says who spoke: "“… I learned until _____ am …,” Peresild said." — or is
    not asked when the article does not say so in the sentence before."""
    unquoted = re.sub(r"“[^”]*”", "", text).strip(" .,")
    if not text.startswith("“") or unquoted or not _FIRST_PERSON.search(text):
        return text
    speaker = context.person()
    if speaker is None:
        return None
    inside = text[1:-1].rstrip(".,")
    return f"“{inside},” {speaker} said."


def _close_quotes(text: str) -> str:
    """Close a quotation the sentence opened and never closed, or open one it closes without opening."""
    for opening, closing in _QUOTES.items():
        opened, closed = text.count(opening), text.count(closing)
        if opened > closed:
            text += closing
        elif closed > opened:
            text = opening + text
    if text.count('"') % 2:
        text = text + '"' if text.startswith('"') else '"' + text
    return text
