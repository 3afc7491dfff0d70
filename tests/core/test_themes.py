"""Theme suggestions from the codebook's keywords (core/themes.py)."""

from __future__ import annotations

from pathlib import Path

from facilitator.core.programme import Theme
from facilitator.core.programme_loader import load_programme
from facilitator.core.themes import ThemeSuggester

ROOT = Path(__file__).resolve().parents[2]


def suggester() -> ThemeSuggester:
    return ThemeSuggester([
        Theme(id="craving", label="Craving", key="c", keywords=["envie", "craving"]),
        Theme(id="products", label="Produits", key="p", keywords=["G", "GHB", "tina"]),
        Theme(id="weekend", label="Week-end", key="w", keywords=["samedi", "week-end"]),
        Theme(id="alone", label="Solitude", key="i", keywords=["seul"]),
        Theme(id="none", label="Sans mots", key="n"),
    ])


def test_long_keywords_cover_longer_forms_short_ones_whole_words_only() -> None:
    s = suggester()
    assert s.suggest("des ENVIES terribles") == ["craving"]          # case, accents and plural
    assert s.suggest("le G et le GHB") == ["products"]
    assert s.suggest("un gars gentil, seulement") == []              # "G", "seul" are whole words only


def test_most_matches_first_at_most_three_and_exclusions() -> None:
    s = suggester()
    assert s.suggest("samedi seul avec la tina et le G, envie") == ["products", "craving", "weekend"]
    assert s.suggest("samedi, envie", exclude=["weekend"]) == ["craving"]
    assert s.suggest("   ") == []
    assert not ThemeSuggester([Theme(id="x", label="X", key="x")])


def test_both_programme_files_declare_keywords_for_every_theme() -> None:
    for name in ("sessions.yaml", "sessions.en.yaml"):
        programme = load_programme(ROOT / name)
        assert all(theme.keywords for theme in programme.codebook), name
    fr = ThemeSuggester(load_programme(ROOT / "sessions.yaml").codebook)
    en = ThemeSuggester(load_programme(ROOT / "sessions.en.yaml").codebook)
    assert "trigger_weekend" in fr.suggest("le samedi soir c'est dur")
    assert "trigger_weekend" in en.suggest("Saturday night is hard")
