"""What the article tells about itself, for naming what a sentence refers back to: ``Context`` and its ``Mention``s.

The things tagged so far and the sentence before, the title's thing and the people it names, the words the
article writes with a capital; and the role word beside a tagged span ("the shuttle [Discovery]").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from orbitquiz import language
from orbitquiz.grading import normalize, spelled_number
from orbitquiz.stems.wording import WORD, YEAR, has_plural, unquoted_person_pronoun

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
    #: The nouns the article calls its title's thing by (``title_kinds``): "city" for Machu Picchu.
    title_kinds: frozenset[str] = frozenset()
    #: Each person's surname that no one else in the pack has, with the name the article gives them in full:
    #: "Hutchinson" -> "Thomas Hutchinson", for naming them in full where a stem says the surname alone.
    full_names: dict[str, str] = field(default_factory=dict)
    #: The sentence being asked about: its line, the sentence before it ("" when the reader gave none), and its
    #: tagged things with their offsets in it.
    line: int = 0
    previous: str = ""
    current: list[tuple[int, Mention]] = field(default_factory=list)
    #: The sentence before as a stem may show it before itself (``stems._sentence_before_alone``), with the sentence
    #: it was worked out for: once for all the facts of a sentence.
    before_alone: tuple[str, str | None] | None = field(default=None, init=False, repr=False)
    _named_cache: tuple[str, list[tuple[str, str, int]]] | None = field(default=None, init=False, repr=False)
    _person_words: frozenset[str] | None = field(default=None, init=False, repr=False)
    #: The things tagged so far by the last word of their names: "Laboratory" -> {"Cavendish Laboratory"}.
    _by_last_word: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set), init=False,
                                                      repr=False)
    #: The title up to its first colon, dash or comma ("Apollo 11" of "Apollo 11, the first landing …"), its words
    #: and its thing (``title_thing``): read once, where every "the X" of every stem asks the title.
    _title_subject: str = field(init=False, repr=False)
    _title_words: list[str] = field(init=False, repr=False)
    _title_thing: str | None = field(init=False, repr=False)
    _title_kind: str | None = field(init=False, repr=False)  # ``_kind_said``

    def __post_init__(self) -> None:
        self._title_subject = _subject_of(self.title)
        self._title_words = self._title_subject.split()
        self._title_thing = title_thing(self.title)
        self._title_kind = _kind_said(self.title[len(self._title_subject):]) if self._title_thing else None

    def as_inside_a_sentence(self, word: str) -> str:
        """A word from a sentence's start as it is written inside one: "Goods" -> "goods", "Harvey" -> "Harvey"."""
        gerund = word.endswith("ing") and not language.is_name_title(word)  # "did digging begin"
        # a plural that no tag names, as names seldom are: "did gifts from around the world pay" (review P)
        plural = word.endswith("s") and not word.endswith(("ss", "us", "is", "'s", "’s")) \
            and normalize(word) not in self.known \
            and not self.is_persons_word(word)
        base = re.sub(r"[’']s\Z", "", word.lower())
        common = base in self.lowercase or base in _DAYS_SAID or plural  # "does today's table have"
        if word in self.capitalised or not (common or gerund or is_common_role(word)) or not word[1:].islower():
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
        words = self._title_words
        at = next((index for index, word in enumerate(words) if word.casefold() == noun.casefold()), None)
        if at is None and noun.casefold() in self.title_kinds:
            return self.title_thing()  # "the city" where the article wrote "the stone city of Machu Picchu"
        if at is None and noun.casefold() == "site" and (self.title_kinds | {self._title_kind}) & _PLACE_KINDS:
            return self.title_thing()  # "UNESCO listed the site" of "Petra, the rose-red city" (review V)
        if at is None:
            kind = self._title_kind
            return self.title_thing() if kind is not None and kind == noun.casefold() else None
        start, end = at, at + 1
        while start > 0 and words[start - 1][:1].isupper() and words[start - 1].casefold() not in ("the", "a", "an"):
            start -= 1
        if end < len(words) and words[end][:1].isupper():
            if start < at:
                return None  # "the tea" is no "Boston Tea Party" (review T: "until the Boston Tea was paid for")
            while end < len(words) and words[end][:1].isupper():
                end += 1  # a name led by its kind: "the lake" is "Lake Baikal" (review T)
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
        return name if self._no_other_written_before(name, noun) else None

    def _no_other_written_before(self, name: str, noun: str) -> bool:
        """Whether the sentence before writes no name ending in the noun but ``name``: an untagged "Kiel Canal"
        there may be the canal meant."""
        written = re.findall(rf"(?:[A-Z][\w-]* )+{noun.capitalize()}\b", self.previous)
        return all(name.endswith(other.removeprefix("The ")) for other in written)

    def one_of_its_type(self, noun: str) -> str | None:
        """"the island" as the one thing of that type the paragraph tagged before ("It was named [Surtsey]{.island}"
        … "UNESCO made the island a World Heritage Site": review R); None when it tagged none or two."""
        names = {mention.name for line, mentions in self.sentences[-_RECENT:] if line == self.line
                 for mention in mentions if mention.type == noun.casefold() and is_thing(mention.type)}
        if len(names) != 1:
            return None
        (name,) = names
        return name if self._no_other_written_before(name, noun) else None

    def year_before(self) -> int | None:
        """The year "Later that year" or "four years later" counts from: the last one the sentence before writes
        (with the sentence before at hand, a tagged year further back may not be the one meant)."""
        if self.previous:
            years = YEAR.findall(self.previous)
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
            pronoun = unquoted_person_pronoun(self.previous)
            if pronoun is not None and len(WORD.findall(self.previous[:pronoun.start()])) < named[0][1]:
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
        words = WORD.findall(self.previous)
        for at, word in enumerate(words):
            counted = at > 0 and (words[at - 1].isdigit() or spelled_number(words[at - 1].casefold()) is not None)
            if word[:1].islower() and not counted and has_plural(word):
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
        return self._title_thing

    def title_thing_named_before(self) -> str | None:
        """The title's thing, when the sentence before names it too (or there is none): whose "its rooms" are."""
        thing = self.title_thing()
        said = {re.sub(r"[’']s\Z", "", word) for word in WORD.findall(self.previous.casefold())}
        if thing is None or (self.previous and thing.split()[-1].casefold() not in said):
            return None  # "the causeway" names "The Giant's Causeway"

        return thing

    def previous_subject(self) -> str | None:
        """The thing the sentence before opens with, if the pack's tags name it (never the article's title: a
        pronoun inside a sentence is too often about something else)."""
        if self.previous:
            named = self._named_before()
            return named[0][1] if named and named[0][2] == 0 and is_thing(named[0][0]) else None
        previous = self._previous_in_paragraph()
        return previous[0].name if previous and previous[0].opens and is_thing(previous[0].type) else None

    def _previous_in_paragraph(self) -> list[Mention]:
        if self.sentences and self.sentences[-1][0] == self.line:
            return self.sentences[-1][1]
        return []

    def _named_before(self) -> list[tuple[str, str, int]]:
        """The known names in the sentence before, looked for once per sentence (its facts all ask)."""
        if self._named_cache is None or self._named_cache[0] != self.previous:
            # a heading is no sentence a pronoun refers into ("## The West takes notice" / "Its fame …")
            named = self.named(self.previous) if is_a_sentence(self.previous) else []
            self._named_cache = (self.previous, named)
        return self._named_cache[1]

    def named(self, text: str) -> list[tuple[str, str, int]]:
        """The known names in a text, in order: (type, as the text writes it, index of its first word).

        Looked up by runs of up to four words, longest first, so the cost is the text's length, not the pack's.
        """
        words = WORD.findall(text)
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
        """"The boy" as the one person a recent sentence named in that role ("a boy from Alsace, Joseph Meister"),
        or of that type ("[Qin Shi Huang]{.emperor}" for "The emperor died …": review U)."""
        named = {mention.name for _, mentions in self.sentences[-_RECENT:] for mention in mentions
                 if language.is_person_type(mention.type) and (
                     (mention.role is not None and mention.role[0].casefold() == noun) or mention.type == noun)}
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


