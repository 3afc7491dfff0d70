"""Pseudonymisation of typed notes: roster names become codes, other identifiers become tags.

The result is *pseudonymised* (GDPR Art. 4(5)), never anonymous: the roster links codes to names.
Detectors, strongest first: structured patterns (e-mail, URL, IBAN, social security number, phone,
licence plate, date of birth, street address with postcode and town, door code, social handle), the
group's roster and its one-letter misspellings (proposed with their code), a first-name lexicon with
context rules for names that are also words ("rose", "tina"), titles and roles ("docteur X", "le kiné
Van Houtte"), appositions ("Molly, la femme de mon frère"), a larger first-name dictionary, and an
optional statistical model (`NerFn`, loaded by `facilitator.core.ner`). A human check before saving
stays necessary: `analyse` proposes spans and quasi-identifiers, `apply` writes the reviewed ones.

Policy choices (documented here because reviewers ask):
- Places (cities, countries, clubs, saunas) stay: they are context ("un circuit à Berlin"), the
  model's LOC spans are noisy in spoken French, and a city alone does not single out one man in a
  group; street addresses, which do, are masked by the ADRESSE pattern. Venues, employers and places
  that are not large cities are returned as quasi-identifiers: the observer's preview marks them
  "à vérifier" and masks them as [LIEU] only on a key press.
- A full date is a DATE_NAISSANCE when a birth cue precedes it ("né le", "naissance", "DDN",
  "anniversaire") or when its year is before 2008 (a full date that old in a participant's words is
  most likely a birth date); appointment dates ("le 12/04") stay.
- Roster names win over the allow-list (a participant called Max is P07 even in "au max" unless
  an article stands just before a lowercase word that is also a common word: "un ange", "au max").
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from facilitator.errors import UsageError
from facilitator.i18n import t

NerFn = Callable[[str], list[tuple[int, int, str]]]

CATEGORIES = ("CODE", "PRÉNOM", "TÉLÉPHONE", "EMAIL", "URL", "PSEUDO", "ADRESSE", "DATE_NAISSANCE",
              "NIR", "IBAN", "PLAQUE", "MANUEL", "LIEU")
MANUAL_REPLACEMENT = "[MASQUÉ]"

_CODE_RE = re.compile(r"^[A-Z]\d{1,3}$")
_ROSTER_LINE_RE = re.compile(r"^([^:]+?)\s*:\s*(.*)$")
_NAME_RE = re.compile(r"^[^\W\d_]+(?:[ \-'’.]+[^\W\d_]+)*\.?$")


class RosterError(UsageError):
    """A roster line that cannot be read; the message names the source and line."""


@dataclass(frozen=True)
class RosterEntry:
    code: str                 # P01..P99 participants, F1..F3 facilitators, O1 observer
    names: tuple[str, ...]    # first names and nicknames


def fold(text: str) -> str:
    """Lowercase, accent-free copy of `text` with the same length, so offsets carry over."""
    if text.isascii() and "`" not in text and not any(map(str.isupper, text)):
        return text
    table = {ord(char): _fold_char(char) for char in set(text) if not ("a" <= char <= "z" or char == " ")}
    return text.translate(table)


@cache
def _fold_char(char: str) -> str:
    if char in "’‘ʼ`´":
        return "'"
    if char in "\u00a0\u202f\u2009":
        return " "
    low = char.lower()
    if len(low) != 1:   # "İ" lowers to two characters: keep its base letter
        low = unicodedata.normalize("NFD", char)[0].lower()[0]
    return unicodedata.normalize("NFD", low)[0]


def _name_key(name: str) -> str:
    """Comparison key of a name: folded, hyphens and spaces collapsed."""
    return re.sub(r"[\s\-]+", "", fold(name))


@dataclass(frozen=True)
class Roster:
    """The group's code -> names table; kept in its own file, never exported."""

    entries: tuple[RosterEntry, ...] = ()

    @classmethod
    def parse(cls, text: str, source: str = "roster") -> Roster:
        """Read lines `CODE: name[, alias...]`; blank lines and `#` comments are ignored."""
        rows: list[tuple[str, str, list[str]]] = []
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            where = f"{source}:{number}"
            match = _ROSTER_LINE_RE.match(line)
            if match is None:
                raise RosterError(t("pseudonymise.roster_bad_line", where=where))
            names = [n.strip() for n in match.group(2).split(",") if n.strip()]
            if not names:
                raise RosterError(t("pseudonymise.roster_bad_line", where=where))
            rows.append((where, match.group(1).strip(), names))
        return cls._build(rows)

    @classmethod
    def from_mapping(cls, mapping: dict[str, list[str]]) -> Roster:
        """Build a roster from `{code: [names]}` with the same checks as `parse`."""
        rows = [(f"roster:{code}", code, [str(n).strip() for n in names if str(n).strip()])
                for code, names in mapping.items()]
        for where, _code, names in rows:
            if not names:
                raise RosterError(t("pseudonymise.roster_bad_line", where=where))
        return cls._build(rows)

    @classmethod
    def _build(cls, rows: list[tuple[str, str, list[str]]]) -> Roster:
        code_where: dict[str, str] = {}
        name_owner: dict[str, str] = {}
        entries = []
        for where, raw_code, names in rows:
            code = raw_code.upper()
            if not _CODE_RE.match(code):
                raise RosterError(t("pseudonymise.roster_bad_code", where=where, code=raw_code))
            if code in code_where:
                raise RosterError(t("pseudonymise.roster_duplicate_code", where=where, code=code,
                                    first=code_where[code]))
            code_where[code] = where
            kept: list[str] = []
            for name in names:
                if not _NAME_RE.match(name):
                    raise RosterError(t("pseudonymise.roster_bad_name", where=where, name=name))
                key = _name_key(name)
                owner = name_owner.get(key)
                if owner is not None and owner != code:
                    raise RosterError(t("pseudonymise.roster_duplicate_name", where=where,
                                        name=name, code=owner))
                if owner is None:
                    name_owner[key] = code
                    kept.append(name)
            entries.append(RosterEntry(code=code, names=tuple(kept)))
        return cls(entries=tuple(entries))

    def to_text(self) -> str:
        """The roster in the format `parse` reads."""
        return "".join(f"{e.code}: {', '.join(e.names)}\n" for e in self.entries)

    def code_of(self, name: str) -> str | None:
        """The code a name (any case, accents, hyphenation) belongs to, or None."""
        key = _name_key(name)
        for entry in self.entries:
            if any(_name_key(n) == key for n in entry.names):
                return entry.code
        return None


@dataclass(frozen=True)
class Span:
    start: int                # character offsets in the original text
    end: int
    text: str                 # the original text of the span
    category: str             # one of CATEGORIES
    replacement: str          # "P03" for roster names, else "[PRÉNOM]", "[TÉLÉPHONE]", ...
    source: str               # "roster" | "pattern" | "phone" | "lexicon" | "ner" | "near" | "manual" | "quasi"
    proposal: str | None = None   # "near": the roster code a misspelt name is one edit away from


# --------------------------------------------------------------------------------------- data


