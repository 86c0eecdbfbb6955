"""Names a package exports, each imported from its own module on first use (PEP 562)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

# Hand-written rather than the lazy_loader package: it is these ten lines, and a warm
# `cryfeed validate` must import as little as possible (tests/test_startup.py).


def lazy_exports(
    package: str, namespace: dict[str, Any], modules: Mapping[str, tuple[str, ...]]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The package's __getattr__ and __dir__ for `modules` ({module: names it exports})."""
    module_of = {name: module for module, names in modules.items() for name in names}

    def getattr_(name: str) -> Any:
        module = module_of.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        namespace[name] = value  # once found, an ordinary attribute
        return value

    def dir_() -> list[str]:
        return sorted({*namespace, *module_of})

    return getattr_, dir_
