"""Reads sessions.yaml into a `Programme`, naming `FILE:LINE: field: message` for every problem.

The YAML is composed into nodes first so each value keeps its line; schema errors (pydantic)
and cross-checks (duplicate ids, unknown references) are then mapped back to those lines.
Every problem is reported, not only the first, so a clinical team fixes the file in one pass.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import yaml
from pydantic import ValidationError

from facilitator.core.formatting import tn
from facilitator.core.programme import FieldKind, Programme
from facilitator.errors import UserError
from facilitator.i18n import t

# Observer hotkeys the console keeps for itself; codebook themes may not use them.
RESERVED_THEME_KEYS = frozenset({"q"})

_SafeLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PathKey = tuple[str | int, ...]

_STR_TAG = "tag:yaml.org,2002:str"


@dataclass(frozen=True)
class Problem:
    """One error in a programme file, located by line and dotted field path."""

    file: str
    line: int
    field: str
    message: str

    def __post_init__(self) -> None:
        # One problem, one line: YAML messages and odd keys may carry line breaks.
        for name in ("field", "message"):
            value = getattr(self, name)
            if len(value.splitlines()) > 1 or value.endswith(("\n", "\r")):
                object.__setattr__(self, name, " ".join(part.strip() for part in value.splitlines()))

    def __str__(self) -> str:
        field = self.field or "(document)"
        return f"{self.file}:{self.line}: {field}: {self.message}"


@dataclass(frozen=True)
class ProgrammeWarning(Problem):
    """Something odd but usable (a session not adding up to 90 minutes, a numbering gap)."""


class ProgrammeError(UserError):
    """The programme file is invalid; `problems` lists every error found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def load_programme(path: Path) -> Programme:
    """The validated programme in `path`, or `ProgrammeError` listing every problem."""
    programme, problems, _warnings = check_programme(path)
    if problems or programme is None:
        raise ProgrammeError(problems)
    return programme


def check_programme(path: Path) -> tuple[Programme | None, list[Problem], list[ProgrammeWarning]]:
    """Validate `path`: the programme (None when invalid), its errors and its warnings."""
    path = Path(path)
    file = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(file, 1, "", t("programme.not_found"))], []
    except IsADirectoryError:
        return None, [Problem(file, 1, "", t("programme.not_a_file"))], []
    except OSError as exc:
        return None, [Problem(file, 1, "", t("programme.unreadable", reason=exc.strerror or exc))], []
    return check_programme_text(raw, file)


def check_programme_text(
    raw: bytes | str, file: str = "<programme>"
) -> tuple[Programme | None, list[Problem], list[ProgrammeWarning]]:
    """Validate programme YAML given as bytes or text; `file` is used in messages."""
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            return None, [Problem(file, line, "", t("programme.not_utf8", position=exc.start))], []
    else:
        text = raw
    if text.startswith("\ufeff"):
        text = text[1:]
    tree = _Tree(file)
    data = tree.parse(text)
    if tree.fatal:
        return None, tree.problems, []
    problems = list(tree.problems)
    if data is None:
        return None, [Problem(file, 1, "", t("programme.empty"))], []
    if not isinstance(data, dict):
        return None, [Problem(file, tree.line(()), "", t("programme.not_mapping"))], []
    programme: Programme | None = None
    try:
        # Strict JSON-mode validation: `minutes: "40"` or `minutes: yes` are errors, not 40 and 1,
        # while enum values are still accepted as text. Dates and other YAML types become text.
        document = json.dumps(data, default=str, ensure_ascii=False)
        programme = Programme.model_validate_json(document, strict=True)
    except ValidationError as exc:
        problems.extend(_schema_problems(exc, data, tree))
    except (RecursionError, ValueError):
        problems.append(Problem(file, 1, "", t("programme.too_deep")))
    problems.extend(_cross_check(data, tree))
    problems = _unique_sorted(problems)
    if problems:
        return None, problems, []
    assert programme is not None
    return programme, [], _warnings(programme, data, tree)


# --------------------------------------------------------------------------- YAML with lines