def _data_lines(name: str) -> list[str]:
    text = resources.files("facilitator.core").joinpath("data", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@dataclass(frozen=True)
class _Lexicon:
    names: frozenset[str]            # folded first names
    ambiguous: frozenset[str]        # folded names that are also words: context needed
    allow: frozenset[str]            # folded single allow-listed words
    allow_re: re.Pattern[str]        # allow-listed words and phrases, on folded text
    common: frozenset[str]           # folded frequent words
    surnames: frozenset[str]         # folded frequent French surnames (lowercase "sophie martin")
    spellings: frozenset[str]        # the names as written, lowercase, accents kept ("hélène")


@cache
def _lexicon() -> _Lexicon:
    names = frozenset(fold(n) for n in _data_lines("first_names.txt"))
    ambiguous = frozenset(fold(n) for n in _data_lines("first_names_ambiguous.txt"))
    allow_entries = sorted({fold(a) for name in ("allow_list.txt", "reference_authors.txt", "brands.txt")
                            for a in _data_lines(name)}, key=len, reverse=True)
    allow_re = re.compile(r"(?<![\w@])(?:" + "|".join(re.escape(a) for a in allow_entries) + r")(?![\w])")
    common = frozenset(fold(w) for line in _data_lines("common_words.txt") for w in line.split())
    surnames = frozenset(fold(n) for line in _data_lines("surnames.txt") for n in line.split())
    spellings = frozenset(n.lower() for name in ("first_names.txt", "first_names_ambiguous.txt")
                          for n in _data_lines(name))
    return _Lexicon(names=names | ambiguous, ambiguous=ambiguous,
                    allow=frozenset(a for a in allow_entries if " " not in a), allow_re=allow_re,
                    common=common, surnames=surnames, spellings=spellings)


# Larger first-name lexicon: the name dictionary of Jörg Michael (about 45,000 first names with their
# frequency in 54 countries, GNU Free Documentation License) as shipped, unmodified, by the PyPI
# package gender-guesser. Its file is read in place (its code is never imported). Only names of
# frequency WORLD_MIN_FREQUENCY or more (on its 1-13 logarithmic scale) in at least one country are
# used, and only capitalised in the middle of a sentence, where the short lexicon does not decide.
WORLD_MIN_FREQUENCY = 3


@cache
def world_names() -> frozenset[str]:
    """Folded first names of the gender-guesser dictionary at or above the frequency threshold."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("gender_guesser")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()   # the package is a dependency; without it the short lexicon still applies
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "nam_dict.txt"
    try:
        raw = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return frozenset()
    lex = _lexicon()
    excluded = _french_words_named()
    found: set[str] = set()
    # Frequencies are one character per country, " " then 1-9 then A-D: in that order the largest
    # character of a line is its highest frequency, so comparing characters is enough.
    threshold = format(WORLD_MIN_FREQUENCY, "X")
    for line in raw.splitlines():
        if len(line) < 31 or line[0] in "#=" or max(line[30:86]) < threshold:
            continue
        name = line[3:29].strip()
        if not _WORLD_NAME_RE.fullmatch(name):
            continue
        key = fold(name)
        if len(key) >= 3 and key not in lex.common and key not in lex.allow and key not in excluded:
            found.add(key)
    return frozenset(found)


def warm_up() -> None:
    """Read the word lists and the larger dictionary now (call it from a worker): about a second once."""
    _lexicon()
    world_names()


@cache
def _large_places() -> frozenset[str]:
    return frozenset(fold(p) for p in _data_lines("large_places.txt"))


@cache
def _french_words_named() -> frozenset[str]:
    """French words that are also first names somewhere ("france", "ange"): never a misspelt roster name."""
    return frozenset(_data_lines("world_names_excluded.txt"))


_WORLD_NAME_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?")

# ----------------------------------------------------------------------------------- patterns

_H = r"[ \t\u00a0\u202f]"      # horizontal space: no span may cross a line break
_MONTHS = (r"janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|"
           r"d[ée]cembre|janv|f[ée]vr?|avr|juil|sept|oct|nov|d[ée]c")

_EMAIL_RE = re.compile(r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# An e-mail address read aloud (folded text): "julien point morel arobase example point org".
_SPELT_EMAIL_RE = re.compile(
    r"(?<![\w.])[a-z0-9][\w.\-]*(?: point [a-z0-9][\w\-]*)* arobas(?:e)? [a-z0-9][\w\-]*"
    r"(?:(?: point |\.)[a-z0-9][\w\-]*)+")
_URL_RE = re.compile(
    r"(?<![\w@.])(?:(?:https?://|www\.)[^\s<>\"«»]+"
    r"|(?:[a-z0-9-]+\.)+(?:com|org|net|fr|me|io|be|ch|de|uk|eu|info|app|co|ly|gl|gg|tv|xyz|club|gay|"
    r"site|online|link|lgbt)(?:/[^\s<>\"«»]*)?(?![\w@]))",
    re.IGNORECASE)
_HANDLE_RE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,29}[A-Za-z0-9_])?")
_IBAN_RE = re.compile(rf"\b[A-Z]{{2}}\d{{2}}(?:{_H}?[A-Z0-9]{{4}}){{2,7}}(?:{_H}?[A-Z0-9]{{1,3}})?\b",
                      re.IGNORECASE)
_NIR_SEP = rf"(?:{_H}|[.\-_/])?"
_NIR_RE = re.compile(
    rf"(?<![\d])[12]{_NIR_SEP}\d{{2}}{_NIR_SEP}(?:0[1-9]|1[0-2]|[2-9]\d){_NIR_SEP}(?:\d{{2}}|2[ABab])"
    rf"{_NIR_SEP}\d{{3}}{_NIR_SEP}\d{{3}}(?:{_NIR_SEP}\d{{2}})?(?![\d])")
_PHONE_FALLBACK_RE = re.compile(
    rf"(?<![\w+])(?:(?:\+|00){_H}?\d{{2,3}}{_H}?(?:\(0\){_H}?)?\d(?:[{_H[1:-1]}.\-]?\d{{2}}){{4}}"
    rf"|0[1-9](?:[{_H[1:-1]}.\-]?\d{{2}}){{4}})(?![\d])")
_PLATE_RE = re.compile(
    rf"(?<![\w-])(?:[A-HJ-NP-TV-Z]{{2}}[-{_H[1:-1]}]?\d{{3}}[-{_H[1:-1]}]?[A-HJ-NP-TV-Z]{{2}}"
    r"|[a-hj-np-tv-z]{2}-\d{3}-[a-hj-np-tv-z]{2}"
    r"|\d{1,4}[ -]?[A-Z]{2,3}[ -]?(?:0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-6])"       # old French: 1234 AB 75
    r"|[1-9]-[A-Za-z]{3}-\d{3}"                                                     # Belgian: 1-ABC-234
    r"|(?:AG|AI|AR|BE|BL|BS|FR|GE|GL|GR|JU|LU|NE|NW|OW|SG|SH|SO|SZ|TG|TI|UR|VD|VS|ZG|ZH)[ -]?\d{3,6}"  # Swiss
    r")(?![\w-])")
# Shapes too close to ordinary words to take without a cue ("plaque", "immat", a vehicle before).
_PLATE_CUED_RE = re.compile(
    r"(?<![\w-])(?:[a-hj-np-tv-z]{2} \d{3} [a-hj-np-tv-z]{2}|\d{1,4} [a-z]{2,3} (?:0[1-9]|[1-8]\d|9[0-5])"
    r"|[1-9] [a-z]{3} \d{3}|[a-z]{2} \d{3,6})(?![\w-])", re.IGNORECASE)
_PLATE_CUE_WORD_RE = re.compile(r"\b(?:plaques?|immat\w*|voiture|camion|camionnette|moto|scooter|bagnole|"
                                r"caisse|vehicule|clio|golf|twingo)\b")
_BIRTH_CUE_WORD_RE = re.compile(r"\b(?:nee?s?|naissance|naiss|ddn|anniv(?:ersaire)?|ne\(e\))\b")
_PLATE_CUE_RE = re.compile(r"\b(?:plaques?|immat\w*|voiture|camion|camionnette|moto|scooter|bagnole|"
                           r"caisse|vehicule|clio|golf|twingo)\b[^.!?\n]{0,25}$")
_DATE_RE = re.compile(
    rf"(?<![\w/.])(?:(?:1er|[0-3]?\d)(?:er)?{_H}+(?:{_MONTHS})\.?{_H}+(?P<y1>(?:19|20)\d{{2}})"
    rf"|[0-3]?\d[/.\-][01]?\d[/.\-](?P<y2>(?:19|20)?\d{{2}})"
    rf"|(?P<y3>(?:19|20)\d{{2}})-[01]\d-[0-3]\d)(?![\w/])",
    re.IGNORECASE)
# Numbers in words, on folded text: "quatre-vingt-dix-huit", "mille neuf cent".
_NUMBER_WORD = (r"(?:zero|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|"
                r"quatorze|quinze|seize|vingts?|trente|quarante|cinquante|soixante|cents?|mille|et)")
_NUMBER_RUN = rf"\b{_NUMBER_WORD}(?:[ \-]+{_NUMBER_WORD})*\b"
# A date with a day or year in words, or no year at all: only after a birth cue.
_CUED_DATE_RE = re.compile(
    rf"(?<![\w/])(?:premier|1er|[0-3]?\d|{_NUMBER_RUN}){_H}+(?:{_MONTHS})\b"
    rf"(?:{_H}+(?:(?:19|20)\d{{2}}|{_NUMBER_RUN}))?")
# A phone number spelt out: "zéro six trente-neuf quatre-vingt-dix-huit ...".
_SPELT_PHONE_RE = re.compile(rf"\bzero(?:[ ,\-]+{_NUMBER_WORD}\b)+")
_DIGIT_RUN_RE = re.compile(r"[+(]?\d[\d \t().\-/]*\d")
# "zéro six 39 98 21 43": the first two digits said, the rest in figures (folded text).
_HALF_SPELT_PHONE_RE = re.compile(r"\bzero (?:un|deux|trois|quatre|cinq|six|sept|huit|neuf)\b[ ,.\-]*\d{2}"
                                  r"(?:[ ,.\-]*\d{2}){3}(?!\d)")
# North American numbers without +1: "(438) 555-0199", "514-555-0142", "212.555.0177".
_NANP_RE = re.compile(r"(?<![\w+.\-])(?:\+?1[ .\-]?)?(?:\(\d{3}\)[ ]?|\d{3}[ .\-])\d{3}[ .\-]\d{4}(?![\w.\-])")
_BIRTH_CUE_RE = re.compile(r"\b(?:nee?s?|naissance|naiss|ddn|anniv(?:ersaire)?|ne\(e\))\b[^.!?\n]{0,30}$")
_STREET_TYPES = (r"rue|avenue|av|bd|boulevard|bld|blvd|impasse|imp|place|pl|allee|chemin|ch|quai|route|rte|"
                 r"cours|square|sq|passage|villa|cite|rond-point|faubourg|fbg|sentier|voie|parvis|"
                 r"esplanade|ruelle|hameau|lieu-dit|residence|promenade|chaussee")
# Applied to folded text.
_ADDRESS_RE = re.compile(
    rf"(?<![\w,.])(?<!\d[ .\-])\d{{1,4}}(?:{_H}?(?:bis|ter|quater|[abc]))?,?{_H}+(?:{_STREET_TYPES})\b\.?")
_BARE_STREET_RE = re.compile(r"\b(?:rue|avenue|boulevard|bd|impasse|allee|quai|chemin|chaussee|place|"
                             r"square|cours|passage|route)\b")
# After a street name: a house number (Belgian and Swiss order), then a postcode and a town.
_HOUSE_NUMBER_RE = re.compile(rf",?{_H}+\d{{1,4}}(?:{_H}?(?:bis|ter|[a-c]))?(?![\w])")
_POSTCODE_RE = re.compile(rf",?{_H}+\d{{4,5}}(?![\w])")
_TOWN_WORD_RE = re.compile(r"[^\W\d_][\w'’]*(?:-[\w'’]+)*")
_TOWN_LINKS = frozenset({"sur", "sous", "en", "le", "la", "les", "de", "du", "des", "lez", "aux",
                         "cedex", "d", "l"})
# A door code: "le code c'est 4589B", "digicode 12A47", "code porte B2219" (folded text).
_DOOR_CODE_RE = re.compile(
    r"\b(?:digicode|digi|interphone|code(?:\s+(?:de\s+(?:la\s+)?porte|porte|d'entree|de\s+l'immeuble|"
    r"immeuble|portail|du\s+portail|d'acces))?)\b(?:\s*(?:c'est|:|=|est|le|du\s+bas|en\s+bas))*\s*"
    r"(?P<code>(?<![\w])(?=(?:[a-z]*\d){3})[0-9a-z]{3,8}(?![\w]))")
# Handles without "@": Discord tags, word_word shapes, letters then digits; CamelCase only after a cue.
_DISCORD_RE = re.compile(r"(?<![\w@#])[A-Za-z0-9_.]{2,32}#\d{4}(?!\d)")
_UNDERSCORE_HANDLE_RE = re.compile(r"(?<![\w@.#])[A-Za-z0-9.]*[A-Za-z0-9]"
                                   r"(?:_+[A-Za-z0-9.]*[A-Za-z0-9])+(?![\w@])")
# "ptitloup.92": letters, a dot, and at least two digits somewhere (a domain is the URL pattern's).
_DOTTED_HANDLE_RE = re.compile(r"(?<![\w@.#/\-])[A-Za-z][A-Za-z_]{2,}\d*(?:\.[A-Za-z0-9_]+)+(?![\w@/\-])")
_DIGIT_HANDLE_RE = re.compile(r"(?<![\w@.#\-])[A-Za-z]{3,}\d{2,4}(?![\w@\-])")
_CAMEL_RE = re.compile(r"(?<![\w@#])[A-Z][a-z]+(?:[A-Z][a-z0-9]+)+\d*(?![\w@])")
_APP_CUE_RE = re.compile(
    r"\b(?:insta|instagram|snap|snapchat|tiktok|twitter|x|grindr|scruff|hornet|romeo|planetromeo|telegram|"
    r"discord|wickr|signal|whatsapp|facebook|fb|messenger|tinder|bumble|hinge|recon|onlyfans|twitch|"
    r"pseudo|pseudos|profil|compte|identifiant|id|appli|app|reseaux)\b")
# After an app cue and "c'est", ":" or "s'appelle", the next token is a handle whatever its shape.
_APP_TOKEN_RE = re.compile(
    r"(?:\b(?:c'est|s'appelle|s'appelait|s'affiche|via|est)|:|=)\s*(?P<h>(?<![\w@])[A-Za-z0-9_.]{3,30}(?![\w@]))")
_STREET_PARTICLES = frozenset({"de", "du", "des", "la", "le", "les", "d", "l", "saint", "st", "ste",
                               "sainte", "en", "aux", "au"})
_WORD_RE = re.compile(r"[^\W\d_]+")
_PROTECTED_RE = re.compile(r"\[[A-ZÉÈ_]+\]|(?<![\w-])[A-Z]\d{1,3}(?![\w-])")
_SAINT = frozenset({"saint", "sainte", "st", "ste"})
_DETERMINERS = frozenset({"le", "la", "l", "les", "un", "une", "du", "des", "au", "aux", "ce", "cet",
                          "cette", "ces", "mon", "ton", "son", "ma", "ta", "sa", "mes", "tes", "ses",
                          "notre", "votre", "leur", "nos", "vos", "leurs", "quel", "quelle", "tout",
                          "toute", "en", "plein", "pleine", "tres", "trop", "si", "plus", "moins"})
# Before a capitalised word, an article means a place or a thing: "au Berghain", "le Dépôt".
_ARTICLES = frozenset({"le", "la", "l", "les", "un", "une", "du", "des", "au", "aux", "ce", "cet",
                       "cette", "ces"})
# A word just before a name that says a person follows.
_CUES = frozenset({"avec", "chez", "salut", "coucou", "bonjour", "bonsoir", "merci", "appelle",
                   "appelait", "appeler", "appele", "appelee", "nomme", "nommee", "surnomme",
                   "surnommee", "prenom", "mec", "ex", "pote", "ami", "amie", "copain", "copine",
                   "mari", "compagnon", "compagne", "frere", "soeur", "sœur", "mere", "pere", "oncle",
                   "tante", "cousin", "cousine", "coloc", "colocataire", "amant", "voisin", "voisine",
                   "fils", "fille", "neveu", "niece", "collegue", "patron", "boss", "dealer",
                   "crush", "boyfriend", "bf", "keum", "poto", "reuf", "rebeu", "beau-frere",
                   "parrain", "filleul", "psy", "medecin", "infirmier", "infirmiere", "et"})
_TITLES = frozenset({"docteur", "dr", "doc", "monsieur", "m", "mr", "madame", "mme", "mlle",
                     "mademoiselle", "professeur", "pr", "maitre"})
_NAMING = frozenset({"appelle", "appelait", "appellait", "appele", "prenomme", "prenommee", "surnomme",
                     "surnommee", "nomme", "nommee"})

# Surname particles and a capitalised (possibly hyphenated) word, for "Mme Da Costa", "Van der Berghe".
_PARTICLE = (r"(?:[Dd][eu]|[Dd]es|[Dd][ao]s?|[Vv]an|[Vv]on|[Dd]er|[Dd]en|[Ll][ea]|[Ee]l|[Aa]l|[Bb]en|[Bb]in|"
             r"[Aa][iï]t|[Oo]uld|[Dd]i|[Dd]el|[Dd]ella|[Mm]ac|[Mm]c|[Tt]er)")
_CAP_WORD = (r"[A-ZÀ-ÖØ-Þ](?:['’][A-ZÀ-ÖØ-Þ])?[a-zà-öø-ÿ'’]+"          # "Durand", "N'Diaye", "O'Brien"
             r"(?:-[A-ZÀ-ÖØ-Þ](?:['’][A-ZÀ-ÖØ-Þ])?[a-zà-öø-ÿ'’]+)*")
_LOWER_SURNAME_RE = re.compile(r"(?:(?:de|du|des|da|das|do|dos|van|von|der|den|le|la|el|al|ben|bin|ait|ould|di|"
                               r"del|della) )*(?P<last>[a-zà-öø-ÿ]+(?:-[a-zà-öø-ÿ]+)?)(?![\w-])")
_INITIAL_RE = re.compile(r"[A-ZÀ-ÖØ-Þ]\.(?![\w.])")   # "Karim B." : the initial of a surname
_SURNAME_RUN_RE = re.compile(rf"(?:{_PARTICLE} )*{_CAP_WORD}(?: (?:{_PARTICLE} )+{_CAP_WORD})*(?![\w-])")
# Words that say a person's surname follows (folded): a title or a role ("le kiné Van Houtte").
_TITLE_OR_ROLE_RE = re.compile(
    r"(?<![\w])(?:docteur|dr|doc|monsieur|m|mr|madame|mme|mlle|mademoiselle|professeur|pr|maitre|me|"
    r"kine|kinesitherapeute|medecin|generaliste|dentiste|infirmier|infirmiere|avocat|avocate|patron|"
    r"patronne|chef|cheffe|pharmacien|pharmacienne|psychiatre|psychologue|addictologue|prof|"
    r"assistante sociale|assistant social|proprio|proprietaire|educateur|educatrice|famille|chez les|"
    r"interphone|au nom de|au nom d'|nom de famille)\.?,?[ ]+")
_TITLES_ONLY = frozenset({"docteur", "dr", "doc", "monsieur", "m", "mr", "madame", "mme", "mlle",
                          "mademoiselle", "professeur", "pr", "maitre", "me"})
# "Molly, la femme de mon frère": a capitalised word in apposition to a person noun (folded).
_APPOSITION_RE = re.compile(
    r"(?<![\w'])(?P<n>[a-z]+(?:-[a-z]+)?), (?:la|le|l'|un|une|mon|ma|son|sa|ton|ta|notre|leur|"
    r"votre) ?(?:[a-z]+ ){0,2}?(?:femme|copine|meuf|soeur|mere|mec|pote|ami|amie|copain|frere|cousin|"
    r"cousine|fille|fils|voisin|voisine|coloc|ex|collegue|belle-soeur|beau-frere|oncle|tante|neveu|"
    r"niece|type|gars|keum|mari|compagnon|compagne|pere|patron|dealer|plan|amant|crush)\b")
# A place named after "à", "vers", "près de"... (the words of a place: "Saint-Martin-des-Champs").
_PLACE_CUE_RE = re.compile(
    r"(?<![\w])(?:[àa]|vers|pr[èe]s de|pr[èe]s d'|habite|vit|village de|commune de|bled de|coin de)\s+"
    r"(?P<p>[A-ZÀ-ÖØ-Þ][\w'’]*(?:-[\w'’]+)*(?: (?:sur|sous|en|l[ae]s?) [A-ZÀ-ÖØ-Þ][\w'’]*(?:-[\w'’]+)*)?)")
# "le mec de la soirée, Zébulon, m'a filmé": a capitalised word between commas after a person noun.
_NOUN_APPOSITION_RE = re.compile(
    r"\b(?:mec|type|gars|keum|pote|ami|amie|copain|copine|ex|dealer|voisin|voisine|coloc|cousin|cousine|"
    r"frere|soeur|collegue|plan|amant|crush|fils|fille|neveu|niece|oncle|tante|mari|compagnon)\b"
    r"[^,.;:!?\n]{0,30}, (?P<n>[a-z]+(?:-[a-z]+)?)(?=,)")
# Venues and employers: quasi-identifiers the observer decides on; never masked as a first name.
_VENUE_RE = re.compile(
    r"(?<![\w])(?:[Pp]harmacie|[Bb]oulangerie|[Tt]abac|[Bb]ar|[Ss]auna|[Cc]lub|[Cc]af[ée]|[Rr]estaurant|"
    r"[Rr]esto|[Hh][ôo]tel|[Bb]o[îi]te|[Ll]ibrairie|[ÉéEe]picerie|[Gg]arage|[Ss]alon|[Bb]ackroom|"
    r"[Cc]in[ée]ma|[Gg]ym|[Ss]pa|[Hh]ammam|[Dd]iscoth[èe]que|[Ss]ex-shop|[Ss]exshop|[Cc]ercle|"
    r"[Mm][ée]tro|[Ss]tation|[Gg]are|[Aa]rr[êe]t|[Tt]ram|RER|[Hh][ôo]pital|[Cc]linique|[Rr][ée]sidence)"
    rf" (?:(?:[Ll]e|[Ll]a|[Ll]es|[Ll]'|[Dd]u|[Dd]es) ?)?{_CAP_WORD}(?: (?:(?:de|du|des|la|le|d'|l') ?)?{_CAP_WORD})*")
_EMPLOYER_RE = re.compile(
    rf"(?<![\w])(?:bosse|bossait|bosser|travaille|travaillait|travailler|taffe|taffait|job|stage|boulot|"
    rf"embauche|embauché|employé|salarié|intérim|interim)(?: (?:chez|pour|à|a|au|dans))+ (?:[Ll]a |[Ll]e |[Ll]')?"
    rf"(?P<e>{_CAP_WORD}(?: {_CAP_WORD})*)")
# A capitalised word after an article, not at the start of the line: "au Dépôt", "le Spot" (a venue).
_ARTICLE_VENUE_RE = re.compile(rf"(?<=[a-zà-ÿ] )(?:au|aux|le|la|les|du|l'|l’) ?(?P<v>{_CAP_WORD})")

_POSSESSIVES = frozenset({"mon", "ma", "ton", "ta", "son", "sa", "notre", "votre", "leur", "nos", "vos", "leurs"})
_PLACE_PREPOSITIONS = frozenset({"a", "au", "aux", "en", "de", "du", "des", "d", "dans", "vers", "sur", "pour",
                                 "par", "depuis", "jusqu", "pres", "entre"})
_AUXILIARIES = frozenset({"ai", "as", "a", "avons", "avez", "ont", "avait", "avais", "suis", "es", "est",
                          "sommes", "etes", "sont", "etait", "me", "te", "se", "m", "t", "l", "les", "j",
                          "on", "il", "elle", "ils", "nous", "vous", "je", "tu", "lui", "leur"})

_PRIORITY = {"pattern": 0, "phone": 0, "roster": 10, "near": 15, "lexicon": 20, "world": 25, "ner": 30}


def _replacement(category: str) -> str:
    return f"[{category}]"


class Pseudonymiser:
    """Finds identifying spans in a typed line and replaces them by codes and category tags."""

    def __init__(self, roster: Roster, ner: NerFn | None = None) -> None:
        self._roster = roster
        self._ner = ner
        self._lex = _lexicon()
        world_names()   # read once per process here, not at the first line typed
        self._roster_codes: dict[str, str] = {}
        self._roster_spelling: dict[str, str] = {}   # key -> the name as written, lowercase
        self._code_spellings: dict[str, str] = {}    # code -> every letter of its names, lowercase
        alternatives: list[str] = []
        for entry in roster.entries:
            for name in entry.names:
                folded = fold(name).strip()
                self._roster_codes[_name_key(name)] = entry.code
                self._roster_spelling[_name_key(name)] = re.sub(r"[\s\-]+", "", name.lower())
                self._code_spellings[entry.code] = self._code_spellings.get(entry.code, "") + name.lower()
                parts = [re.escape(p) for p in re.split(r"[\s\-]+", folded) if p]
                alternatives.append(r"[ \t\-]?".join(parts))
        alternatives.sort(key=len, reverse=True)
        # Deletion neighbourhood of each roster name of five letters or more, for near-matches.
        self._near: dict[str, tuple[str, str]] = {}
        self._near_cache: dict[str, str | None] = {}   # word -> code, words repeat in speech
        for entry in roster.entries:
            for name in entry.names:
                key = _name_key(name)
                if len(key) < 5 or not key.isalpha():
                    continue
                for variant in [key] + [key[:i] + key[i + 1:] for i in range(len(key))]:
                    self._near.setdefault(variant, (key, entry.code))
        self._roster_re = (re.compile(r"(?<![\w@])(?:" + "|".join(alternatives) + r")(?![\w@])")
                           if alternatives else None)

    @property
    def roster(self) -> Roster:
        return self._roster

    def set_ner(self, ner: NerFn | None) -> None:
        """Attach (or detach) the statistical model once a worker has loaded it."""
        self._ner = ner

    @property
    def has_ner(self) -> bool:
        return self._ner is not None

    # ------------------------------------------------------------------------------ detection

    def detect(self, text: str) -> list[Span]:
        """Every identifying span of `text`, non-overlapping, sorted by position."""
        return self.analyse(text)[0]

    def quasi_identifiers(self, text: str) -> list[Span]:
        """Venues, employers and places to check by eye: never masked without the observer."""
        return self.analyse(text)[1]

    def analyse(self, text: str) -> tuple[list[Span], list[Span]]:
        """The spans to replace, and the quasi-identifiers (venues, employers) left for the observer.

        A roster name misspelt by one letter is a `[PRÉNOM]` span whose `proposal` is the code.
        """
        if not text or not any(c.isalnum() for c in text):
            return [], []
        folded = fold(text)
        candidates: list[Span] = []
        candidates += self._patterns(text, folded)
        candidates += self._phones(text, folded)
        quasi = self._quasi(text, folded)
        quasi_ranges = _Ranges((q.start, q.end) for q in quasi)
        allowed = self._protected(text, folded)
        protected = _Ranges(allowed + quasi_ranges.items)
        words = [(m.start(), m.end()) for m in _WORD_RE.finditer(folded)]
        person = self._ner_person_ranges(text, folded, words)
        candidates += self._roster_names(text, folded)
        candidates += self._lexicon_names(text, folded, words, protected, person, quasi_ranges)
        candidates += self._ner_names(text, folded, words, protected, person)
        candidates += self._cued_names(text, folded, words, protected)
        candidates += self._titled_names(text, folded)
        candidates += self._apposition_names(text, folded, quasi_ranges)
        candidates += self._near_roster(text, folded, words, _Ranges(allowed))   # a venue never hides one
        candidates += self._world_names(text, folded, words, protected)
        spans = _resolve(candidates)
        spans = self._absorb_surnames(text, folded, spans, words, protected)
        quasi = _trim_quasi(text, quasi, spans)
        return spans, self._small_places(text, folded, spans, quasi)

    def _quasi(self, text: str, folded: str) -> list[Span]:
        found: list[tuple[int, int]] = []
        for m in _VENUE_RE.finditer(text):
            found.append((m.start(), m.end()))
        for m in _EMPLOYER_RE.finditer(text):
            found.append((m.start("e"), m.end("e")))
        for m in _ARTICLE_VENUE_RE.finditer(text):
            word = folded[m.start("v"):m.end("v")]
            if len(word) >= 3 and word not in self._lex.common and word not in self._lex.allow \
                    and word not in self._roster_codes and word not in _large_places() \
                    and not self._lex.allow_re.match(folded, m.start("v")):
                found.append((m.start("v"), m.end("v")))
        spans: list[Span] = []
        for start, end in sorted(found):
            if spans and start < spans[-1].end:
                continue
            spans.append(Span(start, end, text[start:end], "LIEU", "[LIEU]", "quasi"))
        return spans

    def _small_places(self, text: str, folded: str, spans: list[Span], quasi: list[Span]) -> list[Span]:
        """Add places that are not large cities ("à Saint-Martin-des-Champs") to the quasi-identifiers.

        They never protect a word from the name detectors: "j'ai dit à Karim" stays a name; a
        capitalised word after "à" that nothing masked is shown "à vérifier" instead.
        """
        taken = _Ranges([(s.start, s.end) for s in spans] + [(q.start, q.end) for q in quasi])
        large = _large_places()
        added: list[Span] = []
        for m in _PLACE_CUE_RE.finditer(text):
            start, end = m.start("p"), m.end("p")
            key = folded[start:end]
            if taken.overlaps(start, end) or key in large or key in self._lex.common or \
                    self._lex.allow_re.fullmatch(folded, start, end) or len(key) < 3:
                continue
            added.append(Span(start, end, text[start:end], "LIEU", "[LIEU]", "quasi"))
        return sorted(quasi + added, key=lambda q: q.start) if added else quasi

    def _titled_names(self, text: str, folded: str) -> list[Span]:
        """Surnames after a title or a role word, particles included: "Mme Da Costa", "le kiné Van Houtte"."""
        spans: list[Span] = []
        for m in _TITLE_OR_ROLE_RE.finditer(folded):
            run = _SURNAME_RUN_RE.match(text, m.end())
            if run is None:
                title = folded[m.start():m.end()].strip(" .,")
                low = _LOWER_SURNAME_RE.match(text, m.end()) if title in _TITLES_ONLY - {"doc", "pr"} else None
                if low is not None:
                    last = fold(low.group("last"))
                    if len(last) >= 3 and last not in self._lex.common and (
                            last in self._lex.surnames or last in self._lex.names or last in world_names()):
                        spans.append(_name_span(text, low.start(), low.end()))   # "mme da costa"
                continue
            title = folded[m.start():m.end()].strip(" .,")
            words = [fold(w) for w in re.split(r"[ -]", run.group()) if w]
            if title not in _TITLES_ONLY and (words[0] in self._lex.common or
                                              self._lex.allow_re.match(folded, run.start())):
                continue   # "chez les Grecs" is rare, "le médecin Doctolib" is a service
            if all(w in self._lex.common for w in words):
                continue
            spans.append(_name_span(text, run.start(), run.end()))
        return spans

    def _apposition_names(self, text: str, folded: str, quasi: _Ranges) -> list[Span]:
        """A capitalised word before ", la copine de...", even if it is also a drug or app word."""
        spans: list[Span] = []
        found = [m.span("n") for m in _APPOSITION_RE.finditer(folded)]
        found += [m.span("n") for m in _NOUN_APPOSITION_RE.finditer(folded)
                  if folded[m.start("n"):m.end("n")] not in self._lex.allow]
        for start, end in found:
            if _inside(start, end, quasi):
                continue   # "chez Garage Moreau, son ex...": the venue's name, shown to check
            if text[start].isupper() and not text[start:end].isupper() and \
                    folded[start:end] not in self._lex.common and \
                    _previous_word(folded, start) not in _PLACE_PREPOSITIONS:   # "à Tourcoing, son patron"
                spans.append(_name_span(text, start, end))
        return spans

    def _near_roster(self, text: str, folded: str, words: list[tuple[int, int]],
                     protected: _Ranges) -> list[Span]:
        """Words one letter away from a roster name of five letters or more ("Medhi" for Mehdi)."""
        if not self._near:
            return []
        lex = self._lex
        spans: list[Span] = []
        for start, end in words:
            if end - start < 4:
                continue
            word = folded[start:end]
            if word in self._roster_codes or word in lex.common or word in lex.allow or \
                    word in _french_words_named() or _inside(start, end, protected):
                continue
            if word in self._near_cache:
                code = self._near_cache[word]
            else:
                code = self._near_code(word)
                if len(self._near_cache) > 50_000:
                    self._near_cache.clear()
                self._near_cache[word] = code
            typed = text[start:end].lower()
            if code is not None and not typed.isascii() and any(
                    not c.isascii() and c not in self._code_spellings.get(code, "") for c in typed):
                code = None   # "mariée" is not a misspelt Marie: an accent the name does not have
            if code is not None:
                spans.append(Span(start, end, text[start:end], "PRÉNOM", _replacement("PRÉNOM"), "near",
                                  proposal=code))
        return spans

    def _world_names(self, text: str, folded: str, words: list[tuple[int, int]], protected: _Ranges) -> list[Span]:
        """Capitalised words found in the larger first-name dictionary, away from articles and places."""
        world = world_names()
        if not world or _shouting(text):
            return []
        lex = self._lex
        spans: list[Span] = []
        for start, end in words:
            if not text[start].isupper() or text[start:end].isupper():
                continue
            word = folded[start:end]
            if word not in world or word in lex.names or word in self._roster_codes or \
                    _inside(start, end, protected):
                continue
            before = _previous_word(folded, start)
            if before in _DETERMINERS or before in _PLACE_PREPOSITIONS or before in _SAINT or \
                    (end < len(text) and text[end] in "-'’"):
                continue   # "au Mans", "à Sion", "Saint-Lô", compounds: places and things
            spans.append(Span(start, end, text[start:end], "PRÉNOM", _replacement("PRÉNOM"), "world"))
        return spans

    def _near_code(self, word: str) -> str | None:
        candidates = {self._near.get(word)} | {self._near.get(word[:i] + word[i + 1:])
                                               for i in range(len(word))}
        for found in candidates:
            if found is None:
                continue
            name, code = found
            if _one_edit(word, name):
                return code
        return None

    def _patterns(self, text: str, folded: str) -> list[Span]:
        spans: list[Span] = []

        def add(start: int, end: int, category: str) -> None:
            while end > start and text[end - 1] in ".,;:!?)»\"'’":
                end -= 1
            if end > start:
                spans.append(Span(start, end, text[start:end], category, _replacement(category),
                                  "pattern"))

        # Each pattern costs a pass over the line; cheap tests skip the ones that cannot match.
        if "@" in text:
            for m in _EMAIL_RE.finditer(text):
                add(m.start(), m.end(), "EMAIL")
            for m in _HANDLE_RE.finditer(text):
                add(m.start(), m.end(), "PSEUDO")
        for m in _URL_RE.finditer(text):
            add(m.start(), m.end(), "URL")
        if "arobas" in folded:
            for m in _SPELT_EMAIL_RE.finditer(folded):
                add(m.start(), m.end(), "EMAIL")
        digits = _digit_count(text)
        if digits >= 6:
            for m in _IBAN_RE.finditer(text):
                if sum(c.isdigit() for c in m.group()) >= 10:
                    add(m.start(), m.end(), "IBAN")
            for m in _NIR_RE.finditer(text):
                add(m.start(), m.end(), "NIR")
        self._handles(text, folded, add)
        if digits:
            for m in _PLATE_RE.finditer(text):
                add(m.start(), m.end(), "PLAQUE")
            # Cued shapes are looked for only just after their cue, so a long line is read once.
            for window in _windows(_PLATE_CUE_WORD_RE, folded, 45):
                for m in _PLATE_CUED_RE.finditer(text, *window):
                    if _PLATE_CUE_RE.search(folded, max(0, m.start() - 40), m.start()):
                        add(m.start(), m.end(), "PLAQUE")
            if "code" in folded or "digi" in folded or "interphone" in folded:
                for m in _DOOR_CODE_RE.finditer(folded):
                    add(m.start("code"), m.end("code"), "ADRESSE")
        for m in _DATE_RE.finditer(text) if digits else ():
            year_text = m.group("y1") or m.group("y2") or m.group("y3")
            cue = _BIRTH_CUE_RE.search(folded, max(0, m.start() - 40), m.start()) is not None
            if not cue and (len(year_text) == 4 and int(year_text) < 2008):
                cue = True
            if cue:
                add(m.start(), m.end(), "DATE_NAISSANCE")
        for window in _windows(_BIRTH_CUE_WORD_RE, folded, 40):
            for m in _CUED_DATE_RE.finditer(folded, window[0], min(len(folded), window[1] + 80)):
                if m.start() <= window[1] and _BIRTH_CUE_RE.search(folded, max(0, m.start() - 40), m.start()):
                    add(m.start(), m.end(), "DATE_NAISSANCE")
        for m in _ADDRESS_RE.finditer(folded) if digits else ():
            end = self._street_name_end(text, folded, m.end())
            if end > m.end():
                add(m.start(), self._address_tail(text, folded, end, house_number=False), "ADRESSE")
        for m in _BARE_STREET_RE.finditer(folded):
            end = self._street_name_end(text, folded, m.end(), need_capital=True)
            if end > m.end():
                add(m.start(), self._address_tail(text, folded, end, house_number=True), "ADRESSE")
        return spans

    def _handles(self, text: str, folded: str, add: Callable[[int, int, str], None]) -> None:
        """Social handles written without "@": by shape anywhere, by any shape after an app cue."""
        shapes = [p for p, needed in ((_DISCORD_RE, "#"), (_UNDERSCORE_HANDLE_RE, "_"), (_DOTTED_HANDLE_RE, "."))
                  if needed in text]
        if _digit_count(text):
            shapes.append(_DIGIT_HANDLE_RE)
        for pattern in shapes:
            for m in pattern.finditer(text):
                token = m.group()
                if pattern is _DIGIT_HANDLE_RE and fold(token) in self._lex.allow:
                    continue
                if pattern is _DOTTED_HANDLE_RE and sum(map(str.isdigit, token)) < 2:
                    continue   # "ptitloup.92" yes, "etc.fin" no
                if pattern is _UNDERSCORE_HANDLE_RE and not any(map(str.isalpha, token)):
                    continue   # "1_88_11…" is a NIR
                add(m.start(), m.end(), "PSEUDO")
        cue = _APP_CUE_RE.search(folded)
        if cue is None:
            return
        for m in _CAMEL_RE.finditer(text):
            if not self._lex.allow_re.fullmatch(folded, m.start(), m.end()):
                add(m.start(), m.end(), "PSEUDO")
        for m in _APP_TOKEN_RE.finditer(folded, cue.end()):
            start, end = m.start("h"), m.end("h")
            token = folded[start:end]
            if token in self._lex.common or token in self._lex.allow or token in self._roster_codes:
                continue
            if not any(c.isdigit() or c == "_" for c in token) and not text[start:end].islower() \
                    and not _CAMEL_RE.fullmatch(text, start, end):
                continue   # "c'est Julien": a first name, found by the name detectors
            add(start, end, "PSEUDO")

    def _address_tail(self, text: str, folded: str, end: int, house_number: bool) -> int:
        """Extend an address over a house number after the street name, a postcode and a town."""
        if house_number:
            m = _HOUSE_NUMBER_RE.match(folded, end)
            if m:
                end = m.end()
        m = _POSTCODE_RE.match(folded, end)
        if m is None:
            return end
        position = m.end()
        town_end = position
        for _ in range(5):
            w = _TOWN_WORD_RE.match(text, position + 1) if text[position:position + 1] in (" ", "-") else None
            if w is None:
                break
            word = folded[w.start():w.end()]
            if text[w.start()].isupper():
                town_end = position = w.end()
            elif word in _TOWN_LINKS:
                position = w.end()
            else:
                break
        return town_end if town_end > m.end() else m.end()

    def _street_name_end(self, text: str, folded: str, pos: int, need_capital: bool = False) -> int:
        """End of the street name that starts after `pos` (up to five words), or `pos`."""
        end = pos
        taken = 0
        capital = False
        last_content = pos
        for m in _WORD_RE.finditer(folded, pos):
            gap = folded[end:m.start()]
            if gap.strip(" '-.\t") or "\n" in gap or len(gap) > 3:
                break
            if ". " in gap and len(_previous_word(folded, end)) > 3:
                break   # a full stop ends the street name ("rue des Lilas. Antoine..."), "St. " does not
            word = m.group()
            if word in _STREET_PARTICLES:
                end = m.end()
                taken += 1
            elif word in self._lex.common or word in self._lex.allow:
                break
            else:
                capital = capital or text[m.start()].isupper()
                end = m.end()
                last_content = end
                taken += 1
            if taken >= 6:
                break
        if need_capital and not capital:
            return pos
        return last_content

    def _phones(self, text: str, folded: str) -> list[Span]:
        spans = []
        if "zero" in folded:
            for m in _HALF_SPELT_PHONE_RE.finditer(folded):
                spans.append(Span(m.start(), m.end(), text[m.start():m.end()], "TÉLÉPHONE",
                                  _replacement("TÉLÉPHONE"), "phone"))
            for m in _SPELT_PHONE_RE.finditer(folded):
                end = m.end()
                while end > m.start() and not folded[end - 1].isalpha():
                    end -= 1
                if len(re.findall(_NUMBER_WORD, folded[m.start():end])) >= 6:
                    spans.append(Span(m.start(), end, text[m.start():end], "TÉLÉPHONE",
                                      _replacement("TÉLÉPHONE"), "phone"))
        if _digit_count(text) < 8:
            return spans
        found: dict[tuple[int, int], None] = {}
        for m in _PHONE_FALLBACK_RE.finditer(text):
            found[(m.start(), m.end())] = None
        for m in _NANP_RE.finditer(text):
            found[(m.start(), m.end())] = None
        # phonenumbers parses every candidate it sees; give it only the digit runs the patterns left,
        # so a long line costs time in proportion to its unusual numbers.
        known = _Ranges(found)
        for m in _DIGIT_RUN_RE.finditer(text):
            if known.contains(m.start(), m.end()) or sum(map(str.isdigit, m.group())) < 8:
                continue
            offset = max(0, m.start() - 1)
            for start, end in _phone_matches(text[offset:m.end() + 1]):
                found[(offset + start, offset + end)] = None
        for start, end in found:
            while start < end and not (text[start].isdigit() or text[start] in "+("):
                start += 1   # phonenumbers keeps an opening bracket: "(06 12 ..."
            if text[start] == "(" and ")" not in text[start:end]:
                start += 1
            while end > start and not text[end - 1].isdigit():
                end -= 1
            chunk = text[start:end]
            if sum(c.isdigit() for c in chunk) >= 8 and "\n" not in chunk:
                spans.append(Span(start, end, chunk, "TÉLÉPHONE", _replacement("TÉLÉPHONE"), "phone"))
        return spans

    def _protected(self, text: str, folded: str) -> list[tuple[int, int]]:
        ranges = [(m.start(), m.end()) for m in self._lex.allow_re.finditer(folded)]
        ranges += [(m.start(), m.end()) for m in _PROTECTED_RE.finditer(text)]
        return ranges

    def _roster_names(self, text: str, folded: str) -> list[Span]:
        if self._roster_re is None:
            return []
        spans = []
        for m in self._roster_re.finditer(folded):
            start, end = m.start(), m.end()
            original = text[start:end]
            key = _name_key(original)
            code = self._roster_codes.get(key)
            if code is None:
                continue
            if _accent_added(original, self._roster_spelling[key]):
                continue   # "marié" is not Marie: accents get dropped when typing a name, never added
            before = _previous_word(folded, start)
            if key in self._lex.ambiguous and original.islower() and (before in _DETERMINERS or (
                    before and before not in _CUES and not self._is_known_name(before)
                    and _previous_word(folded, folded.rfind(before, 0, start)) in _ARTICLES)):
                continue  # "un ange", "au max", "la tête claire": the word, not the participant
            c_start, c_end = _compound(folded, start, end)
            if (c_start, c_end) != (start, end) and folded[c_start:c_end] in self._lex.names:
                continue  # "Marie-Claire" is someone else than Claire
            if folded[max(0, start - 1):start] == "-" and _previous_word(folded, start) in _SAINT:
                continue  # "Saint-Antoine" is a place or a saint, not the participant
            spans.append(Span(start, end, original, "CODE", code, "roster"))
        return spans

    def _ner_person_ranges(self, text: str, folded: str, words: list[tuple[int, int]]) -> _Ranges:
        if self._ner is None or not self._model_could_help(text, folded, words):
            return _Ranges()
        return _Ranges((s, e) for s, e, label in self._ner(text) if label.upper() in ("PER", "PERSON"))

    def _model_could_help(self, text: str, folded: str, words: list[tuple[int, int]]) -> bool:
        """Whether a capitalised word is left that neither the roster nor the word lists decide.

        The model finds no names in lowercase and only capitalised words are taken from it, so
        most lines ("Antoine dit que...") skip the model call, which costs most of the time.
        """
        lex = self._lex
        world = world_names()
        for start, end in words:
            if not text[start].isupper():
                continue
            if start and (text[start - 1] == "[" or (text[start - 1] == "-" and text[start - 2:start - 1].isdigit())):
                continue   # a tag already written ("[PRÉNOM]") or a product ("3-MMC")
            word = folded[start:end]
            if word in lex.ambiguous:
                if word in lex.allow or _previous_word(folded, start) in _DETERMINERS:
                    continue   # "la Tina", "Ben, ...", "Noël": cues and appositions decide these
                return True
            if word in world and word not in lex.common:
                continue   # decided by the larger dictionary
            if word in lex.common or word in lex.allow or word in lex.names or \
                    word in self._roster_codes or len(word) < 2:
                continue
            return True
        return False

    def _lexicon_names(self, text: str, folded: str, words: list[tuple[int, int]],
                       protected: _Ranges, person: _Ranges,
                       quasi: _Ranges) -> list[Span]:
        lex = self._lex
        spans: list[Span] = []
        shouting = _shouting(text)
        # Only words that are names, or that start a hyphenated compound, can give a span: looking at
        # those alone keeps a long line fast.
        candidates = [i for i, (s, e) in enumerate(words)
                      if folded[s:e] in lex.names or (e < len(folded) and folded[e] == "-")]
        skip_to = 0
        for index in candidates:
            if index < skip_to:
                continue
            start, end = words[index]
            # Hyphenated compounds first: "jean-pierre", "marie-claire".
            stop = index
            while (stop + 1 < len(words) and words[stop + 1][0] == words[stop][1] + 1
                   and folded[words[stop][1]] == "-"):
                stop += 1
            if stop > index:
                compound_end = words[stop][1]
                compound = folded[start:compound_end]
                parts = [folded[s:e] for s, e in words[index:stop + 1]]
                if compound in lex.names or all(p in lex.names and p not in lex.ambiguous
                                                and p not in lex.allow for p in parts):
                    if not _inside(start, compound_end, protected) and \
                            _previous_word(folded, start) not in _SAINT:
                        spans.append(_name_span(text, start, compound_end))
                    skip_to = stop + 1
                    continue
            word = folded[start:end]
            if text[start:end].isupper() and end - start > 1 and not shouting:
                continue   # "IBAN", "RSA": an acronym is never a first name (roster names are matched apart)
            typed = text[start:end]
            if typed.islower() and not typed.isascii() and typed not in lex.spellings:
                continue   # "marié" is not Marie (a lowercase word with an accent the name lists lack)
            if word in lex.names and not _inside(start, end, protected) and self._is_name(
                    text, folded, start, end, word, person):
                spans.append(_name_span(text, start, end))
            elif word in lex.names and word in lex.ambiguous and _inside(start, end, protected) \
                    and not _inside(start, end, quasi) \
                    and self._is_name(text, folded, start, end, word, person):
                spans.append(_name_span(text, start, end))   # "Tina, la copine de mon frère"
        return spans

    def _is_name(self, text: str, folded: str, start: int, end: int, word: str,
                 person: _Ranges) -> bool:
        """Whether the lexicon word at start:end is used as a first name here."""
        lex = self._lex
        before = _previous_word(folded, start)
        if before in _SAINT and folded[max(0, start - 1)] in "- ":
            return False   # Saint-Valentin, rue Saint-Pierre
        if word not in lex.ambiguous:
            return word not in lex.allow
        if before in _DETERMINERS:
            return False
        original = text[start:end]
        cue = before in _CUES and (before != "et" or self._is_known_name(
            _previous_word(folded, folded.rfind("et", 0, start))))
        model_says = _overlaps(start, end, person)
        if cue or model_says:
            return True
        if word in lex.allow:
            return False   # "tina", "crystal", "noël", "ben": only with a cue or the model
        # Capitalised without an article: "Pierre m'a appelé", "chez Rose".
        return original[:1].isupper() and not (original.isupper() and len(original) > 1)

    def _ner_names(self, text: str, folded: str, words: list[tuple[int, int]],
                   protected: _Ranges, person: _Ranges) -> list[Span]:
        """Capitalised, non-common words inside the model's person entities."""
        if not person:
            return []
        lex = self._lex
        spans: list[Span] = []
        shouting = _shouting(text)   # "IBAN", "RSA": acronyms are never names, unless the line is in capitals
        word_starts = [w for w, _e in words]
        for p_start, p_end in person:
            run: list[tuple[int, int]] = []
            for w_start, w_end in words[bisect_left(word_starts, p_start):bisect_left(word_starts, p_end)]:
                if w_end > p_end:
                    continue
                word = folded[w_start:w_end]
                original = text[w_start:w_end]
                keep = (original[:1].isupper() and len(word) > 1 and word not in lex.common
                        and (not original.isupper() or shouting)
                        and word not in lex.allow and not _inside(w_start, w_end, protected)
                        and _previous_word(folded, w_start) not in _ARTICLES)
                if keep:
                    if run and text[run[-1][1]:w_start] in (" ", "-"):
                        run[-1] = (run[-1][0], w_end)
                    else:
                        run.append((w_start, w_end))
            for s, e in run:
                spans.append(Span(s, e, text[s:e], "PRÉNOM", _replacement("PRÉNOM"), "ner"))
        return spans

    def _cued_names(self, text: str, folded: str, words: list[tuple[int, int]],
                    protected: _Ranges) -> list[Span]:
        """Words a strong cue announces as a name, known or not: "il s'appelle X", "docteur X"."""
        lex = self._lex
        shouting = _shouting(text)
        spans: list[Span] = []
        announcing = _NAMING | _TITLES | _CUES
        for i in [k + 1 for k in range(len(words) - 1) if folded[words[k][0]:words[k][1]] in announcing]:
            n_start, n_end = words[i]
            word = folded[n_start:n_end]
            p_start, p_end = words[i - 1]
            before = folded[p_start:p_end]
            gap = text[p_end:n_start]
            if len(gap) > 2 or gap.strip(". ") or word in lex.common or len(word) < 2:
                continue
            two_before = folded[words[i - 2][0]:words[i - 2][1]] if i >= 2 else ""
            named = before in _NAMING and (i < 2 or two_before in ("s", "m")
                                           or before.startswith(("prenom", "surnom", "nomm"))
                                           or (before.startswith("appele") and two_before not in _AUXILIARIES))
            if text[n_start:n_end].isupper() and n_end - n_start > 1 and not shouting:
                continue   # an acronym: "j'ai appelé AIDES"
            if named:
                spans.append(_name_span(text, n_start, n_end))   # "il s'appelait Roméo": the cue wins
                continue
            if (word in lex.allow and word not in lex.ambiguous) or _inside(n_start, n_end, protected):
                continue
            lowercase = original_lower = text[n_start:n_end].islower()
            if lowercase and before in _CUES and two_before in _POSSESSIVES and len(word) >= 3 and \
                    word in world_names():
                spans.append(_name_span(text, n_start, n_end))   # "mon pote kwabena"
                continue
            if original_lower and before in _TITLES and len(word) >= 3 and before not in ("doc", "pr") and (
                    word in lex.surnames or word in lex.names or word in world_names()):
                spans.append(_name_span(text, n_start, n_end))   # "mme lefebvre"
                continue
            titled = before in _TITLES and text[n_start].isupper()
            # "chez Zébulon", "mon mec Ignatius": a capitalised unknown word after a person cue.
            original = text[n_start:n_end]
            # "Nono et Titou": "et" counts as a cue after a first name or a roster name.
            after_name = before != "et" or self._is_known_name(_previous_word(folded, p_start))
            cued = (before in _CUES and after_name and original[:1].isupper()
                    and not original.isupper() and word not in lex.ambiguous
                    and (n_end == len(text) or text[n_end] not in "-'’"))
            if titled or cued:
                spans.append(_name_span(text, n_start, n_end))
        return spans

    def _is_known_name(self, folded_word: str) -> bool:
        return folded_word in self._lex.names or folded_word in self._roster_codes

    def _absorb_surnames(self, text: str, folded: str, spans: list[Span],
                         words: list[tuple[int, int]], protected: _Ranges) -> list[Span]:
        """Extend a person span over the surname after it: "Grégoire Lambert", "Karima Ben Salah".

        A lowercase surname is taken only after a lowercase first name and from the list of frequent
        surnames ("sophie martin"), since any word may follow a first name.
        """
        if not spans:
            return spans
        result: list[Span] = []
        covered_to = -1
        for index, span in enumerate(spans):
            if span.start < covered_to:
                if span.end <= covered_to and span.category == "PRÉNOM":
                    continue   # a surname part the previous span now covers
                result.pop()   # something else inside the guessed surname: keep both as found
                result.append(spans[index - 1])
            if span.category in ("CODE", "PRÉNOM") and span.end + 1 < len(text) and text[span.end] == " ":
                end = self._surname_end(text, folded, span, protected)
                if end > span.end:
                    covered_to = end
                    span = Span(span.start, end, text[span.start:end], span.category, span.replacement,
                                span.source, span.proposal)
            result.append(span)
        return result

    def _surname_end(self, text: str, folded: str, span: Span, protected: _Ranges) -> int:
        lex = self._lex
        start = span.end + 1
        run = _SURNAME_RUN_RE.match(text, start)
        if run is not None:
            parts = [fold(w) for w in re.split(r"[ \-]", run.group()) if w]
            last = parts[-1]
            particles = len(parts) > 1 and re.match(_PARTICLE + " ", run.group()) is not None
            if (particles or (last not in lex.names and len(last) > 1)) and \
                    not any((p in lex.common or p in lex.allow) and not re.fullmatch(_PARTICLE, p, re.IGNORECASE)
                            for p in parts) and not _inside(start, run.end(), protected) \
                    and (run.end() == len(text) or not text[run.end()].isalnum()):
                return run.end()
        initial = _INITIAL_RE.match(text, start)
        if initial is not None and span.category in ("CODE", "PRÉNOM"):
            end = initial.end()
            follows = text[end:end + 2]
            # "Karim B. m'a dit": the dot goes with the initial; "j'ai vu Karim B." ends a sentence: it stays
            return end if len(follows) == 2 and follows[0] == " " and follows[1].islower() else end - 1
        if span.text.islower():
            m = _WORD_RE.match(folded, start)
            if m and text[start:m.end()].islower() and folded[start:m.end()] in lex.surnames and \
                    (m.end() == len(text) or not text[m.end()].isalnum()):
                return m.end()
        return span.end

    # ------------------------------------------------------------------------------ writing

    def apply(self, text: str, spans: Sequence[Span]) -> str:
        """`text` with the given spans replaced; raises ValueError if a span no longer matches."""
        ordered = sorted(spans, key=lambda s: (s.start, -s.end))
        parts: list[str] = []
        position = 0
        for span in ordered:
            if not (0 <= span.start < span.end <= len(text)):
                raise ValueError(f"span {span.start}:{span.end} is outside the text")
            if text[span.start:span.end] != span.text:
                raise ValueError(f"span {span.start}:{span.end} does not match the text")
            if span.start < position:
                continue   # overlaps a span already replaced
            parts.append(unelide(text[position:span.start]))
            parts.append(span.replacement)
            position = span.end
        parts.append(text[position:])
        return "".join(parts)

    def pseudonymise(self, text: str) -> str:
        """`text` with every automatically detected identifier replaced."""
        return self.apply(text, self.detect(text))

    @staticmethod
    def manual_span(text: str, start: int, end: int) -> Span:
        """A span the user marked by hand; it becomes `[MASQUÉ]`."""
        if not (0 <= start < end <= len(text)):
            raise ValueError(f"span {start}:{end} is outside the text")
        return Span(start, end, text[start:end], "MANUEL", MANUAL_REPLACEMENT, "manual")


# ------------------------------------------------------------------------------------ helpers


_ELISION_RE = re.compile(r"(?<![\w])([dDlLjJ]|[qQ][uU])(['’])\Z")


def unelide(before: str) -> str:
    """Undo an elision before a code or tag, so the text reads as French: d'P03 -> de P03, l'P04 -> P04."""
    m = _ELISION_RE.search(before)
    if m is None:
        return before
    letter = m.group(1)
    head = before[:m.start()]
    if letter in "lL":
        return head
    if letter in "jJ":
        return before
    upper = letter.isupper() and (len(letter) == 1 or letter[1].isupper())
    word = {"d": "de ", "q": "que "}[letter[0].lower()]
    return head + (word.upper() if upper else word)


def _accent_added(typed: str, name: str) -> bool:
    """Whether `typed` carries an accented letter where the roster spelling `name` has a plain one."""
    typed = re.sub(r"[\s\-]+", "", typed.lower())
    if typed.isascii() or len(typed) != len(name):
        return False
    return any(t != n and not t.isascii() and n.isascii() for t, n in zip(typed, name, strict=True))


def _one_edit(word: str, name: str) -> bool:
    """Whether `word` is one substitution, insertion, deletion or swap of neighbours away from `name`."""
    if word == name or abs(len(word) - len(name)) > 1:
        return False
    if len(word) == len(name):
        diff = [i for i in range(len(word)) if word[i] != name[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and word[diff[0]] == name[diff[1]] and word[diff[1]] == name[diff[0]])
    short, long_ = (word, name) if len(word) < len(name) else (name, word)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1:]


@lru_cache(maxsize=8)
def _digit_count(text: str) -> int:
    """How many digits `text` holds (asked by several detectors for the same line)."""
    return sum(map(str.isdigit, text))


@lru_cache(maxsize=8)
def _shouting(text: str) -> bool:
    """Whether the line is typed in capitals (then capitals say nothing about acronyms)."""
    letters = sum(map(str.isalpha, text))
    return letters > 0 and sum(map(str.isupper, text)) > 0.7 * letters


def _name_span(text: str, start: int, end: int) -> Span:
    return Span(start, end, text[start:end], "PRÉNOM", _replacement("PRÉNOM"), "lexicon")


def _previous_word(folded: str, start: int) -> str:
    """The word just before `start` on the same line ("" at the start of a line)."""
    i = start - 1
    while i >= 0 and folded[i] in " '\t-":
        i -= 1
    j = i
    while j >= 0 and (folded[j].isalpha()):
        j -= 1
    return folded[j + 1:i + 1]


def _compound(folded: str, start: int, end: int) -> tuple[int, int]:
    """The hyphenated compound around start:end ("marie-claire" around "claire")."""
    while start >= 2 and folded[start - 1] == "-" and folded[start - 2].isalpha():
        start -= 2
        while start > 0 and folded[start - 1].isalpha():
            start -= 1
    while end + 1 < len(folded) and folded[end] == "-" and folded[end + 1].isalpha():
        end += 2
        while end < len(folded) and folded[end].isalpha():
            end += 1
    return start, end


class _Ranges:
    """Character ranges answering "is this inside one?" and "does this overlap one?" in log time.

    Lists of ranges scanned for every word made the pseudonymiser quadratic in the line length.
    """

    def __init__(self, ranges: Iterable[tuple[int, int]] = ()) -> None:
        self.items = sorted(ranges)
        self._starts = [s for s, _e in self.items]
        self._max_end: list[int] = []
        best = -1
        for _s, e in self.items:
            best = max(best, e)
            self._max_end.append(best)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def contains(self, start: int, end: int) -> bool:
        i = bisect_right(self._starts, start)
        return i > 0 and self._max_end[i - 1] >= end

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self._starts, end)
        return i > 0 and self._max_end[i - 1] > start


