"""One exception tree for everything claimgrid raises on purpose.

The CLI maps ``InputError`` to exit status 2 with a one-line message; anything
outside this tree is a bug.
"""


class ClaimgridError(Exception):
    """Base of every error claimgrid raises on purpose."""


class InputError(ClaimgridError):
    """A source cannot be read. The message names the file (or URL) and the reason."""

    def __init__(self, source: str, reason: str):
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class NotEnoughSourcesError(ClaimgridError):
    """Fewer than two readable sources were given to a cross-check."""


class UnsupportedLanguageError(ClaimgridError):
    """A language has no lexicon folder, so no claims can be read from it."""


class StoreError(ClaimgridError):
    """The store (SQLite database) cannot be opened, migrated or written."""
