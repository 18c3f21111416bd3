"""The public API: every exported name resolves, and nothing heavy loads on import."""

import subprocess
import sys

import crosscheck


def test_every_exported_name_resolves():
    missing = [name for name in crosscheck.__all__ if getattr(crosscheck, name, None) is None]
    assert missing == []


def test_unknown_names_raise_attribute_error():
    try:
        crosscheck.no_such_thing  # noqa: B018
    except AttributeError as error:
        assert "no_such_thing" in str(error)
    else:
        raise AssertionError("expected AttributeError")


def test_import_does_not_load_spacy_or_onnxruntime():
    code = "import sys, crosscheck; print('spacy' in sys.modules, 'onnxruntime' in sys.modules)"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert output.stdout.split() == ["False", "False"]


def test_every_dossier_record_is_reachable_from_crosscheck_records():
    import dataclasses

    from crosscheck import records
    from crosscheck.compare import records as dossier_records

    given = {
        name for name, value in vars(dossier_records).items()
        if dataclasses.is_dataclass(value) and isinstance(value, type)
    }
    assert given == set(records.DOSSIER_RECORDS)
    assert all(getattr(records, name) is getattr(dossier_records, name) for name in given)


def test_the_ground_floor_imports_nothing_of_the_pipeline():
    code = ("import sys, crosscheck.records; "
            "print(sorted(m for m in sys.modules if m.startswith('crosscheck.')))")
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert output.stdout.split() == ["['crosscheck.records']"]
