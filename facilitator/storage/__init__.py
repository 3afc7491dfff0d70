"""Durable, encrypted storage of the data folder (TinyDB files). Never imports Textual."""
