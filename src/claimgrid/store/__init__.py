"""The corpus store: articles, claims, stories and errors in one embedded SQLite file.

``open_store(path)`` opens (creating and migrating) a database; see ``sqlite.py``
for the layout and the one-writer, one-transaction-per-batch rule.
"""
from .sqlite import Store, StoredStory, open_store

__all__ = ["Store", "StoredStory", "open_store"]
