"""Sub-commands: each module exposes `HELP`, `add_arguments(parser)` and `run(args) -> int`.

Modules are imported only when their command runs, so `facilitator score` never loads Textual.
"""

# command name -> module name in this package
COMMANDS: dict[str, str] = {
    "console": "console",
    "observe": "observe",
    "review": "review",
    "check-programme": "check_programme",
    "score": "score",
    "anonymise": "anonymise",
    "booklet": "booklet",
    "demo": "demo",
    "report": "report",
    "passphrase": "passphrase",
    "purge": "purge",
    "restore": "restore",
}
