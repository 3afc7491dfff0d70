"""Where the data folder and the programme are: option, environment, user config file, default.

`--data` / `--programme` win; then `FACILITATOR_DATA` / `FACILITATOR_PROGRAMME`; then the user config
file (`config.toml` in the platform's config folder, e.g. `~/.config/facilitator/config.toml`, with
`data = "..."` and `programme = "..."`); then `./data` and `./sessions.yaml`, or the programme bundled
with the application when there is none in the current folder. Paths are made absolute, so a console
launched from another folder says which folder it uses.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from facilitator.errors import UserError

ENV_DATA = "FACILITATOR_DATA"
ENV_PROGRAMME = "FACILITATOR_PROGRAMME"
BUNDLED_PROGRAMME = Path(__file__).resolve().parent.parent / "sessions.yaml"


def config_file() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir("facilitator")) / "config.toml"


def read_config(path: Path | None = None) -> dict[str, str]:
    """The user config file's `data` and `programme` entries ({} when there is no file)."""
    path = path or config_file()
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UserError(f"{path}: not a valid config file ({exc})") from None
    out = {}
    for key in ("data", "programme"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise UserError(f"{path}: {key} must be a path in quotes")
        if value:
            out[key] = value
    return out


def given(argv: list[str], option: str) -> bool:
    return any(arg == option or arg.startswith(option + "=") for arg in argv)


def resolve(argv: list[str], data: Path, programme: Path) -> tuple[Path, Path]:
    """The data folder and programme file to use, absolute (see the module's docstring for the order)."""
    config: dict[str, str] | None = None

    def from_config(key: str) -> str | None:
        nonlocal config
        if config is None:
            config = read_config()
        return config.get(key)

    if not given(argv, "--data"):
        chosen = os.environ.get(ENV_DATA) or from_config("data")
        if chosen:
            data = Path(chosen)
    if not given(argv, "--programme"):
        chosen = os.environ.get(ENV_PROGRAMME) or from_config("programme")
        if chosen:
            programme = Path(chosen)
        elif not programme.exists() and BUNDLED_PROGRAMME.is_file():
            programme = BUNDLED_PROGRAMME   # launched from another folder: the programme that comes with it
    return data.expanduser().absolute(), programme.expanduser().absolute()
