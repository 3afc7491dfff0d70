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
