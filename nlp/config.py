"""Settings: where the library lives, which model to load, what to cross-reference.

Read, lowest priority first, from built-in defaults, the TOML config file
(``$MARGIN_CONFIG``, else ``config.toml`` in platformdirs' user config dir for ``margin``),
environment variables (``MARGIN_DATA_DIR``, ``MARGIN_MODEL``), and command-line options.

Config file keys::

    data_dir = "~/news/margin"          # where the index lives
    model = "en_core_web_sm"            # spaCy package name or pipeline path
    excluded_labels = ["DATE", "TIME"]  # entity types kept out of cross-references
    fuzzy_cutoff = 90                   # rapidfuzz ratio for linking across articles
    max_file_mb = 20                    # larger files are refused
    fetch_timeout = 15                  # seconds to connect, and between reads, for web addresses
    workers = 0                         # extraction processes for large imports (0: one per core, up to 4)

``MARGIN_FETCH_TIMEOUT`` and ``MARGIN_WORKERS`` override the last two. An unknown key, or a
value of the wrong type or out of range, is refused with one line naming the key.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from nlp.labels import NUMERIC_LABELS

APP_NAME = "margin"
_UNSET = Path("")
"""Stands for "not chosen yet", so platformdirs is only asked when no folder was given."""


class ConfigError(ValueError):
    """The config file cannot be read or holds a bad value (the message is cleaned of control characters)."""

    def __str__(self) -> str:
        from nlp.text import one_line

        return one_line(super().__str__())


@dataclass(frozen=True)
class Settings:
    """Everything configurable. :func:`load_settings` gives the user's; other code states at
    least :attr:`data_dir`."""

    data_dir: Path
    """Folder holding the index (``index.sqlite3``)."""
    model: str | None = None
    """spaCy model to load; None tries the defaults (:mod:`nlp.model`)."""
    excluded_labels: frozenset[str] = NUMERIC_LABELS
    """Entity types kept out of the cross-referenced entities."""
    fuzzy_cutoff: float = 90.0
    """Minimum rapidfuzz ratio (0-100) for linking a name to an index entity of another spelling."""
    max_file_mb: float = 20.0
    """Files larger than this are refused."""

    fetch_timeout: float | None = None
    """Seconds allowed to connect and between reads when fetching a web address; None: the default."""
    workers: int = 0
    """Extraction processes for large imports; 0 picks one per usable core, at most 4."""

    @property
    def max_bytes(self) -> int:
        """:attr:`max_file_mb` in bytes."""
        return int(self.max_file_mb * 1024 * 1024)


def default_data_dir() -> Path:
    """platformdirs' user data folder for Margin (``~/.local/share/margin`` on Linux)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME))


def config_path() -> Path:
    """Where the config file is read from: ``$MARGIN_CONFIG``, else the user config folder."""
    if os.environ.get("MARGIN_CONFIG"):
        return Path(os.environ["MARGIN_CONFIG"])
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME)) / "config.toml"


def load_settings(data_dir: str | None = None, model: str | None = None) -> Settings:
    """Settings from the config file, the environment and the given options, in that order."""
    settings = _from_file(config_path())
    if os.environ.get("MARGIN_DATA_DIR"):
        settings = replace(settings, data_dir=Path(os.environ["MARGIN_DATA_DIR"]))
    if os.environ.get("MARGIN_MODEL"):
        settings = replace(settings, model=os.environ["MARGIN_MODEL"])
    try:
        if os.environ.get("MARGIN_FETCH_TIMEOUT"):
            settings = replace(settings, fetch_timeout=_positive(float(os.environ["MARGIN_FETCH_TIMEOUT"])))
        if os.environ.get("MARGIN_WORKERS"):
            settings = replace(settings, workers=int(os.environ["MARGIN_WORKERS"]))
    except ValueError as err:
        raise ConfigError(f"bad MARGIN_FETCH_TIMEOUT or MARGIN_WORKERS: {err}") from None
    if data_dir:
        settings = replace(settings, data_dir=Path(data_dir))
    if model:
        settings = replace(settings, model=model)
    if settings.data_dir == _UNSET:
        settings = replace(settings, data_dir=default_data_dir())
    return replace(settings, data_dir=settings.data_dir.expanduser())


def _from_file(path: Path) -> Settings:
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings(data_dir=_UNSET)
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: cannot read the config file: {err}") from None
    import tomllib  # only when there is a config file: it costs the reader's start-up ~20 ms

    try:
        values = tomllib.loads(source)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: cannot read the config file: {err}") from None
    settings = Settings(data_dir=_UNSET)
    for key, value in values.items():
        if key not in _KEYS:
            raise ConfigError(f"{path}: unknown key {key!r} in the config file (known keys: {', '.join(_KEYS)})")
        try:
            settings = replace(settings, **{key: _KEYS[key](value)})
        except (TypeError, ValueError) as err:
            raise ConfigError(f"{path}: bad value for {key!r} in the config file: {err}") from None
    return settings


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected a non-empty string, not {value!r}")
    return value


def _number(low: float, high: float | None = None, whole: bool = False, above: bool = False):
    """A check for a number of at least *low* (above it, if *above*), at most *high*, and whole if *whole*."""

    def check(value: object) -> float | int:
        kinds = (int,) if whole else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds):
            raise ValueError(f"expected {'a whole number' if whole else 'a number'}, not {value!r}")
        if value < low or (above and value == low) or (high is not None and value > high):
            bounds = f"above {low:g}" if above else f"at least {low:g}"
            raise ValueError(f"{value!r} is out of range (it must be {bounds}"
                             f"{f' and at most {high:g}' if high is not None else ''})")
        return value if whole else float(value)

    return check


def _labels(value: object) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"expected a list of entity types such as [\"DATE\", \"TIME\"], not {value!r}")
    return frozenset(v.strip().upper() for v in value)


_KEYS = {
    "data_dir": lambda value: Path(_text(value)),
    "model": _text,
    "excluded_labels": _labels,
    "fuzzy_cutoff": _number(0, 100),
    "max_file_mb": _number(0, above=True),
    "fetch_timeout": _number(0, above=True),
    "workers": _number(0, whole=True),
}
"""Each config file key and the check that turns its TOML value into the setting (or raises ValueError)."""


def _positive(value: float) -> float:
    if value <= 0:
        raise ValueError(f"{value} is not a positive number of seconds")
    return value
