"""Property tests: any JSON document round-trips; any damage to a file is detected."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.storage.vault import FAST_TEST_KDF, CorruptFile, Vault
from tests.storage.helpers import PASSPHRASE

json_scalars = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.floats(allow_nan=False, allow_infinity=False) | st.text()
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=30,
)
documents = st.dictionaries(st.text(max_size=10), json_values, max_size=8)


@pytest.fixture(scope="module")
def shared_vault():
    with tempfile.TemporaryDirectory() as folder:
        vault, _ = Vault.create(Path(folder), PASSPHRASE, kdf=FAST_TEST_KDF)
        yield vault


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=documents)
def test_any_document_round_trips(shared_vault: Vault, doc: dict):
    shared_vault.write("cycles/c1/doc.json", doc)
    assert shared_vault.read("cycles/c1/doc.json") == doc


@st.composite
def damages(draw, size: int):
    kind = draw(st.sampled_from(["flip", "truncate", "insert", "overwrite"]))
    if kind == "flip":
        positions = draw(st.lists(st.integers(0, size - 1), min_size=1, max_size=4, unique=True))
        masks = draw(st.lists(st.integers(1, 255), min_size=len(positions), max_size=len(positions)))
        return kind, list(zip(positions, masks, strict=True))
    if kind == "truncate":
        return kind, draw(st.integers(0, size - 1))
    if kind == "insert":
        return kind, (draw(st.integers(0, size)), draw(st.binary(min_size=1, max_size=8)))
    start = draw(st.integers(0, size - 1))
    replacement = draw(st.binary(min_size=1, max_size=16))
    return kind, (start, replacement)


def apply(blob: bytes, damage) -> bytes:
    kind, arg = damage
    if kind == "flip":
        data = bytearray(blob)
        for position, mask in arg:
            data[position] ^= mask
        return bytes(data)
    if kind == "truncate":
        return blob[:arg]
    if kind == "insert":
        position, extra = arg
        return blob[:position] + extra + blob[position:]
    start, replacement = arg
    return blob[:start] + replacement + blob[start + len(replacement) :]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_damage_is_detected(shared_vault: Vault, data):
    relpath = "cycles/c1/damaged.json"
    shared_vault.write(relpath, {"text": "Séance 4", "n": [1, 2, 3]})
    path = shared_vault.data_dir / relpath
    blob = path.read_bytes()
    damaged = apply(blob, data.draw(damages(len(blob))))
    if damaged == blob:
        return  # an overwrite with the same bytes is no damage
    path.write_bytes(damaged)
    with pytest.raises(CorruptFile, match=f"damaged file {relpath}"):
        shared_vault.read(relpath)
    shared_vault.delete_tree("cycles/c1")
