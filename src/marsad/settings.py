"""Tunables in one place."""

from __future__ import annotations

import os
from pathlib import Path

# Inputs larger than this are refused with a clear error instead of exhausting memory.
MAX_INPUT_BYTES = int(os.environ.get("MARSAD_MAX_INPUT_BYTES", 64 * 1024 * 1024))

# Where compiled indexes (gazetteer, matcher automata) are cached.
CACHE_DIR = Path(os.environ.get("MARSAD_CACHE_DIR", Path.home() / ".cache" / "marsad"))

# The incident list's in-memory index (`store/list_index.py`): used for stores of at most this
# many incidents (0 turns it off; each web worker holds one, ~60 MB per 100,000 incidents), and
# rebuilt after a write at most once per this many seconds (meanwhile SQL serves the list).
LIST_INDEX_MAX_INCIDENTS = int(os.environ.get("MARSAD_LIST_INDEX_MAX_INCIDENTS", 1_000_000))
LIST_INDEX_REBUILD_GAP = float(os.environ.get("MARSAD_LIST_INDEX_REBUILD_GAP", 2.0))
