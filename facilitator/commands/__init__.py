"""Sub-commands: each module exposes `add_arguments(parser)` and `run(args) -> int`.

Modules are imported only when their command runs, so `facilitator score` never loads Textual; their
one-line descriptions are in the catalogue (`facilitator.i18n.cli`, read by `facilitator.cli.helps`) for the same reason.
"""

# command name -> module name in this package
COMMANDS: dict[str, str] = {
    "console": "console",
    "observe": "observe",
    "display": "display",
    "review": "review",
    "check-programme": "check_programme",
    "score": "score",
    "anonymise": "anonymise",
    "booklet": "booklet",
    "demo": "demo",
    "report": "report",
    "pool": "pool",
    "passphrase": "passphrase",
    "purge": "purge",
    "restore": "restore",
    "check": "check",
    "rekey": "rekey",
}
