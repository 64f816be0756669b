"""The reliability tests use the end-to-end fixtures (the demo sites)."""

from __future__ import annotations

from tests.e2e.conftest import demo

__all__ = ["demo"]
