"""Dossiers prepared in the background while the server runs, so no page view waits on a build.

At start the server builds, in one daemon thread, the dossier of every story whose kept one is
missing or stale (``crosscheck.compare.prepare_dossiers``), newest activity first; requests read
the kept dossiers meanwhile. At shutdown the thread stops between two stories.
"""

from __future__ import annotations

import logging
import threading

from crosscheck.errors import CrosscheckError
from crosscheck.store import Database

log = logging.getLogger(__name__)


class DossierPreparer:
    """One background pass over the store's stories."""

    def __init__(self, db: Database, *, build_lock: threading.Lock) -> None:
        self.db = db
        self.build_lock = build_lock  # shared with requests: one build at a time
        self.stopping = threading.Event()
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, name="prepare-dossiers", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self, *, timeout: float = 30.0) -> None:
        """Ask the pass to stop and wait for the story in hand (the store closes after)."""
        self.stopping.set()
        if self.thread.is_alive():
            self.thread.join(timeout)

    def _run(self) -> None:
        from crosscheck.compare import prepare_dossiers

        try:
            built = prepare_dossiers(self.db, should_stop=self.stopping.is_set,
                                     lock=self.build_lock)
            log.info("prepared %d dossiers", built)
        except CrosscheckError as error:  # a missing model: pages then build on demand
            log.warning("dossiers not prepared: %s", error)
        finally:
            self.done.set()
