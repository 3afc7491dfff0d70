"""Questionnaires DUDIT, CEQ-S/CEQ-F and TLFB: definitions as data and pure scoring.

Imports neither Textual nor TinyDB; the entry screens and `facilitator score` both call these.
"""

from facilitator.core.instruments.definitions import (
    INSTRUMENT_IDS,
    TIMEPOINTS,
    CeqDefinition,
    Definition,
    DuditDefinition,
    InstrumentDefinitionError,
    Instruments,
    Item,
    Option,
    Substance,
    TlfbDefinition,
    load_instruments,
)
from facilitator.core.instruments.markers import (
    easter_sunday,
    french_public_holidays,
    monday_weeks,
    public_holidays_between,
)
from facilitator.core.instruments.scoring import (
    DUDIT_TIMEFRAME_NOTE_KEY,
    CeqScore,
    Completion,
    DuditScore,
    InvalidAnswers,
    TlfbDay,
    TlfbRecord,
    TlfbScore,
    ceq_baseline_product,
    completion,
    parse_day,
    recorded_changes,
    same_product,
    score_answers,
    score_ceq,
    score_dudit,
    score_tlfb,
    tlfb_answers_from_record,
    tlfb_end,
    tlfb_record_from_answers,
    tlfb_window,
)

__all__ = [
    "DUDIT_TIMEFRAME_NOTE_KEY", "INSTRUMENT_IDS", "TIMEPOINTS", "CeqDefinition", "CeqScore", "Completion",
    "Definition", "DuditDefinition", "DuditScore", "InstrumentDefinitionError", "Instruments",
    "InvalidAnswers", "Item", "Option", "Substance", "TlfbDay", "TlfbDefinition", "TlfbRecord",
    "TlfbScore", "ceq_baseline_product", "completion", "same_product", "easter_sunday", "french_public_holidays", "load_instruments", "monday_weeks", "parse_day", "recorded_changes",
    "public_holidays_between", "score_answers", "score_ceq", "score_dudit", "score_tlfb",
    "tlfb_answers_from_record", "tlfb_end", "tlfb_record_from_answers", "tlfb_window",
]
