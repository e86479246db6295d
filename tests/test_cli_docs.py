"""Every command has ``--help`` and is documented in the README (DESIGN practice 9)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from transreview.cli import COMMAND_MODULES, build_parser

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", COMMAND_MODULES)
def test_command_has_help(command: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "transreview", command, "--help"],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"usage: transreview {command}" in result.stdout
    assert "not implemented" not in result.stdout


@pytest.mark.parametrize("command", COMMAND_MODULES)
def test_command_is_documented_in_readme(command: str) -> None:
    assert f"`transreview {command}" in README


def test_top_level_help_lists_every_command() -> None:
    text = build_parser().format_help()
    for command in COMMAND_MODULES:
        assert command in text


def test_no_command_is_a_usage_error() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "transreview"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "usage:" in result.stderr
