"""Framing reads the descriptors the analysis stored: building a dossier parses nothing, and
an analysis stored before descriptors were kept still gives a dossier."""

from __future__ import annotations

import pytest

from crosscheck.compare import build_dossier
from crosscheck.compare.framing import build_framing
from crosscheck.compare.names import resolve_entities
from crosscheck.records import to_dict
from crosscheck.settings import DEFAULT
from crosscheck.store.codec import analysis_from_dict
from tests.test_compare_names import article

TEXT = ("Title\nThe authoritarian leader of Veldia, Oren Kask, spoke. "
        "President Oren Kask, a former general, left.")


def _kask():  # type: ignore[no-untyped-def]
    return article("a", TEXT, {"Oren Kask": ("PERSON", ["Oren Kask"])}, descriptors=[
        ("apposition", "The authoritarian leader of Veldia", "Oren Kask"),
        ("title", "President", "Oren Kask"),
        ("premodifier", "President", "Oren Kask"),
    ])


def _no_parse(*args, **kwargs):  # type: ignore[no-untyped-def]
    raise AssertionError("building a dossier must not parse")


def test_framing_comes_from_the_stored_descriptors_without_a_parse(monkeypatch):
    monkeypatch.setattr("crosscheck.nlp.spacy_model.load", _no_parse)
    record, analysis = _kask()
    entities, _ = resolve_entities([record], [analysis], settings=DEFAULT.compare)
    (framing,) = build_framing([record], [analysis], entities, settings=DEFAULT.compare)
    found = {(d.kind, d.evidence.text) for d in framing.descriptors}
    assert ("apposition", "The authoritarian leader of Veldia") in found
    assert ("premodifier", "President") in found
    assert ("loaded", "authoritarian") in found
    assert not any(kind == "title" for kind, _ in found)  # titles go to the names' forms


def test_an_analysis_stored_without_descriptors_loads_and_gives_a_dossier():
    record, analysis = _kask()
    stored = to_dict(analysis)
    del stored["descriptors"]  # as an analysis stored before the field existed
    old = analysis_from_dict(stored)
    assert old.descriptors == ()
    assert old.mentions == analysis.mentions
    dossier = build_dossier([record], [old], use_embeddings=False)
    assert [e.name for e in dossier.entities] == ["Oren Kask"]
    assert all(d.kind not in ("apposition", "premodifier") for f in dossier.framing
               for d in f.descriptors)


@pytest.mark.parametrize("kind", ["apposition", "premodifier", "title"])
def test_descriptors_round_trip_through_the_store_codec(kind):
    _, analysis = _kask()
    again = analysis_from_dict(to_dict(analysis))
    assert again == analysis
    assert any(d.kind == kind for d in again.descriptors)
