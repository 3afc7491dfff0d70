"""Questionnaire definitions (DUDIT, CEQ-S/CEQ-F, TLFB) loaded from the YAML files beside this module.

Wording, options, scores, cut-offs and the CEQ item-factor map live in data so a clinical team can
correct them without a release; pydantic checks the files at load and names the file and field.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from facilitator.errors import UserError

INSTRUMENT_IDS: tuple[str, ...] = ("dudit", "ceq-s", "ceq-f", "tlfb")
TIMEPOINTS: tuple[str, ...] = ("T0", "T1", "T2")
DEFINITIONS_DIR = Path(__file__).parent
DUDIT_ITEM_COUNT = 11
# Keys the TLFB screen uses for itself; a substance cannot take them.
TLFB_RESERVED_KEYS = frozenset("iuqhjlsdn")


class InstrumentDefinitionError(UserError):
    """A definition file is missing or malformed; the message names the file and the field."""


# ---------------------------------------------------------------- raw file models (bilingual)

class _Raw(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Raw):
    fr: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en


class RawOption(Text):
    score: int = Field(ge=0)


class RawDuditItem(Text):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    options: str


class RawCutoffs(_Raw):
    problem: dict[Literal["m", "f"], int]
    dependence: int = Field(gt=0)

    @model_validator(mode="after")
    def _both_sexes(self) -> RawCutoffs:
        if set(self.problem) != {"m", "f"}:
            raise ValueError("problem needs a cut-off for both m and f")
        return self


class RawTranslation(_Raw):
    status: Literal["working", "official"]
    note: Text


class RawDrugGroup(Text):
    added: bool = False            # not on the official form: added by the programme


class RawDrugList(_Raw):
    heading: Text
    groups: list[RawDrugGroup] = Field(min_length=1)
    medicines: Text
    added_mark: Text


class RawDudit(_Raw):
    id: Literal["dudit"]
    translation: RawTranslation
    title: Text
    instructions: Text
    drug_list: RawDrugList
    cutoffs: RawCutoffs
    option_sets: dict[str, list[RawOption]]
    items: list[RawDuditItem]

    @model_validator(mode="after")
    def _consistent(self) -> RawDudit:
        if len(self.items) != DUDIT_ITEM_COUNT:
            raise ValueError(f"items: the DUDIT has {DUDIT_ITEM_COUNT} items, found {len(self.items)}")
        for name, options in self.option_sets.items():
            if len(options) < 2:
                raise ValueError(f"option_sets.{name}: needs at least 2 options")
        for number, item in enumerate(self.items):
            if item.options not in self.option_sets:
                raise ValueError(f"items.{number}.options: unknown option set {item.options!r} "
                                 f"(known: {', '.join(self.option_sets)})")
        if len({item.id for item in self.items}) != len(self.items):
            raise ValueError("items: item ids must be unique")
        return self


class RawScale(_Raw):
    min: int
    max: int

    @model_validator(mode="after")
    def _ordered(self) -> RawScale:
        if self.max <= self.min:
            raise ValueError("max must be greater than min")
        return self


class RawAnchors(_Raw):
    low: Text
    high: Text


class RawCeqForm(_Raw):
    id: Literal["ceq-s", "ceq-f"]
    title: Text
    instructions: Text
    anchors: RawAnchors
    items: list[Text] = Field(min_length=1)


class RawCeq(_Raw):
    scale: RawScale
    factors: dict[str, list[int]]
    factor_labels: dict[str, Text]
    product_prompt: Text
    product_default: Text
    forms: list[RawCeqForm]

    @model_validator(mode="after")
    def _consistent(self) -> RawCeq:
        ids = sorted(form.id for form in self.forms)
        if ids != ["ceq-f", "ceq-s"]:
            raise ValueError(f"forms: need exactly one ceq-s and one ceq-f, found {ids}")
        counts = {len(form.items) for form in self.forms}
        if len(counts) != 1:
            raise ValueError("forms: ceq-s and ceq-f must have the same number of items")
        count = counts.pop()
        mapped = sorted(n for numbers in self.factors.values() for n in numbers)
        if mapped != list(range(1, count + 1)):
            raise ValueError(f"factors: every item 1-{count} must belong to exactly one factor, "
                             f"found {mapped}")
        if set(self.factor_labels) != set(self.factors):
            raise ValueError("factor_labels: needs one label per factor")
        return self


class RawSubstance(Text):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    key: str = Field(pattern=r"^[a-z]$")
    counts_as_use: bool = True     # false: recorded and counted apart (alcohol), not drug use
    named: bool = False            # takes a free name per day ("other")


class RawTlfb(_Raw):
    id: Literal["tlfb"]
    title: Text
    instructions: Text
    window_days: int = Field(ge=1, le=366)
    substances: list[RawSubstance] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> RawTlfb:
        if len({s.id for s in self.substances}) != len(self.substances):
            raise ValueError("substances: ids must be unique")
        keys = [s.key for s in self.substances]
        if len(set(keys)) != len(keys):
            raise ValueError("substances: keys must be unique")
        reserved = sorted(set(keys) & TLFB_RESERVED_KEYS)
        if reserved:
            raise ValueError(f"substances: key {reserved[0]!r} is reserved by the entry screen")
        if not any(s.counts_as_use for s in self.substances):
            raise ValueError("substances: at least one substance must count as use")
        return self


# ---------------------------------------------------------------- localized definitions

@dataclass(frozen=True)
class Option:
    label: str
    score: int


@dataclass(frozen=True)
class Item:
    id: str
    number: int                    # 1-based, as printed on the form
    text: str
    options: tuple[Option, ...] = ()


@dataclass(frozen=True)
class DuditDefinition:
    id: str
    title: str
    instructions: str
    items: tuple[Item, ...]
    problem_cutoff: dict[str, int]     # sex -> total at or above which problems are probable
    dependence_cutoff: int
    drug_heading: str = ""
    drug_groups: tuple[str, ...] = ()  # one line per family, as on the official form
    medicines_rule: str = ""           # medicines count when taken beyond prescription
    working_translation: bool = False  # the French wording is not yet the team's official version
    translation_note: str = ""

    def drug_list_text(self) -> str:
        """The drug list and the medicines rule, one family a line, as shown with the questionnaire."""
        lines = [self.drug_heading, *(f"• {group}" for group in self.drug_groups), self.medicines_rule]
        return "\n".join(line for line in lines if line)

    @property
    def max_total(self) -> int:
        return sum(max(option.score for option in item.options) for item in self.items)


@dataclass(frozen=True)
class CeqDefinition:
    id: str
    title: str
    instructions: str
    items: tuple[Item, ...]
    scale_min: int
    scale_max: int
    anchor_low: str
    anchor_high: str
    factors: dict[str, tuple[int, ...]]   # factor id -> 1-based item numbers
    factor_labels: dict[str, str]
    product_prompt: str
    product_default: str

    def with_product(self, text: str, product: str | None) -> str:
        """`text` with `{product}` replaced by the participant's product (or a neutral word)."""
        return text.replace("{product}", (product or "").strip() or self.product_default)


