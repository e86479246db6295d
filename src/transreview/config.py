"""``[tool.transreview]`` in the nearest ``pyproject.toml``: a repository's check settings.

In: a starting folder (the current one by default). Out: a ``Config`` read from the first
``pyproject.toml`` found in that folder or above it, or the defaults when none has the table.
Keys: ``glossary`` (path, relative to the file), ``select``, ``ignore`` (rule ids),
``severity`` (rule id -> error/warning/info), ``fail-on``, ``baseline`` (path). Invalid values
are an ``InputError`` naming the file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transreview.errors import InputError

_SEVERITIES = ("error", "warning", "info")
_KEYS = ("glossary", "select", "ignore", "severity", "fail-on", "baseline")


@dataclass(frozen=True, slots=True)
class Config:
    """Settings for ``transreview check``; command-line options override them."""

    path: str | None = None
    """The ``pyproject.toml`` they came from (None: defaults)."""
    glossary: str | None = None
    """Glossary path, resolved against the config file's folder."""
    select: tuple[str, ...] | None = None
    """Rule ids to run (None: all)."""
    ignore: tuple[str, ...] = ()
    """Rule ids not to run."""
    severity: dict[str, str] = field(default_factory=dict)
    """Severity overrides by rule id."""
    fail_on: str | None = None
    """The severity that fails the run."""
    baseline: str | None = None
    """Baseline file, resolved against the config file's folder."""


def find_pyproject(start: Path | None = None) -> Path | None:
    """The first ``pyproject.toml`` in ``start`` (default: the current folder) or above it."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        path = candidate / "pyproject.toml"
        if path.is_file():
            return path
    return None


def _rule_list(path: str, table: dict[str, Any], key: str) -> tuple[str, ...] | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(path, f"[tool.transreview] {key} must be a list of rule ids")
    return tuple(value)


def load_config(start: Path | None = None) -> Config:
    """The check settings of the nearest ``pyproject.toml`` (defaults when there is none)."""
    found = find_pyproject(start)
    if found is None:
        return Config()
    path = str(found)
    try:
        data = tomllib.loads(found.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(path, f"cannot read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(path, f"not valid TOML: {error}") from None
    table = data.get("tool", {}).get("transreview")
    if table is None:
        return Config()
    if not isinstance(table, dict):
        raise InputError(path, "[tool.transreview] must be a table")
    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        raise InputError(path, f"[tool.transreview] unknown key(s) {', '.join(unknown)} "
                               f"(known: {', '.join(_KEYS)})")
    severity = table.get("severity", {})
    if not isinstance(severity, dict) or not all(
            isinstance(v, str) and v in _SEVERITIES for v in severity.values()):
        raise InputError(path, "[tool.transreview] severity must map rule ids to "
                               "'error', 'warning' or 'info'")
    fail_on = table.get("fail-on")
    if fail_on is not None and fail_on not in _SEVERITIES:
        raise InputError(path, f"[tool.transreview] fail-on must be one of {_SEVERITIES}")
    resolved = {}
    for key in ("glossary", "baseline"):
        value = table.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(path, f"[tool.transreview] {key} must be a path")
        resolved[key] = str(found.parent / value) if value else None
    return Config(
        path=path, glossary=resolved["glossary"], select=_rule_list(path, table, "select"),
        ignore=_rule_list(path, table, "ignore") or (), severity=dict(severity),
        fail_on=fail_on, baseline=resolved["baseline"],
    )