def is_common_role(word: str) -> bool:
    """Whether a word is a person's role that English writes in lower case before a name ("did actress Yulia
    Peresild depart"), unlike a title ("did President Thomas Jefferson choose")."""
    return language.is_person_type(word.casefold()) and not language.is_name_title(word)


def words_as_written(sentences: Iterable[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The words sentences write with a capital after their first word (an article's names), and the words they
    write in lower case: ``Context.capitalised`` and ``Context.lowercase``."""
    capitalised: set[str] = set()
    lowercase: set[str] = set()
    for text in sentences:
        words = WORD.findall(text)
        capitalised.update(word for word in words[1:] if word[:1].isupper())
        lowercase.update(word for word in words if word[:1].islower())
    return frozenset(capitalised), frozenset(lowercase)


def _subject_of(title: str) -> str:
    """The title up to its first colon, dash or comma: "Apollo 11" of "Apollo 11, the first landing …"."""
    return re.split(r":| — | – | - |, ", title, maxsplit=1)[0].strip()


def _kind_said(description: str) -> str | None:
    """The noun of what the title says its thing is, after its name: "river" of "…, Europe's river of many nations",
    "charter" of "…, the Great Charter of 1215" (review Q); None when it says no kind ("…, or how …")."""
    words = WORD.findall(description)
    if words[:1] in (["or"], ["and"]):
        return None
    # its head noun: before its first preposition ("river of many nations", "landing on the Moon")
    end = next((at for at, word in enumerate(words) if at and word.casefold() in language.PREPOSITIONS), len(words))
    return words[end - 1].casefold() if end else None


def title_thing(title: str) -> str | None:
    """The thing an article's title names, when it is a name: "Apollo 11" of "Apollo 11, the first landing …"."""
    subject = _subject_of(title)
    words = subject.split()
    return subject if words and len(words) <= 4 and all(word[:1].isupper() or word[:1].isdigit()
                                                        for word in words) else None


_DAYS_SAID = frozenset("today yesterday tomorrow tonight".split())
#: What a "site" may be: the place kinds, and the kinds of built places a site's title names ("the rose-red city").
_PLACE_KINDS = language.PLACE_TYPES | frozenset("site ruins temple fortress monument valley".split())

#: Nouns that say where or what part of a thing is meant, or what happened to it, not what kind of thing it is:
#: "the history of Machu Picchu" is no history that "The history" names.
_NO_KIND = re.compile(r"(?:top|side|edge|heart|centre|center|middle|rest|end|name|fame|story|history|part|half|"
                      r"foot|bottom|front|back|base|future|past|fate|age|idea|view|\w{3,}(?:ion|ment|ness|ity|ance|"
                      r"ence|ing|ure|ery|ship|dom|hood|ism))\Z")


def title_kinds(title: str, sentences: Iterable[str]) -> frozenset[str]:
    """The singular nouns sentences call the title's thing by, as "the stone city of Machu Picchu" or "Machu
    Picchu, the Inca city," do: ``Context.title_kinds``, so that "The city's name" is Machu Picchu's (review S)."""
    thing = title_thing(title)
    if thing is None:
        return frozenset()
    name = re.escape(re.sub(r"\AThe ", "", thing))
    kinds = re.compile(rf"\b[Tt]he (?:[a-z-]+ ){{0,2}}?([a-z]+) of (?:the )?{name}\b|"
                       rf"\b{name}, (?:the|an?) (?:[\w-]+ ){{0,2}}?([a-z]+)[,.]")
    found = {match.group(1) or match.group(2) for text in sentences if thing.split()[-1] in text
             for match in kinds.finditer(text)}
    return frozenset(noun for noun in found if language.could_be_role(noun) and not has_plural(noun)
                     and not _NO_KIND.match(noun))


def is_a_sentence(text: str) -> bool:
    """Whether text the reader gave as the sentence before ends as a sentence does (a heading does not)."""
    return text.rstrip()[-1:] in (".", "!", "?", "”", '"')


def is_thing(type_: str) -> bool:
    """Whether a type's facts can be what "It" stands for: not people, not numbers or dates."""
    return not language.is_person_type(type_) and type_ not in ("number", "year", "date")


_ROLE_FROM_A_PLACE = re.compile(r"\b(?:a|an|the) (?:[\w-]+ ){0,2}?([a-z]+[^s\W]) (?:from|of) "
                                r"[A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*, \Z")


def role_beside(sentence: str, start: int, end: int) -> tuple[str, str] | None:
    """The word just before or after a span that may say what it is: "the shuttle [Discovery]", "[Soyuz] rocket"."""
    before = sentence[:start].split()
    after = sentence[end:].split()
    gerund = len(before) >= 2 and before[-1].endswith("ing") and len(before[-1]) > 5 \
        and before[-2].casefold() not in ("the", "a", "an")  # "tried inhaling [chloroform]", not "the painting …"
    if before and language.could_be_role(before[-1]) and not sentence[:start].rstrip().endswith((",", ".", ";")) \
            and not gerund:
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
