"""Pseudonymisation of typed notes: roster names become codes, other identifiers become tags.

The result is *pseudonymised* (GDPR Art. 4(5)), never anonymous: the roster links codes to names.
Detectors, strongest first: structured patterns (e-mail, URL, IBAN, social security number, phone,
licence plate, date of birth, street address, social handle), the group's roster, a first-name
lexicon with context rules for names that are also words ("rose", "tina"), titles ("docteur X"),
and an optional statistical model (`NerFn`, loaded by `facilitator.core.ner`). A human check
before saving stays necessary: `detect` proposes spans, `apply` writes the reviewed ones.

Policy choices (documented here because reviewers ask):
- Places (cities, countries, clubs, saunas) stay: they are context ("un circuit à Berlin"), the
  model's LOC spans are noisy in spoken French, and a city alone does not single out one man in a
  group; street addresses, which do, are masked by the ADRESSE pattern.
- A full date is a DATE_NAISSANCE when a birth cue precedes it ("né le", "naissance", "DDN",
  "anniversaire") or when its year is before 2008 (a full date that old in a participant's words is
  most likely a birth date); appointment dates ("le 12/04") stay.
- Roster names win over the allow-list (a participant called Max is P07 even in "au max" unless
  an article stands just before a lowercase word that is also a common word: "un ange", "au max").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from facilitator.errors import UsageError
from facilitator.i18n import t

NerFn = Callable[[str], list[tuple[int, int, str]]]

CATEGORIES = ("CODE", "PRÉNOM", "TÉLÉPHONE", "EMAIL", "URL", "PSEUDO", "ADRESSE", "DATE_NAISSANCE",
              "NIR", "IBAN", "PLAQUE", "MANUEL")
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
    out = []
    for char in text:
        if char in "’‘ʼ`´":
            out.append("'")
            continue
        if char in "\u00a0\u202f\u2009":
            out.append(" ")
            continue
        low = char.lower()
        if len(low) != 1:   # "İ" lowers to two characters: keep its base letter
            low = unicodedata.normalize("NFD", char)[0].lower()[0]
        out.append(unicodedata.normalize("NFD", low)[0])
    return "".join(out)


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
    source: str               # "roster" | "pattern" | "phone" | "lexicon" | "ner" | "manual"


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


@cache
def _lexicon() -> _Lexicon:
    names = frozenset(fold(n) for n in _data_lines("first_names.txt"))
    ambiguous = frozenset(fold(n) for n in _data_lines("first_names_ambiguous.txt"))
    allow_entries = sorted({fold(a) for a in _data_lines("allow_list.txt")}, key=len, reverse=True)
    allow_re = re.compile(r"(?<![\w@])(?:" + "|".join(re.escape(a) for a in allow_entries) + r")(?![\w])")
    common = frozenset(fold(w) for line in _data_lines("common_words.txt") for w in line.split())
    return _Lexicon(names=names | ambiguous, ambiguous=ambiguous,
                    allow=frozenset(a for a in allow_entries if " " not in a), allow_re=allow_re,
                    common=common)


# ----------------------------------------------------------------------------------- patterns

_H = r"[ \t\u00a0\u202f]"      # horizontal space: no span may cross a line break
_MONTHS = (r"janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|"
           r"d[ée]cembre|janv|f[ée]vr?|avr|juil|sept|oct|nov|d[ée]c")

_EMAIL_RE = re.compile(r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_URL_RE = re.compile(
    r"(?<![\w@.])(?:(?:https?://|www\.)[^\s<>\"«»]+"
    r"|(?:[a-z0-9-]+\.)+(?:com|org|net|fr|me|io|be|ch|de|uk|eu|info|app|co|ly|gl|gg|tv|xyz|club|gay|"
    r"site|online|link|lgbt)(?:/[^\s<>\"«»]*)?(?![\w@]))",
    re.IGNORECASE)
_HANDLE_RE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,29}[A-Za-z0-9_])?")
_IBAN_RE = re.compile(rf"\b[A-Z]{{2}}\d{{2}}(?:{_H}?[A-Z0-9]{{4}}){{2,7}}(?:{_H}?[A-Z0-9]{{1,3}})?\b",
                      re.IGNORECASE)
_NIR_RE = re.compile(
    rf"(?<![\d])[12]{_H}?\d{{2}}{_H}?(?:0[1-9]|1[0-2]|[2-9]\d){_H}?(?:\d{{2}}|2[ABab]){_H}?\d{{3}}"
    rf"{_H}?\d{{3}}(?:{_H}?\d{{2}})?(?![\d])")
_PHONE_FALLBACK_RE = re.compile(
    rf"(?<![\w+])(?:(?:\+|00){_H}?\d{{2,3}}{_H}?(?:\(0\){_H}?)?\d(?:[{_H[1:-1]}.\-]?\d{{2}}){{4}}"
    rf"|0[1-9](?:[{_H[1:-1]}.\-]?\d{{2}}){{4}})(?![\d])")
_PLATE_RE = re.compile(
    rf"(?<![\w-])(?:[A-HJ-NP-TV-Z]{{2}}[-{_H[1:-1]}]?\d{{3}}[-{_H[1:-1]}]?[A-HJ-NP-TV-Z]{{2}}"
    r"|[a-hj-np-tv-z]{2}-\d{3}-[a-hj-np-tv-z]{2})(?![\w-])")
_DATE_RE = re.compile(
    rf"(?<![\w/.])(?:(?:1er|[0-3]?\d)(?:er)?{_H}+(?:{_MONTHS})\.?{_H}+(?P<y1>(?:19|20)\d{{2}})"
    rf"|[0-3]?\d[/.\-][01]?\d[/.\-](?P<y2>(?:19|20)?\d{{2}}))(?![\w/])",
    re.IGNORECASE)
_BIRTH_CUE_RE = re.compile(r"\b(?:nee?s?|naissance|naiss|ddn|anniv(?:ersaire)?|ne\(e\))\b[^.!?\n]{0,30}$")
_STREET_TYPES = (r"rue|avenue|av|bd|boulevard|bld|blvd|impasse|imp|place|pl|allee|chemin|ch|quai|route|rte|"
                 r"cours|square|sq|passage|villa|cite|rond-point|faubourg|fbg|sentier|voie|parvis|"
                 r"esplanade|ruelle|hameau|lieu-dit|residence|promenade|chaussee")
# Applied to folded text.
_ADDRESS_RE = re.compile(
    rf"(?<![\w,.])\d{{1,4}}(?:{_H}?(?:bis|ter|quater|[abc]))?,?{_H}+(?:{_STREET_TYPES})\b\.?")
_BARE_STREET_RE = re.compile(r"\b(?:rue|avenue|boulevard|bd|impasse|allee|quai|chemin)\b")
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

_PRIORITY = {"pattern": 0, "phone": 0, "roster": 10, "lexicon": 20, "ner": 30}


def _replacement(category: str) -> str:
    return f"[{category}]"


class Pseudonymiser:
    """Finds identifying spans in a typed line and replaces them by codes and category tags."""

    def __init__(self, roster: Roster, ner: NerFn | None = None) -> None:
        self._roster = roster
        self._ner = ner
        self._lex = _lexicon()
        self._roster_codes: dict[str, str] = {}
        alternatives: list[str] = []
        for entry in roster.entries:
            for name in entry.names:
                folded = fold(name).strip()
                self._roster_codes[_name_key(name)] = entry.code
                parts = [re.escape(p) for p in re.split(r"[\s\-]+", folded) if p]
                alternatives.append(r"[ \t\-]?".join(parts))
        alternatives.sort(key=len, reverse=True)
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
        if not text or not any(c.isalnum() for c in text):
            return []
        folded = fold(text)
        candidates: list[Span] = []
        candidates += self._patterns(text, folded)
        candidates += self._phones(text)
        protected = self._protected(text, folded)
        words = [(m.start(), m.end()) for m in _WORD_RE.finditer(folded)]
        person = self._ner_person_ranges(text, folded, words)
        candidates += self._roster_names(text, folded)
        candidates += self._lexicon_names(text, folded, words, protected, person)
        candidates += self._ner_names(text, folded, words, protected, person)
        candidates += self._cued_names(text, folded, words, protected)
        spans = _resolve(candidates)
        return self._absorb_surnames(text, folded, spans, words, protected)

    def _patterns(self, text: str, folded: str) -> list[Span]:
        spans: list[Span] = []

        def add(start: int, end: int, category: str) -> None:
            while end > start and text[end - 1] in ".,;:!?)»\"'’":
                end -= 1
            if end > start:
                spans.append(Span(start, end, text[start:end], category, _replacement(category),
                                  "pattern"))

        for m in _EMAIL_RE.finditer(text):
            add(m.start(), m.end(), "EMAIL")
        for m in _URL_RE.finditer(text):
            add(m.start(), m.end(), "URL")
        for m in _HANDLE_RE.finditer(text):
            add(m.start(), m.end(), "PSEUDO")
        if sum(c.isdigit() for c in text) >= 6:
            for m in _IBAN_RE.finditer(text):
                if sum(c.isdigit() for c in m.group()) >= 10:
                    add(m.start(), m.end(), "IBAN")
            for m in _NIR_RE.finditer(text):
                add(m.start(), m.end(), "NIR")
        for m in _PLATE_RE.finditer(text):
            add(m.start(), m.end(), "PLAQUE")
        for m in _DATE_RE.finditer(text):
            year_text = m.group("y1") or m.group("y2")
            cue = _BIRTH_CUE_RE.search(folded, max(0, m.start() - 40), m.start()) is not None
            if not cue and (len(year_text) == 4 and int(year_text) < 2008):
                cue = True
            if cue:
                add(m.start(), m.end(), "DATE_NAISSANCE")
        for m in _ADDRESS_RE.finditer(folded):
            end = self._street_name_end(text, folded, m.end())
            if end > m.end():
                add(m.start(), end, "ADRESSE")
        for m in _BARE_STREET_RE.finditer(folded):
            end = self._street_name_end(text, folded, m.end(), need_capital=True)
            if end > m.end():
                add(m.start(), end, "ADRESSE")
        return spans

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

    def _phones(self, text: str) -> list[Span]:
        if sum(c.isdigit() for c in text) < 8:
            return []
        found: dict[tuple[int, int], None] = {}
        for start, end in _phone_matches(text):
            found[(start, end)] = None
        for m in _PHONE_FALLBACK_RE.finditer(text):
            found[(m.start(), m.end())] = None
        spans = []
        for start, end in found:
            while start < end and not (text[start].isdigit() or text[start] == "+"):
                start += 1   # phonenumbers keeps an opening bracket: "(06 12 ..."
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
            if key in self._lex.ambiguous and original.islower() and \
                    _previous_word(folded, start) in _DETERMINERS:
                continue  # "un ange", "au max": the word, not the participant
            c_start, c_end = _compound(folded, start, end)
            if (c_start, c_end) != (start, end) and folded[c_start:c_end] in self._lex.names:
                continue  # "Marie-Claire" is someone else than Claire
            spans.append(Span(start, end, original, "CODE", code, "roster"))
        return spans

    def _ner_person_ranges(self, text: str, folded: str,
                           words: list[tuple[int, int]]) -> list[tuple[int, int]]:
        if self._ner is None or not self._model_could_help(text, folded, words):
            return []
        return [(s, e) for s, e, label in self._ner(text) if label.upper() in ("PER", "PERSON")]

    def _model_could_help(self, text: str, folded: str, words: list[tuple[int, int]]) -> bool:
        """Whether a capitalised word is left that neither the roster nor the word lists decide.

        The model finds no names in lowercase and only capitalised words are taken from it, so
        most lines ("Antoine dit que...") skip the model call, which costs most of the time.
        """
        lex = self._lex
        for start, end in words:
            if not text[start].isupper():
                continue
            word = folded[start:end]
            if word in lex.ambiguous:
                return True
            if word in lex.common or word in lex.allow or word in lex.names or \
                    word in self._roster_codes or len(word) < 2:
                continue
            return True
        return False

    def _lexicon_names(self, text: str, folded: str, words: list[tuple[int, int]],
                       protected: list[tuple[int, int]], person: list[tuple[int, int]]) -> list[Span]:
        lex = self._lex
        spans: list[Span] = []
        index = 0
        while index < len(words):
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
                    index = stop + 1
                    continue
            word = folded[start:end]
            if word in lex.names and not _inside(start, end, protected) and self._is_name(
                    text, folded, start, end, word, person):
                spans.append(_name_span(text, start, end))
            elif word in lex.names and word in lex.ambiguous and _inside(start, end, protected) \
                    and self._is_name(text, folded, start, end, word, person):
                spans.append(_name_span(text, start, end))   # "Tina, la copine de mon frère"
            index += 1
        return spans

    def _is_name(self, text: str, folded: str, start: int, end: int, word: str,
                 person: list[tuple[int, int]]) -> bool:
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
                   protected: list[tuple[int, int]], person: list[tuple[int, int]]) -> list[Span]:
        """Capitalised, non-common words inside the model's person entities."""
        if not person:
            return []
        lex = self._lex
        spans: list[Span] = []
        for p_start, p_end in person:
            run: list[tuple[int, int]] = []
            for w_start, w_end in words:
                if w_start < p_start or w_end > p_end:
                    continue
                word = folded[w_start:w_end]
                original = text[w_start:w_end]
                keep = (original[:1].isupper() and len(word) > 1 and word not in lex.common
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
                    protected: list[tuple[int, int]]) -> list[Span]:
        """Words a strong cue announces as a name, known or not: "il s'appelle X", "docteur X"."""
        lex = self._lex
        spans: list[Span] = []
        for i in range(1, len(words)):
            n_start, n_end = words[i]
            word = folded[n_start:n_end]
            p_start, p_end = words[i - 1]
            before = folded[p_start:p_end]
            gap = text[p_end:n_start]
            if len(gap) > 2 or gap.strip(". ") or word in lex.common or len(word) < 2 or \
                    (word in lex.allow and word not in lex.ambiguous) or \
                    _inside(n_start, n_end, protected):
                continue
            named = before in _NAMING and (i < 2 or folded[words[i - 2][0]:words[i - 2][1]] == "s"
                                           or before.startswith(("prenom", "surnom", "nomm")))
            titled = before in _TITLES and text[n_start].isupper()
            # "chez Zébulon", "mon mec Ignatius": a capitalised unknown word after a person cue.
            original = text[n_start:n_end]
            # "Nono et Titou": "et" counts as a cue after a first name or a roster name.
            after_name = before != "et" or self._is_known_name(_previous_word(folded, p_start))
            cued = (before in _CUES and after_name and original[:1].isupper()
                    and not original.isupper() and word not in lex.ambiguous
                    and (n_end == len(text) or text[n_end] not in "-'’"))
            if named or titled or cued:
                spans.append(_name_span(text, n_start, n_end))
        return spans

    def _is_known_name(self, folded_word: str) -> bool:
        return folded_word in self._lex.names or folded_word in self._roster_codes

    def _absorb_surnames(self, text: str, folded: str, spans: list[Span],
                         words: list[tuple[int, int]], protected: list[tuple[int, int]]) -> list[Span]:
        """Extend a person span over a following capitalised surname: "Grégoire Lambert"."""
        if not spans:
            return spans
        starts = {s for s, _ in words}
        result: list[Span] = []
        taken = [(s.start, s.end) for s in spans]
        for span in spans:
            if span.category in ("CODE", "PRÉNOM") and span.end + 1 < len(text) and \
                    text[span.end] == " " and span.end + 1 in starts:
                n_end = next(e for s, e in words if s == span.end + 1)
                word = folded[span.end + 1:n_end]
                original = text[span.end + 1:n_end]
                if (original[:1].isupper() and not original.isupper() and len(word) > 1
                        and word not in self._lex.common and word not in self._lex.allow
                        and word not in self._lex.names
                        and not _inside(span.end + 1, n_end, protected)
                        and not _overlaps(span.end + 1, n_end, taken)
                        and (n_end == len(text) or not text[n_end].isalnum())):
                    span = Span(span.start, n_end, text[span.start:n_end], span.category,
                                span.replacement, span.source)
            result.append(span)
        return result

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
            parts.append(text[position:span.start])
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


def _inside(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in ranges)


def _overlaps(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in ranges)


def _resolve(candidates: list[Span]) -> list[Span]:
    """Keep the strongest spans (patterns, then roster, lexicon, model; longer first) without overlaps."""
    chosen: list[Span] = []
    for span in sorted(candidates, key=lambda s: (_PRIORITY.get(s.source, 50), -(s.end - s.start),
                                                    s.start)):
        if "\n" in span.text:
            continue
        if not any(c.start < span.end and span.start < c.end for c in chosen):
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
