"""The core is headless: no module outside ``transreview.tui`` imports Textual (DESIGN, 1)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import transreview

CORE_MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(transreview.__path__, prefix="transreview.")
    if not info.name.startswith("transreview.tui") and info.name != "transreview.__main__"
)


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_does_not_import_textual(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "leaked = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"{module} imports {result.stdout.strip()}"


def test_core_module_list_is_not_empty() -> None:
    assert "transreview.model" in CORE_MODULES
    assert "transreview.cli" in CORE_MODULES
