"""Page preparation's array helpers against plain-loop references (exact counts and masks)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from extractors import scan_grid


def _box_sum_loops(ink: npt.NDArray[np.bool_], r: int) -> npt.NDArray[np.int64]:
    h, w = ink.shape
    out = np.zeros((h, w), np.int64)
    for y in range(h):
        for x in range(w):
            out[y, x] = ink[max(0, y - r) : y + r + 1, max(0, x - r) : x + r + 1].sum()
    return out


def _runs_loops(dark: npt.NDArray[np.bool_], length: int) -> npt.NDArray[np.bool_]:
    out = np.zeros_like(dark)
    for y, row in enumerate(dark.tolist()):
        x = 0
        while x < len(row):
            end = x
            while end < len(row) and row[end]:
                end += 1
            if end - x >= length:
                out[y, x:end] = True
            x = max(end, x + 1)
    return out


@pytest.mark.parametrize("density", [0.1, 0.5, 0.9])
def test_box_sum_counts_the_ink_around_each_pixel(density: float) -> None:
    ink = np.random.default_rng(3).random((23, 41)) < density
    for r in (1, 2, 3, 8):  # 8: a 17 x 17 box counts past 255
        assert scan_grid._box_sum(ink, r).tolist() == _box_sum_loops(ink, r).tolist()


@pytest.mark.parametrize("density", [0.3, 0.8, 0.97])
def test_runs_mark_the_pixels_of_long_runs_either_way(density: float) -> None:
    dark = np.random.default_rng(5).random((29, 41)) < density
    for length in (1, 2, 3, 5, 7, 8, 13, 29, 41, 50):
        assert scan_grid._runs(dark, length).tolist() == _runs_loops(dark, length).tolist()
        assert scan_grid._runs(dark, length, axis=0).tolist() == _runs_loops(dark.T, length).T.tolist()


def test_runs_of_a_ruling_and_a_letter() -> None:
    dark = np.zeros((3, 12), bool)
    dark[0, 2:10] = True  # a ruling 8 pixels long
    dark[1, 0:3] = True  # a stroke 3 long
    got = scan_grid._runs(dark, 5)
    assert got.astype(int).tolist() == [[0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0], [0] * 12, [0] * 12]
