"""One JSON object per incident per line, with its mentions (the store's full view)."""

from __future__ import annotations

import json

from . import json_default

SUFFIX = ".jsonl"


def write(rows, out) -> None:
    for row in rows:
        out.write((json.dumps(row, ensure_ascii=False, default=json_default) + "\n").encode("utf-8"))
