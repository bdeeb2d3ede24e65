"""Tunables in one place."""

from __future__ import annotations

import os
from pathlib import Path

# Inputs larger than this are refused with a clear error instead of exhausting memory.
MAX_INPUT_BYTES = int(os.environ.get("MARSAD_MAX_INPUT_BYTES", 64 * 1024 * 1024))

# Where compiled indexes (gazetteer, matcher automata) are cached.
CACHE_DIR = Path(os.environ.get("MARSAD_CACHE_DIR", Path.home() / ".cache" / "marsad"))