class _AliasRefused(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class _Tree:
    """Builds plain Python data from YAML nodes, remembering the line of every path."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[PathKey, int] = {}
        self.problems: list[Problem] = []
        self.fatal = False
        self._loader: Any = None
        self._built: dict[int, Any] = {}
        self._stack: set[int] = set()

    def parse(self, text: str) -> Any:
        # libyaml's composer recurses in C and crashes the process on absurd nesting; such a
        # text goes to the pure-Python loader, whose recursion ends in a RecursionError instead.
        self._loader = (yaml.SafeLoader if _deeply_nested(text) else _SafeLoader)(text)
        try:
            node = self._loader.get_single_node()
            if node is None:
                return None
            return self._build(node, ())
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark is not None else 1
            problem = " ".join(part for part in (exc.context, exc.problem) if part) or str(exc)
            # PyYAML 6.0.3 and later stop deep block nesting themselves: same meaning as our RecursionError.
            message = (t("programme.too_deep") if "nesting depth" in problem
                       else t("programme.yaml_error", problem=problem))
            self.problems.append(Problem(self.file, line, "", message))
            self.fatal = True
            return None
        except _AliasRefused as refused:   # the first alias is enough: name it and stop
            self.problems.append(refused.problem)
            self.fatal = True
            return None
        except RecursionError:
            self.problems.append(Problem(self.file, 1, "", t("programme.too_deep")))
            self.fatal = True
            return None
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
            problem = str(exc) or type(exc).__name__
            self.problems.append(Problem(self.file, 1, "", t("programme.yaml_error", problem=problem)))
            self.fatal = True
            return None
        finally:
            self._loader.dispose()

    def line(self, path: Iterable[str | int]) -> int:
        """The line of the longest known prefix of `path`."""
        key = tuple(path)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), 1)

    def _build(self, node: yaml.Node, path: PathKey) -> Any:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR_TAG:   # most values: skip the constructor's dispatch
                return node.value
            try:
                return self._loader.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
                self.problems.append(Problem(self.file, node.start_mark.line + 1, _dotted(path),
                                             t("programme.yaml_error", problem=(str(exc) or type(exc).__name__).splitlines()[0])))
                return str(node.value)
        node_id = id(node)
        if node_id in self._stack:
            self.problems.append(Problem(self.file, node.start_mark.line + 1, _dotted(path),
                                         t("programme.recursive_alias")))
            return None
        if node_id in self._built:   # an alias (*name): refused, as a few lines of them can expand to gigabytes
            # the node's own mark is where its anchor is: name the line that holds the alias instead
            line = self.line(path[:-1]) if path and isinstance(path[-1], int) else self.line(path)
            raise _AliasRefused(Problem(self.file, line, _dotted(path), t("programme.alias_refused")))
        self._stack.add(node_id)
        try:
            if isinstance(node, yaml.SequenceNode):
                value: Any = [self._build(child, (*path, index)) for index, child in enumerate(node.value)]
            else:   # the composer only makes scalar, sequence and mapping nodes
                value = self._build_mapping(cast(yaml.MappingNode, node), path)
        finally:
            self._stack.discard(node_id)
        self._built[node_id] = value
        return value

    def _build_mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(Problem(self.file, key_line, _dotted(path), t("programme.merge_key")))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(self.file, key_line, _dotted(path), t("programme.bad_key")))
                continue
            if key_node.tag == _STR_TAG:
                key = key_node.value
            else:
                try:
                    key = self._loader.construct_object(key_node, deep=True)
                except (yaml.YAMLError, ValueError, TypeError, OverflowError):
                    key = str(key_node.value)
            if not isinstance(key, str):   # `1:` or `yes:` as a key: compare it as text
                key = str(key)
            child = (*path, key)
            if key in first_line:
                self.problems.append(Problem(self.file, key_line, _dotted(child),
                                             t("programme.duplicate_key", name=key, first=first_line[key])))
                continue
            first_line[key] = key_line
            self.lines[child] = key_line
            result[key] = self._build(value_node, child)
        return result


_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")


def _deeply_nested(text: str) -> bool:
    """Whether `text` might nest collections deeper than libyaml's C composer survives.

    That composer recursed fine at 10,000 levels and crashed at 30,000 (PyYAML 6.0).
    """
    depth = deepest = 0
    # Brackets in quotes or comments count too: that only errs on the safe side.
    for char in _NOT_BRACKETS.sub("", text):
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(depth - 1, 0)
    # Block nesting needs at least one character per level on a line (indentation or "- ").
    return deepest > 1000 or max(map(len, text.splitlines()), default=0) > 10_000


def _dotted(path: Iterable[str | int]) -> str:
    """`('sessions', 2, 'agenda', 1, 'minutes')` -> `sessions[2].agenda[1].minutes`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


# --------------------------------------------------------------------------- schema errors


def _schema_problems(exc: ValidationError, data: Any, tree: _Tree) -> Iterator[Problem]:
    for error in exc.errors(include_url=False):
        path = _data_path(error["loc"], data)
        yield Problem(tree.file, tree.line(path), _dotted(path), _message(error))


def _data_path(loc: tuple[Any, ...], data: Any) -> PathKey:
    """The part of a pydantic location that exists in the data, plus a final missing key."""
    path: list[str | int] = []
    current = data
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            path.append(part)
            current = current[part]
        elif isinstance(current, dict) and part in current:
            path.append(part)
            current = current[part]
        elif last and isinstance(current, dict) and isinstance(part, str):
            path.append(part)   # a missing key
            current = None
        # otherwise a pydantic-internal segment (union member, validator name): skip it
    return tuple(path)


def _message(error: Any) -> str:
    kind = error.get("type", "")
    ctx = dict(error.get("ctx") or {})
    if "expected" in ctx:   # pydantic writes "'a', 'b' or 'c'": keep it language-neutral
        ctx["expected"] = str(ctx["expected"]).replace("' or '", "', '")
    if kind == "extra_forbidden":
        return t("programme.extra_forbidden")
    if kind in ("too_short", "string_too_short") and isinstance(ctx.get("min_length"), int):
        return tn(f"programme.{kind}", ctx["min_length"])   # "au moins 1 élément", "au moins 2 éléments"
    try:
        return t(f"programme.{kind}", **{key: str(value) for key, value in ctx.items()})
    except (KeyError, IndexError):
        return str(error.get("msg", kind))


# --------------------------------------------------------------------------- cross-checks


def _items(data: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    """(index, mapping) for each mapping in the list `data[key]`, ignoring malformed entries."""
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, list):
        return []
    return [(index, item) for index, item in enumerate(value) if isinstance(item, dict)]


def _hashable(value: Any) -> bool:
    return isinstance(value, str | int | float | bool) or value is None


class _Unique:
    """Reports a value seen twice in one namespace, naming where it first appeared."""

    def __init__(self, tree: _Tree, message: str) -> None:
        self.tree = tree
        self.message = message
        self.seen: dict[Any, tuple[int, dict[str, Any]]] = {}

    def check(self, value: Any, path: PathKey, **extra: Any) -> Problem | None:
        if not _hashable(value) or value is None:
            return None
        line = self.tree.line(path)
        if value in self.seen:
            first, first_extra = self.seen[value]
            fields = {"value": value, "first": first, **first_extra}
            return Problem(self.tree.file, line, _dotted(path), t(self.message, **fields))
        self.seen[value] = (line, extra)
        return None


def _cross_check(data: dict[str, Any], tree: _Tree) -> list[Problem]:
    problems: list[Problem | None] = []
    file = tree.file

    def problem(path: PathKey, message: str, **fields: Any) -> None:
        problems.append(Problem(file, tree.line(path), _dotted(path), t(message, **fields)))

    # charter
    charter_ids = _Unique(tree, "programme.duplicate_id")
    for index, rule in _items(data, "charter"):
        problems.append(charter_ids.check(rule.get("id"), ("charter", index, "id")))

    # codebook
    theme_ids = _Unique(tree, "programme.duplicate_id")
    theme_keys = _Unique(tree, "programme.duplicate_theme_key")
    themes = _items(data, "codebook")
    for index, theme in themes:
        problems.append(theme_ids.check(theme.get("id"), ("codebook", index, "id")))
        key = theme.get("key")
        key_path: PathKey = ("codebook", index, "key")
        if isinstance(key, str) and len(key) == 1:
            if not re.fullmatch(r"[a-z]", key):
                problem(key_path, "programme.theme_key_letter")
            elif key in RESERVED_THEME_KEYS:
                problem(key_path, "programme.theme_key_reserved", value=key)
            else:
                problems.append(theme_keys.check(key, key_path, other=theme.get("id", "?")))
    known_themes = {theme.get("id") for _, theme in themes if _hashable(theme.get("id"))}
    for index, theme in themes:
        parent = theme.get("parent")
        if isinstance(parent, str):
            path: PathKey = ("codebook", index, "parent")
            if parent == theme.get("id"):
                problem(path, "programme.self_parent")
            elif parent not in known_themes:
                problem(path, "programme.unknown_parent", value=parent)

    # exercises and their fields
    exercise_ids = _Unique(tree, "programme.duplicate_id")
    for index, exercise in _items(data, "exercises"):
        base: PathKey = ("exercises", index)
        problems.append(exercise_ids.check(exercise.get("id"), (*base, "id")))
        field_ids = _Unique(tree, "programme.duplicate_id")
        for field_index, field in _items(exercise, "fields"):
            field_path = (*base, "fields", field_index)
            problems.append(field_ids.check(field.get("id"), (*field_path, "id")))
            problems.extend(_check_field(field, field_path, tree))
    known_exercises = set(exercise_ids.seen)

    # sessions, agenda items, homework
    session_numbers = _Unique(tree, "programme.duplicate_session")
    item_ids = _Unique(tree, "programme.duplicate_id")
    homework_ids = _Unique(tree, "programme.duplicate_id")
    numbers: list[int] = []
    for index, session in _items(data, "sessions"):
        base = ("sessions", index)
        number = session.get("number")
        if isinstance(number, int) and not isinstance(number, bool):
            numbers.append(number)
            problems.append(session_numbers.check(number, (*base, "number")))
        for part, ids in (("agenda", item_ids), ("homework", homework_ids)):
            for entry_index, entry in _items(session, part):
                entry_path = (*base, part, entry_index)
                problems.append(ids.check(entry.get("id"), (*entry_path, "id")))
                exercise_id = entry.get("exercise")
                if isinstance(exercise_id, str) and exercise_id not in known_exercises:
                    problem((*entry_path, "exercise"), "programme.unknown_exercise", value=exercise_id)

    # safety layer: resources, then crisis cards naming them
    resource_ids = _Unique(tree, "programme.duplicate_id")
    for index, resource in _items(data, "resources"):
        base = ("resources", index)
        problems.append(resource_ids.check(resource.get("id"), (*base, "id")))
        phone = resource.get("phone", "")
        if resource.get("scope") == "national" and isinstance(phone, str) and not phone.strip():
            problem((*base, "phone") if "phone" in resource else (*base, "scope"),
                    "safety.national_without_phone")
    card_ids = _Unique(tree, "programme.duplicate_id")
    for index, card in _items(data, "crisis_cards"):
        base = ("crisis_cards", index)
        problems.append(card_ids.check(card.get("id"), (*base, "id")))
        named = card.get("resources")
        for ref_index, ref in enumerate(named if isinstance(named, list) else []):
            if isinstance(ref, str) and ref not in resource_ids.seen:
                problem((*base, "resources", ref_index), "safety.unknown_resource", value=ref)

    # questionnaire time points
    timepoints = _Unique(tree, "programme.duplicate_timepoint")
    last = max(numbers, default=0)
    for index, due in _items(data, "questionnaires_due"):
        base = ("questionnaires_due", index)
        problems.append(timepoints.check(due.get("timepoint"), (*base, "timepoint")))
        due_session = due.get("session")
        if isinstance(due_session, int) and not isinstance(due_session, bool) and numbers:
            if due_session > last:
                problem((*base, "session"), "programme.session_beyond", value=due_session, last=last)
            elif due_session >= 1 and due_session not in numbers:
                problem((*base, "session"), "programme.session_not_found", value=due_session)
    return [p for p in problems if p is not None]


_SCALAR_KINDS = {kind.value for kind in FieldKind} - {FieldKind.TABLE.value, FieldKind.WEEK_GRID.value}


def _check_field(field: dict[str, Any], path: PathKey, tree: _Tree) -> Iterator[Problem]:
    kind = field.get("kind")

    def empty(key: str) -> bool:
        value = field.get(key)
        return not isinstance(value, list) or not value

    def at(key: str) -> PathKey:
        return (*path, key) if key in field else (*path, "kind")

    if kind == FieldKind.CHOICE.value and empty("options"):
        yield Problem(tree.file, tree.line(at("options")), _dotted((*path, "options")),
                      t("programme.choice_without_options"))
    elif kind == FieldKind.TABLE.value:
        if empty("columns"):
            yield Problem(tree.file, tree.line(at("columns")), _dotted((*path, "columns")),
                          t("programme.table_without_columns"))
        column_ids = _Unique(tree, "programme.duplicate_id")
        for index, column in _items(field, "columns"):
            column_path = (*path, "columns", index)
            duplicate = column_ids.check(column.get("id"), (*column_path, "id"))
            if duplicate is not None:
                yield duplicate
            column_kind = column.get("kind", FieldKind.SHORT_TEXT.value)
            if isinstance(column_kind, str) and column_kind in {FieldKind.TABLE.value,
                                                                FieldKind.WEEK_GRID.value}:
                yield Problem(tree.file, tree.line((*column_path, "kind")),
                              _dotted((*column_path, "kind")),
                              t("programme.nested_column_kind", value=column_kind))
            elif column_kind == FieldKind.CHOICE.value and not column.get("options"):
                yield Problem(tree.file, tree.line((*column_path, "kind")),
                              _dotted((*column_path, "options")),
                              t("programme.choice_without_options"))
    elif kind == FieldKind.WEEK_GRID.value:
        if empty("days"):
            yield Problem(tree.file, tree.line(at("days")), _dotted((*path, "days")),
                          t("programme.grid_without_days"))
        if empty("slots"):
            yield Problem(tree.file, tree.line(at("slots")), _dotted((*path, "slots")),
                          t("programme.grid_without_slots"))


# --------------------------------------------------------------------------- warnings


def _warnings(programme: Programme, data: dict[str, Any], tree: _Tree) -> list[ProgrammeWarning]:
    warnings: list[ProgrammeWarning] = []
    expected = programme.programme.session_minutes
    for index, session in enumerate(programme.sessions):
        if session.minutes != expected:
            path: PathKey = ("sessions", index, "number")
            warnings.append(ProgrammeWarning(
                tree.file, tree.line(path), _dotted(("sessions", index)),
                t("programme.warn_minutes", number=session.number, minutes=session.minutes,
                  expected=expected)))
    numbers = sorted(session.number for session in programme.sessions)
    present = set(numbers)
    for missing in range(1, numbers[-1] + 1):
        if missing not in present:
            warnings.append(ProgrammeWarning(tree.file, tree.line(("sessions",)), "sessions",
                                             t("programme.warn_gap", missing=missing)))
    used = {item.exercise for session in programme.sessions for item in session.agenda}
    used |= {homework.exercise for session in programme.sessions for homework in session.homework}
    for index, exercise in enumerate(programme.exercises):
        if exercise.id not in used:
            path = ("exercises", index, "id")
            warnings.append(ProgrammeWarning(tree.file, tree.line(path), _dotted(("exercises", index)),
                                             t("programme.warn_unused_exercise", value=exercise.id)))
    if not programme.crisis_cards:
        warnings.append(ProgrammeWarning(tree.file, tree.line(()), "crisis_cards", t("safety.warn_no_cards")))
    warnings.extend(_unmarked_phones(data, tree))
    warnings.extend(_numbers_not_in_resources(programme, data, tree))
    return warnings


# A number a crisis card or the emergency page tells someone to call: 15, 112, 3114, 116 006, 0 800 23 13 13.
_CALLED = re.compile(r"(?<![\d,.\-])(?:0 ?\d(?:[ .]?\d\d){3,4}|116 ?\d{3}|3\d{3}|1\d{1,2})(?![\d\-]|[,.]\d)"
                     r"(?!\s?(?:secondes?|seconds?|minutes?|min\b|heures?|hours?|h\b|%|ans\b|years?|jours?|days?"
                     r"|mg\b|ml\b|fois\b|times?\b))")


def _numbers_not_in_resources(programme: Programme, data: Any, tree: _Tree) -> list[ProgrammeWarning]:
    """A number in a card or an emergency line that no resource has: it was changed in one place only."""
    known = {re.sub(r"\D", "", resource.phone) for resource in programme.resources if resource.phone}
    if not known:
        return []
    found: list[ProgrammeWarning] = []

    def walk(value: Any, path: PathKey) -> None:
        if isinstance(value, dict):
            for key, child in value.items():
                walk(child, (*path, key))
        elif isinstance(value, list):
            for index, child in enumerate(value):
                walk(child, (*path, index))
        elif isinstance(value, str):
            for match in _CALLED.finditer(value):
                if re.sub(r"\D", "", match.group()) not in known:
                    found.append(ProgrammeWarning(tree.file, tree.line(path), _dotted(path),
                                                  t("safety.warn_number_not_resource", value=match.group())))

    for key in ("crisis_cards", "emergency"):
        if isinstance(data.get(key), list):
            walk(data[key], (key,))
    return found


# A French phone number written in a text (01 48 06 42 41, 0 800 23 13 13, 0612345678).
_PHONE = re.compile(r"(?<!\d)(?:0[1-9](?:[ .]?\d\d){4}|0 ?8\d\d(?:[ .]?\d\d){3})(?!\d)")


def _unmarked_phones(data: Any, tree: _Tree) -> list[ProgrammeWarning]:
    """A phone number in a text whose entry (or an enclosing one) has no `check_locally` mark."""
    found: list[ProgrammeWarning] = []

    def walk(value: Any, path: PathKey, marked: bool) -> None:
        if isinstance(value, dict):
            marked = marked or bool(value.get("check_locally"))
            for key, child in value.items():
                walk(child, (*path, key), marked)
        elif isinstance(value, list):
            for index, child in enumerate(value):
                walk(child, (*path, index), marked)
        elif isinstance(value, str) and not marked and (match := _PHONE.search(value)):
            found.append(ProgrammeWarning(tree.file, tree.line(path), _dotted(path),
                                          t("safety.warn_unmarked_phone", value=match.group())))

    walk(data, (), False)
    return found


# --------------------------------------------------------------------------- marks to check locally


@dataclass(frozen=True)
class LocalCheck:
    """A `check_locally` mark: a number, a service or a figure the team checks for its own site."""

    file: str
    line: int
    field: str
    label: str       # the marked entry's name, title or id
    note: str        # what to check, when the mark is a text rather than `true`

    def __str__(self) -> str:
        note = f" — {self.note}" if self.note else ""
        return f"{self.file}:{self.line}: {self.field}: {self.label}{note}"


_LABEL_KEYS = ("name", "title", "id", "number")


def local_checks(path: Path) -> list[LocalCheck]:
    """Every `check_locally` mark of a programme file, in file order (empty if it does not parse)."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    except (OSError, UnicodeDecodeError):
        return []
    return local_checks_text(text, str(path))


def local_checks_text(text: str, file: str = "<programme>") -> list[LocalCheck]:
    """Every `check_locally` mark of programme YAML given as text."""
    tree = _Tree(file)
    data = tree.parse(text)
    if tree.fatal:
        return []
    marks: list[LocalCheck] = []

    def walk(value: Any, path: PathKey) -> None:
        if isinstance(value, dict):
            mark = value.get("check_locally")
            if mark is True or (isinstance(mark, str) and mark.strip()):
                label = next((str(value[key]) for key in _LABEL_KEYS
                              if isinstance(value.get(key), str | int) and not isinstance(value.get(key), bool)),
                             _dotted(path))
                marks.append(LocalCheck(file, tree.line((*path, "check_locally")), _dotted(path), label,
                                        mark.strip() if isinstance(mark, str) else ""))
            for key, child in value.items():
                walk(child, (*path, key))
        elif isinstance(value, list):
            for index, child in enumerate(value):
                walk(child, (*path, index))

    walk(data, ())
    return sorted(marks, key=lambda mark: mark.line)


def _unique_sorted(problems: list[Problem]) -> list[Problem]:
    seen: set[Problem] = set()
    unique = []
    for problem in problems:
        if problem not in seen:
            seen.add(problem)
            unique.append(problem)
    return sorted(unique, key=lambda problem: problem.line)
