"""cleaner: a content-quality cleaner and deduplicator for scraped text."""
from .document import Document, Drop, Removal
from .hookspecs import hookimpl
from .api import Cleaner  # noqa: E402  (after hookimpl: plugins import it)

__all__ = ["Cleaner", "Document", "Drop", "Removal", "hookimpl"]
__version__ = "0.1.0"
