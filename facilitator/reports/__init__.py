"""Exports of a cycle: HTML, Markdown, CSV, REDCap and Taguette."""