@dataclass(frozen=True)
class Substance:
    id: str
    key: str
    label: str
    counts_as_use: bool = True         # False: reported apart (alcohol), never drug use
    named: bool = False                # the day records a free name for it ("other")


@dataclass(frozen=True)
class TlfbDefinition:
    id: str
    title: str
    instructions: str
    window_days: int
    substances: tuple[Substance, ...]
    items: tuple[Item, ...] = ()

    @property
    def substance_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.substances)

    @property
    def not_use_ids(self) -> frozenset[str]:
        """Substances recorded but not counted as drug use (alcohol)."""
        return frozenset(s.id for s in self.substances if not s.counts_as_use)

    def substance(self, substance_id: str) -> Substance:
        for substance in self.substances:
            if substance.id == substance_id:
                return substance
        raise KeyError(f"no substance {substance_id!r} in the TLFB definition")


Definition = DuditDefinition | CeqDefinition | TlfbDefinition


@dataclass(frozen=True)
class Instruments:
    """The four instruments in one language."""

    lang: str
    dudit: DuditDefinition
    ceq_s: CeqDefinition
    ceq_f: CeqDefinition
    tlfb: TlfbDefinition

    def get(self, instrument_id: str) -> Definition:
        match instrument_id:
            case "dudit":
                return self.dudit
            case "ceq-s":
                return self.ceq_s
            case "ceq-f":
                return self.ceq_f
            case "tlfb":
                return self.tlfb
        raise KeyError(f"unknown instrument {instrument_id!r} (one of {', '.join(INSTRUMENT_IDS)})")


