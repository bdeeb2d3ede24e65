"""Reading the knowledge files shipped inside the package (YAML, TSV, text).

Every stage keeps its knowledge in data files next to its code and validates them on load; this
module is the one place that opens them, so a missing or unparsable file always fails the same
way: a `DataFileError` (or a stage's subclass of it) naming the file and the reason.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

# libyaml's parser when it is installed: the actor dictionary alone is ~1 MB of YAML.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DataFileError(ValueError):
    """A packaged data file is missing or malformed (the message names the file and the reason)."""


def read_text(package: str, name: str, error: type[DataFileError] = DataFileError) -> str:
    try:
        return resources.files(package).joinpath(name).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise error(f"{name}: cannot read ({exc})") from exc


def read_yaml(package: str, name: str, error: type[DataFileError] = DataFileError) -> Any:
    """The parsed YAML of data file `name` in `package`."""
    try:
        return yaml.load(read_text(package, name, error), Loader=_Loader)
    except yaml.YAMLError as exc:
        raise error(f"{name}: invalid YAML: {exc}") from exc