def _windows(cue: re.Pattern[str], folded: str, width: int) -> list[tuple[int, int]]:
    """Merged (start, end) stretches of `width` characters after each match of `cue`."""
    out: list[tuple[int, int]] = []
    for m in cue.finditer(folded):
        start, end = m.end(), min(len(folded), m.end() + width)
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _trim_quasi(text: str, quasi: list[Span], spans: list[Span]) -> list[Span]:
    """Venues cut before the first masked span inside them ("sauna Hélios Théophyle" -> "sauna Hélios")."""
    starts = [s.start for s in spans]
    out: list[Span] = []
    for q in quasi:
        i = bisect_left(starts, q.start)
        if i > 0 and spans[i - 1].end > q.start:
            continue   # a masked span covers its beginning
        end = min(q.end, spans[i].start) if i < len(spans) else q.end
        while end > q.start and not text[end - 1].isalnum():
            end -= 1
        if end - q.start >= 3:
            out.append(q if end == q.end else Span(q.start, end, text[q.start:end], q.category,
                                                   q.replacement, q.source))
    return out


def _inside(start: int, end: int, ranges: _Ranges) -> bool:
    return ranges.contains(start, end)


def _overlaps(start: int, end: int, ranges: _Ranges) -> bool:
    return ranges.overlaps(start, end)


def _resolve(candidates: list[Span]) -> list[Span]:
    """Keep the strongest spans (patterns, then roster, lexicon, model; longer first) without overlaps."""
    if not candidates:
        return []
    taken = bytearray(max(s.end for s in candidates))   # 1 where a chosen span already is
    chosen: list[Span] = []
    for span in sorted(candidates, key=lambda s: (_PRIORITY.get(s.source, 50), -(s.end - s.start),
                                                    s.start)):
        if "\n" in span.text or 1 in taken[span.start:span.end]:
            continue
        taken[span.start:span.end] = b"\x01" * (span.end - span.start)
        chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


@cache
def _phone_module():  # noqa: ANN202 - the phonenumbers module, imported on first use
    import phonenumbers

    return phonenumbers


def _phone_matches(text: str) -> list[tuple[int, int]]:
    phonenumbers = _phone_module()
    matcher = phonenumbers.PhoneNumberMatcher(text, "FR", leniency=phonenumbers.Leniency.POSSIBLE)
    return [(m.start, m.end) for m in matcher]
