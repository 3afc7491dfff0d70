"""Errors that end a command with a one-line message instead of a traceback."""


class UserError(Exception):
    """A problem the user can fix (bad file, bad argument, wrong passphrase); shown as one line."""

    exit_code = 1

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code

    @property
    def message(self) -> str:
        return str(self.args[0])


class UsageError(UserError):
    """Bad command-line input or bad data on standard input (exit 2)."""

    exit_code = 2


def crash_origin(error: BaseException) -> tuple[str, str]:
    """The type name of an unexpected error and where it was raised (`file.py:line (function)`).

    Never the error's message nor any variable: they may quote typed text (pydantic quotes its inputs).
    """
    inner = getattr(error, "error", None)  # textual's WorkerFailed wraps the worker's exception
    if type(error).__name__ == "WorkerFailed" and isinstance(inner, BaseException):
        error = inner
    where = "?"
    tb = error.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        where = f"{code.co_filename.replace(chr(92), '/').rsplit('/', 1)[-1]}:{tb.tb_lineno} ({code.co_name})"
        tb = tb.tb_next
    return type(error).__name__, where
