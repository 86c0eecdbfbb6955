"""cryfeed: one songs.json drives feeds and a Jupyter Book for learning Korean through ballads."""

from __future__ import annotations

__version__ = "0.1.0"

from cryfeed.catalog import load_catalog
from cryfeed.errors import CatalogError, CryfeedError, OutputError

__all__ = ["CatalogError", "CryfeedError", "OutputError", "__version__", "load_catalog"]
