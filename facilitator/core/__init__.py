"""Pure domain logic: no Textual, no TinyDB, no disk access beyond reading given files."""
