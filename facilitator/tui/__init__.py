"""Textual user interfaces: the facilitators' console, the observer and the review."""
