"""Story features read scikit-learn's English stop-word list without importing scikit-learn
(its import, with the SciPy parts it pulls in, cost every ingest's start-up): the list must
be exactly the one the pair model was calibrated with."""

from __future__ import annotations

import subprocess
import sys


def test_the_stop_words_are_scikit_learn_s():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from crosscheck.stories.features import _english_stop_words

    assert _english_stop_words() == frozenset(ENGLISH_STOP_WORDS)


def test_story_features_do_not_import_scikit_learn():
    code = ("import sys, crosscheck.stories.features as f; "
            "assert 'sklearn' not in sys.modules, 'sklearn imported'; print(len(f._STOP))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 300
