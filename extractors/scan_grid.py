"""Scanned pages before OCR: binarise, despeckle, deskew; the table grid from the ruling lines.

An office scan is grey or already bilevel, grainy and tilted by up to a degree or two. Tesseract
reads specks as letters and a tilted ruling as many short steps, and a tilted table gives no
clean rows. So the page is cleaned first (numpy only, whole-page array operations):

- binarise where the page is grey (a fixed ink level; the scanners' own thresholding is the same),
- despeckle: an ink pixel with almost no ink around it (a 5 x 5 box) is grain, not a letter,
- deskew: the angle (±3°) whose horizontal ink profile is the sharpest (rulings and text lines
  turn into peaks), measured on a sample of the ink pixels; the page is rotated back.

The rulings are then straight: long horizontal / vertical runs of ink, grouped into one rule per
band of rows (a rule a few pixels thick or still stepped by a residual tilt is one band), small
breaks bridged (a broken or faint rule), and handed as edges to the PDF path's table finder
(:func:`extractors.pdf_text.find_tables`, pdfplumber's cells from intersections: a merged cell is
a missing rule, so row and column spans are kept).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from PIL import Image

from extractors import pdf_text
from extractors.ocr_digits import Gray, Mask
from extractors.settings import OCR, OcrSettings


@dataclass(frozen=True, slots=True)
class Prepared:
    """A page ready for OCR: the cleaned image, the angle it was turned by, what was done."""

    gray: Gray
    angle: float
    binarised: bool
    specks: int
    #: the same page turned and binarised but not despeckled, for re-reading figures
    figures: Gray
    #: the same page turned, still grey: faint rulings are found on it (``OcrSettings.faint_rule``)
    rules: Gray


def _box_sum(ink: Mask, r: int) -> npt.NDArray[np.uint8 | np.int32]:
    """Ink pixels in the (2r+1)² box around each pixel (outside the page counts as no ink).

    Separable sums of shifted slices (in bytes while the box has fewer than 256 pixels), not an
    integral image in 32-bit integers: 10x less work on a page, the same counts.
    """
    h, w = ink.shape
    k = 2 * r + 1
    padded = np.pad(ink.astype(np.uint8 if k * k < 256 else np.int32), ((0, 0), (r, r)))
    rows = padded[:, 0:w].copy()
    for d in range(1, k):
        rows += padded[:, d : d + w]
    padded = np.pad(rows, ((r, r), (0, 0)))
    out = padded[0:h].copy()
    for d in range(1, k):
        out += padded[d : d + h]
    return out


def is_grey(gray: Gray) -> bool:
    """More than a few percent of the pixels are neither near black nor near white."""
    sample = gray[::4, ::4]
    mid = np.count_nonzero((sample > 40) & (sample < 215))
    return bool(mid > 0.02 * sample.size)


def despeckle(ink: Mask, settings: OcrSettings = OCR) -> Mask:
    """Ink left after grain: pixels with at most ``speck_neighbours`` ink pixels in their 5 x 5 box.

    A decimal point can be as small as grain and goes with it: the numeric cells are re-read from
    the page before despeckling (:attr:`Prepared.figures`).
    """
    if not settings.despeckle:
        return ink
    out: Mask = ink & (_box_sum(ink, 2) > settings.speck_neighbours)
    return out


def skew_angle(ink: Mask, settings: OcrSettings = OCR) -> float:
    """Degrees the page is tilted counter-clockwise (within ±``max_skew``; 0 when unsure).

    Each candidate angle projects the ink onto the vertical axis; rulings and text lines make the
    sharpest profile (largest sum of squares) at the page's true angle.
    """
    ys, xs = np.nonzero(ink)
    if ys.size < 1000 or settings.max_skew <= 0:
        return 0.0
    step = max(1, ys.size // settings.skew_sample)
    ys, xs = ys[::step].astype(np.float64), xs[::step].astype(np.float64)

    def score(deg: float) -> float:
        t = np.deg2rad(deg)
        proj = np.round(ys * np.cos(t) + xs * np.sin(t)).astype(np.int64)
        proj -= proj.min()
        h = np.bincount(proj)
        return float(np.dot(h, h))

    coarse = np.arange(-settings.max_skew, settings.max_skew + 1e-9, 0.1)
    best = float(coarse[int(np.argmax([score(a) for a in coarse]))])
    fine = np.arange(best - 0.1, best + 0.1 + 1e-9, 0.02)
    best = float(fine[int(np.argmax([score(a) for a in fine]))])
    return 0.0 if abs(best) < settings.min_skew else round(best, 2)


def prepare(gray: Gray, settings: OcrSettings = OCR) -> Prepared:
    """The page binarised (if grey), despeckled and deskewed; ink is black on white."""
    grey = is_grey(gray)
    ink = gray < settings.ink_level
    clean = despeckle(ink, settings)
    specks = int(np.count_nonzero(ink) - np.count_nonzero(clean))
    angle = skew_angle(clean, settings) if settings.deskew else 0.0
    binarised = grey and settings.binarise
    figures = rules = gray
    if binarised:
        figures = np.where(ink, 0, 255).astype(np.uint8)
    if binarised or specks:
        # a grey page is thresholded; a bilevel one only loses its specks
        gray = np.where(clean, 0, 255).astype(np.uint8) if binarised else np.where(ink & ~clean, 255, gray)
        gray = gray.astype(np.uint8)
    if angle:
        gray, figures = _turn(gray, -angle, binarised), _turn(figures, -angle, binarised)
        rules = _turn(rules, -angle, False) if binarised else gray
    elif not binarised:
        rules = gray
    return Prepared(np.ascontiguousarray(gray), angle, binarised, specks, np.ascontiguousarray(figures),
                    np.ascontiguousarray(rules))


def _turn(gray: Gray, angle: float, bilevel: bool) -> Gray:
    """``gray`` turned by ``angle`` degrees counter-clockwise (thresholded again if ``bilevel``)."""
    out = np.asarray(Image.fromarray(gray).rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255))
    return np.where(out < 128, 0, 255).astype(np.uint8) if bilevel else out


def _bands(profile: npt.NDArray[np.int64], min_count: int, join: int) -> list[tuple[int, int]]:
    """``(start, end)`` of runs of ``profile >= min_count``, runs closer than ``join`` joined."""
    on = np.flatnonzero(profile >= min_count)
    if on.size == 0:
        return []
    out: list[tuple[int, int]] = []
    start = prev = int(on[0])
    for v in on[1:]:
        v = int(v)
        if v - prev > join:
            out.append((start, prev + 1))
            start = v
        prev = v
    out.append((start, prev + 1))
    return out


def _segments(cover: Mask, bridge: int, min_len: int) -> list[tuple[int, int]]:
    """Runs of True in a 1-D mask, gaps up to ``bridge`` closed, runs shorter than ``min_len`` dropped."""
    return [(a, b) for a, b in _bands(cover.astype(np.int64), 1, bridge + 1) if b - a >= min_len]


def rule_edges(
    horizontal: Mask, vertical: Mask, dpi: int, settings: OcrSettings = OCR
) -> list[pdf_text.Edge]:
    """Edges in points of the ruling masks: one per band of rows (columns), breaks bridged."""
    scale = 72.0 / dpi
    min_len = max(int(settings.h_rule_in * dpi), 2)
    bridge = max(int(settings.rule_bridge_in * dpi), 1)
    edges: list[pdf_text.Edge] = []
    for y0, y1 in _bands(horizontal.sum(axis=1, dtype=np.int64), min_len, 2):
        y = (y0 + y1) / 2 * scale
        for a, b in _segments(np.asarray(horizontal[y0:y1].any(axis=0)), bridge, min_len):
            edges.append(pdf_text.Edge("h", a * scale, y, b * scale, y))
    v_len = max(int(settings.v_rule_in * dpi), 2)
    for x0, x1 in _bands(vertical.sum(axis=0, dtype=np.int64), v_len, 2):
        x = (x0 + x1) / 2 * scale
        for a, b in _segments(np.asarray(vertical[:, x0:x1].any(axis=1)), bridge, v_len):
            edges.append(pdf_text.Edge("v", x, a * scale, x, b * scale))
    return edges


# --- Ruling lines ---------------------------------------------------------------------------------


def _runs(dark: npt.NDArray[np.bool_], length: int, axis: int = 1) -> npt.NDArray[np.bool_]:
    """Pixels on a run of at least ``length`` dark pixels along ``axis`` (1: rows, 0: columns).

    A morphological opening by a ``length``-pixel segment: where all ``length`` pixels from here on
    are dark (ANDs of shifted slices, the window doubling each time), then every pixel such a window
    covers (ORs the same way). Whole-array byte operations, no transposed copy, no cumulative sums.
    """
    n = dark.shape[axis]
    if n < length:
        return np.zeros_like(dark)

    def part(a: npt.NDArray[np.bool_], start: int, stop: int) -> npt.NDArray[np.bool_]:
        return a[start:stop] if axis == 0 else a[:, start:stop]

    def windows(a: npt.NDArray[np.bool_], op: np.ufunc) -> npt.NDArray[np.bool_]:
        """``op`` over each ``length`` consecutive pixels: ``length - 1`` fewer along ``axis``."""
        span = 1
        while 2 * span <= length:
            m = a.shape[axis]
            a = op(part(a, 0, m - span), part(a, span, m))
            span *= 2
        if span < length:
            m, extra = a.shape[axis], length - span
            a = op(part(a, 0, m - extra), part(a, extra, m))
        return a

    full = windows(dark, np.logical_and)  # a full run starts here
    pad = [(0, 0), (0, 0)]
    pad[axis] = (length - 1, length - 1)
    covered: npt.NDArray[np.bool_] = windows(np.pad(full, pad), np.logical_or)
    return covered


def find_rulings(
    gray: npt.NDArray[np.uint8], dpi: int, settings: OcrSettings = OCR
) -> tuple[list[pdf_text.Edge], npt.NDArray[np.bool_]]:
    """Ruling lines of a page image: edges in points, and the mask of their pixels.

    A ruling is a straight run of dark pixels longer than any stroke of a letter: ``h_rule_in``
    inches across, ``v_rule_in`` down (shorter than one table row). One edge per band of rows
    (columns) of runs, small breaks bridged (:func:`extractors.scan_grid.rule_edges`).
    """
    dark = gray < settings.dark
    horizontal = _runs(dark, max(int(settings.h_rule_in * dpi), 2))
    vertical = _runs(dark, max(int(settings.v_rule_in * dpi), 2), axis=0)
    edges = rule_edges(horizontal, vertical, dpi, settings)
    return edges, _grow(horizontal | vertical, max(1, round(dpi / settings.rule_margin_dpi)))


def _grow(mask: npt.NDArray[np.bool_], r: int) -> npt.NDArray[np.bool_]:
    """``mask`` widened by ``r`` pixels each way: the grey fringe of a ruling goes with it."""
    out = mask.copy()
    for d in range(1, r + 1):
        out[d:, :] |= mask[:-d, :]
        out[:-d, :] |= mask[d:, :]
        out[:, d:] |= mask[:, :-d]
        out[:, :-d] |= mask[:, d:]
    return out
