"""The review in Markdown: the same blocks as the HTML report, tables as pipe tables, charts omitted.

User text is escaped so a verbatim's `[rires]`, `*` or `|` never becomes a link, emphasis or column.
"""

from __future__ import annotations

import re
from pathlib import Path

from facilitator.i18n import t
from facilitator.reports.document import (
    Block,
    Bullets,
    Cell,
    Chart,
    Heading,
    PageBreak,
    Paragraph,
    Section,
    Table,
)
from facilitator.reports.output import write_output

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_LINE_START = re.compile(r"^([#+\-=])")
_ORDERED = re.compile(r"^(\d+)([.)])")


def md_escape(text: str) -> str:
    """Backslash-escape Markdown syntax and fold newlines into spaces (table cells are one line)."""
    escaped = _SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _ORDERED.sub(r"\1\\\2", _LINE_START.sub(r"\\\1", escaped))


def _cell(cell: Cell | str) -> str:
    return md_escape(cell.text if isinstance(cell, Cell) else cell)


def render_block(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return ["#" * block.level + " " + md_escape(block.text), ""]
    if isinstance(block, Paragraph):
        text = md_escape(block.text)
        if block.kind == "warning":
            return ["> **" + text + "**", ""]
        if block.kind == "note":
            return ["*" + text + "*", ""]
        return [text, ""]
    if isinstance(block, Table):
        lines = (["*" + md_escape(block.caption) + "*", ""] if block.caption else []) + ["| " + " | ".join(md_escape(h) for h in block.headers) + " |",
                 "|" + "|".join("---:" if i in block.numeric else "---" for i in range(len(block.headers))) + "|"]
        lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows]
        return lines + [""]
    if isinstance(block, Chart):
        return ["*" + md_escape(t("review.md_chart_omitted", caption=block.caption)) + "*", ""]
    if isinstance(block, Bullets):
        return [f"- {md_escape(item)}" for item in block.items] + [""]
    if isinstance(block, PageBreak):
        return ["---", ""]
    if isinstance(block, Section):
        return [line for b in block.blocks for line in render_block(b)]
    raise TypeError(f"unknown block {type(block).__name__}")


def render_markdown(blocks: list[Block]) -> str:
    return "\n".join(line for block in blocks for line in render_block(block)).rstrip() + "\n"


def write_markdown(blocks: list[Block], path: Path) -> None:
    """Temp file in the same folder, then rename: a failure never leaves a partial plaintext file."""
    write_output(path, render_markdown(blocks).encode("utf-8"))
