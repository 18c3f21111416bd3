"""Exceptions raised by crosscheck.

    CrosscheckError
     +-- InputError          an input cannot be read (the batch readers turn it into a Rejection)
     +-- ModelError          the spaCy or embedding model is missing or broken
     +-- StoreError          the database cannot be opened, migrated or written
     |    +-- NotFound       no article or story with that id
     |    +-- AmbiguousId    an id prefix that several articles or stories start with
     |    +-- StaleIndex     the story index kept in the store lacks a part (it is rebuilt)
     +-- AnalysisError       an analysis stage failed on an article
     +-- ExecutorError       the worker processes or the Dask cluster failed during a run
          +-- ExecutorUnavailable  the Dask cluster cannot be used (distributed is not
                                   installed, or the scheduler cannot be reached)

The library raises; only the CLI and the web layer translate these into messages and exit
codes or HTTP errors.
"""

from __future__ import annotations


class CrosscheckError(Exception):
    """Base class of every error crosscheck raises on purpose."""


class InputError(CrosscheckError):
    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


class ModelError(CrosscheckError):
    pass


class StoreError(CrosscheckError):
    pass


class NotFound(StoreError):
    pass


class AmbiguousId(StoreError):
    pass


class StaleIndex(StoreError):
    pass


class AnalysisError(CrosscheckError):
    pass


class ExecutorError(CrosscheckError):
    pass


class ExecutorUnavailable(ExecutorError):
    pass
