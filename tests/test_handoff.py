"""``handoff``: values handed between processes through a mapped file come back equal, their
arrays read-only views; no file outlives its readers; without a folder nothing is written."""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

import numpy as np
import pytest

from transreview.handoff import Handoff, handed, use_folder


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    use_folder(str(tmp_path))
    yield tmp_path
    use_folder("")


def _value() -> dict[str, object]:
    return {"scores": [np.arange(12.0).reshape(3, 4), np.array([], dtype=np.int64)],
            "strided": np.arange(10)[::2], "text": "上海 Pudong", "numbers": (1, 2.5, None)}


def _assert_same(found: dict[str, object], expected: dict[str, object]) -> None:
    assert found.keys() == expected.keys()
    for key, value in expected.items():
        if key == "scores":
            assert all(np.array_equal(a, b) and a.dtype == b.dtype
                       for a, b in zip(found[key], value, strict=True))  # type: ignore[call-overload]
        elif isinstance(value, np.ndarray):
            assert np.array_equal(found[key], value)  # type: ignore[arg-type]
        else:
            assert found[key] == value


def test_without_a_folder_the_value_travels_as_itself() -> None:
    value = _value()
    handoff = handed(value)
    assert handoff.path == "" and handoff.value() is value
    handoff.discard()


def test_a_handed_value_comes_back_from_its_file_which_goes(folder: Path) -> None:
    handoff = handed(_value())
    assert os.listdir(folder) == [os.path.basename(handoff.path)]
    found = handoff.value()
    _assert_same(found, _value())
    assert os.listdir(folder) == []
    scores = found["scores"]
    assert isinstance(scores, list) and not scores[0].flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        scores[0][0, 0] = 1.0


def test_a_value_kept_for_several_readers_goes_when_discarded(folder: Path) -> None:
    handoff = handed(_value())
    _assert_same(handoff.value(keep=True), _value())
    _assert_same(handoff.value(keep=True), _value())
    handoff.discard()
    assert os.listdir(folder) == []


def _doubled(handoff: Handoff[np.ndarray]) -> Handoff[np.ndarray]:
    return handed(handoff.value() * 2)


def test_values_cross_a_process_pool_both_ways(folder: Path) -> None:
    method = "fork" if "fork" in get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(1, mp_context=get_context(method),
                             initializer=use_folder, initargs=(str(folder),)) as pool:
        back = pool.submit(_doubled, handed(np.arange(100_000))).result()
    assert back.path.startswith(str(folder))
    assert np.array_equal(back.value(), np.arange(100_000) * 2)
    assert os.listdir(folder) == []
