"""crosscheck: cross-source dossiers of news stories."""

__version__ = "0.1.0"
