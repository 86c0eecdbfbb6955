"""cryfeed: one songs.json drives feeds and a Jupyter Book for learning Korean through ballads."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cryfeed.errors import CatalogError, CryfeedError, OutputError

__version__ = "0.1.0"

if TYPE_CHECKING:
    from cryfeed.catalog import load_catalog

__all__ = ["CatalogError", "CryfeedError", "OutputError", "__version__", "load_catalog"]


def __getattr__(name: str) -> Any:
    # On first use (PEP 562): `cryfeed validate` with its cache up to date loads no models.
    if name == "load_catalog":
        from cryfeed.catalog import load_catalog

        return load_catalog
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