# ---------------------------------------------------------------- loading

M = TypeVar("M", bound=BaseModel)


def _read(path: Path, model: type[M]) -> M:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InstrumentDefinitionError(f"{path}: cannot read the file ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise InstrumentDefinitionError(f"{where}: {problem}") from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"])
        message = error["msg"].removeprefix("Value error, ")
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        where = f"{path}: {field}" if field else str(path)   # model checks name the field themselves
        raise InstrumentDefinitionError(f"{where}: {message}{more}") from None


def _dudit(raw: RawDudit, lang: str) -> DuditDefinition:
    items = tuple(
        Item(id=item.id, number=n, text=item.get(lang),
             options=tuple(Option(o.get(lang), o.score) for o in raw.option_sets[item.options]))
        for n, item in enumerate(raw.items, start=1)
    )
    return DuditDefinition(id=raw.id, title=raw.title.get(lang), instructions=raw.instructions.get(lang),
                           items=items, problem_cutoff={sex: cutoff for sex, cutoff in raw.cutoffs.problem.items()},
                           dependence_cutoff=raw.cutoffs.dependence,
                           drug_heading=raw.drug_list.heading.get(lang),
                           drug_groups=tuple(group.get(lang) + (f" ({raw.drug_list.added_mark.get(lang)})"
                                                                if group.added else "")
                                             for group in raw.drug_list.groups),
                           medicines_rule=raw.drug_list.medicines.get(lang),
                           working_translation=raw.translation.status == "working",
                           translation_note=raw.translation.note.get(lang) if raw.translation.status == "working"
                           else "")


def _ceq(raw: RawCeq, form_id: str, lang: str) -> CeqDefinition:
    form = next(f for f in raw.forms if f.id == form_id)
    items = tuple(Item(id=f"{form_id.replace('-', '_')}_{n}", number=n, text=text.get(lang))
                  for n, text in enumerate(form.items, start=1))
    return CeqDefinition(
        id=form.id, title=form.title.get(lang), instructions=form.instructions.get(lang), items=items,
        scale_min=raw.scale.min, scale_max=raw.scale.max,
        anchor_low=form.anchors.low.get(lang), anchor_high=form.anchors.high.get(lang),
        factors={name: tuple(numbers) for name, numbers in raw.factors.items()},
        factor_labels={name: label.get(lang) for name, label in raw.factor_labels.items()},
        product_prompt=raw.product_prompt.get(lang), product_default=raw.product_default.get(lang),
    )


def _tlfb(raw: RawTlfb, lang: str) -> TlfbDefinition:
    return TlfbDefinition(
        id=raw.id, title=raw.title.get(lang), instructions=raw.instructions.get(lang),
        window_days=raw.window_days,
        substances=tuple(Substance(s.id, s.key, s.get(lang), s.counts_as_use, s.named) for s in raw.substances),
    )


@cache
def load_instruments(lang: str = "fr", directory: Path | None = None) -> Instruments:
    """The four instrument definitions in `lang`, read once from `directory` (default: the package)."""
    if lang not in ("fr", "en"):
        raise ValueError(f"unknown language {lang!r}")
    folder = DEFINITIONS_DIR if directory is None else Path(directory)
    dudit = _read(folder / "dudit.yaml", RawDudit)
    ceq = _read(folder / "ceq.yaml", RawCeq)
    tlfb = _read(folder / "tlfb.yaml", RawTlfb)
    return Instruments(lang=lang, dudit=_dudit(dudit, lang), ceq_s=_ceq(ceq, "ceq-s", lang),
                       ceq_f=_ceq(ceq, "ceq-f", lang), tlfb=_tlfb(tlfb, lang))
