"""Tables without ruling lines, found by column alignment (the idea of camelot's stream and
pdfplumber's "text" strategy, made conservative).

Input: the words of a page that no ruled grid took, as boxes (``text, x0, top, x1, bottom``, any
unit). Output: :class:`Table` regions whose rows hold, per column, the words of one table row, so
the callers build rows exactly as for a ruled grid (one line of tab-separated cells, cell boxes).

1. Physical lines (words whose boxes overlap vertically); each line split into *chunks* at gaps
   wider than ``chunk_gap`` line heights (a word space is ~0.2, a column gap ≥ ~0.4).
2. Lines with ≥ ``min_chunks`` chunks are *multi* lines. Runs of them (with the lines between)
   are candidate regions. Column *gutters*: x-intervals no multi line covers (a few may: header
   cells spanning columns), at least ``chunk_gap`` wide, with text on both sides.
3. A line between them that is one chunk crossing a gutter that no multi line crosses, or whose
   text covers ``dense_share`` of the page's text width, is narrative (a paragraph): it splits
   the region and never vouches for columns. The region runs from its first multi line to its last,
   plus the lines that continue the last row at the line pitch.
4. Rows: a line starts a row when it holds a figure or an item id ("2.1", "10", "95.592") that
   does not wrap text right above it in its column (or two figures), or text under a blank in its
   column (a step over ``row_gap`` pitches). Other lines continue the row (wrapped cells). The
   first column's text that runs on, without a break, into the next row (a cell merged down,
   "องค์ประกอบที่ 2 …") stays with the row that started it.
5. Evidence, else nothing is rebuilt: ≥ ``min_columns`` columns (as many filled on ≥ 2 lines: a
   note column may hold one entry); ≥ ``min_rows`` rows that fill ≥ ``min_columns`` columns and
   hold a word (a chart's ticks and data labels are figures only); the figures of a numeric column
   aligned (left, right or centre edges within ``align_tolerance`` heights).
6. A table that ends a page (``carry``) goes on at the top of the next page with its columns, for
   the lines that keep to them, however few (a tall row may fill a page).

The callers: :func:`extractors.pdf_poppler.page_lines` (text layers read by poppler).
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar


class Box(Protocol):
    """A word with its box (top-left origin)."""

    @property
    def text(self) -> str: ...
    @property
    def x0(self) -> float: ...
    @property
    def top(self) -> float: ...
    @property
    def x1(self) -> float: ...
    @property
    def bottom(self) -> float: ...


W = TypeVar("W", bound=Box)


@dataclass(frozen=True, slots=True)
class UnruledSettings:
    """Thresholds, in units of the page's median word height unless said otherwise."""

    same_line: float = 0.5  # vertical overlap share for two words to be on one line
    chunk_gap: float = 0.4  # at most: a wider gap between words of a line may be a column gap
    chunk_gap_min: float = 0.28  # at least
    space_factor: float = 1.5  # a column gap is wider than this many word spaces
    space_min: float = 0.08  # gaps counted as word spaces (smaller: a word split by the producer)
    space_max: float = 0.6
    min_chunks: int = 3  # chunks for a line to vouch for columns
    min_multi: int = 3  # multi lines for a region
    min_columns: int = 3
    min_rows: int = 3  # rows filling at least min_columns columns
    spanning_share: float = 0.15  # share of multi lines that may cross a gutter (spanning header cells)
    max_between: int = 12  # lines between two multi lines of one region
    row_gap: float = 1.25  # a step over this many line pitches starts a row (a blank between rows)
    continue_gap: float = 1.15  # a step up to this many pitches continues a cell
    align_tolerance: float = 0.35
    dense_share: float = 0.75  # a line whose text covers this share of the page's text width is prose
    min_figure_share: float = 0.6  # figures among a column's chunks for it to be numeric


UNRULED = UnruledSettings()

# ตัวเลข/รหัสตัวชี้วัด ("2.1", "10", "95.592", "1.", "(5)", "100%") เป็นจุดเริ่มแถว
# (a figure or an item id: a row starts where one is)
FIGURE = re.compile(r"^[(\[]?[-+]?[0-9๐-๙][0-9๐-๙,]*(?:\.[0-9๐-๙]+)*\.?%?[)\]]?$")


# เลขหน้าเหนือตาราง (a page number over the table)
_PAGE_NUMBER = re.compile(r"[-–\s]*[0-9๐-๙]{1,3}[-–\s]*")
_DIGIT = re.compile(r"[0-9๐-๙]")
_LETTER = re.compile(r"[A-Za-z\u0e01-\u0e2e]")


@dataclass(slots=True)
class Chunk(Generic[W]):
    words: list[W]
    x0: float
    x1: float

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass(slots=True)
class PhysLine(Generic[W]):
    words: list[W]
    top: float
    bottom: float
    chunks: list[Chunk[W]]
    #: its text covers most of the page's text width: a paragraph's line, never a table row
    dense: bool = False


Gutter = tuple[float, float, int]  # x0, x1, multi lines that cross it (spanning cells)


@dataclass(frozen=True, slots=True)
class Columns:
    """A table's column model, kept to continue the table on the next page."""

    gutters: tuple[Gutter, ...]
    #: x-extent of each column
    columns: tuple[tuple[float, float], ...]
    #: the pitch of a cell's lines
    pitch: float


@dataclass(slots=True)
class Table(Generic[W]):
    """One table found by alignment: its box, its column model, and per row per column the words."""

    bbox: tuple[float, float, float, float]
    model: Columns
    rows: list[list[list[W]]]

    @property
    def columns(self) -> tuple[tuple[float, float], ...]:
        return self.model.columns


def group_lines(words: Sequence[W], same_line: float = UNRULED.same_line) -> list[list[W]]:
    """Words grouped into physical lines, top to bottom, each left to right (pdf_poppler's rule)."""
    lines: list[list[W]] = []
    for w in sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0)):
        if lines:
            ref = lines[-1]
            top, bottom = min(x.top for x in ref), max(x.bottom for x in ref)
            overlap = min(bottom, w.bottom) - max(top, w.top)
            if overlap >= same_line * min(bottom - top, w.bottom - w.top):
                ref.append(w)
                continue
        lines.append([w])
    for line in lines:
        line.sort(key=lambda w: w.x0)
    return lines


def chunk_gap(lines: Sequence[Sequence[W]], height: float, settings: UnruledSettings = UNRULED) -> float:
    """The gap that may separate columns: 1.5 word spaces (the lower quartile of the gaps between words
    of a line from ``space_min`` to ``space_max`` heights: tables widen the rest), within
    ``chunk_gap_min``..``chunk_gap`` heights."""
    gaps = [b.x0 - a.x1 for ln in lines for a, b in itertools.pairwise(ln)
            if settings.space_min * height <= b.x0 - a.x1 <= settings.space_max * height]
    space = sorted(gaps)[len(gaps) // 4] if gaps else settings.chunk_gap * height / settings.space_factor
    wanted = max(settings.space_factor * space, settings.chunk_gap_min * height)
    return min(wanted, settings.chunk_gap * height)


def _chunks(words: list[W], gap: float) -> list[Chunk[W]]:
    out: list[Chunk[W]] = []
    for w in words:
        if out and w.x0 - out[-1].x1 < gap:
            out[-1].words.append(w)
            out[-1].x1 = max(out[-1].x1, w.x1)
        else:
            out.append(Chunk([w], w.x0, w.x1))
    return out


def _gutters(multi: Sequence[PhysLine[W]], min_width: float, tolerance: int) -> list[Gutter]:
    """Interior x-intervals that at most ``tolerance`` multi lines cover: (x0, x1, lines covering).

    Where such an interval holds a part no line covers, at least half ``min_width`` wide, the
    gutter is that part (a hard gutter, 0): a cell's ragged text only narrows it.
    """
    spans = [(c.x0, c.x1) for ln in multi for c in ln.chunks]
    left, right = min(s[0] for s in spans), max(s[1] for s in spans)
    cuts = sorted({x for s in spans for x in s})
    pieces = []  # (x0, x1, cover) between consecutive cuts
    for a, b in itertools.pairwise(cuts):
        mid = (a + b) / 2
        pieces.append((a, b, sum(1 for ln in multi if any(c.x0 < mid < c.x1 for c in ln.chunks))))
    out: list[Gutter] = []
    run: list[tuple[float, float, int]] = []
    for piece in [*pieces, (right, right, tolerance + 1)]:
        if piece[2] <= tolerance:
            run.append(piece)
            continue
        if run and run[-1][1] - run[0][0] >= min_width and left < run[0][0] and run[-1][1] < right:
            core = [p for p in run if p[2] == 0]
            solid = core and all(p[2] == 0 for p in run if core[0][0] <= p[0] < core[-1][1])
            if solid and core[-1][1] - core[0][0] >= 0.5 * min_width:
                out.append((core[0][0], core[-1][1], 0))
            else:
                out.append((run[0][0], run[-1][1], max(p[2] for p in run)))
        run = []
    return out


def _top(c: Chunk[W]) -> float:
    return min(w.top for w in c.words)


def _crosses(chunk: Chunk[W], gutter: Gutter) -> bool:
    return chunk.x0 < gutter[0] and chunk.x1 > gutter[1]


def _column(x: float, gutters: Sequence[Gutter]) -> int:
    return sum(1 for g in gutters if x >= (g[0] + g[1]) / 2)


def _aligned(boxes: Sequence[tuple[float, float]], tol: float) -> bool:
    if len(boxes) < 2:
        return True
    for vals in ([b[0] for b in boxes], [b[1] for b in boxes], [(b[0] + b[1]) / 2 for b in boxes]):
        if max(vals) - min(vals) <= tol:
            return True
    return False


def find_tables(
    words: Sequence[W], settings: UnruledSettings = UNRULED, carry: Columns | None = None
) -> list[Table[W]]:
    """Tables without rulings among ``words`` (see the module's docstring); [] when the evidence is weak.

    ``carry``: the columns of a table that ended the previous page. The lines at the top of this
    page that keep to them (none crosses a gutter no line of that table crossed) continue it, with
    the same columns, however few they are (a tall row may fill a page).
    """
    if not words:
        return []
    height = statistics.median(w.bottom - w.top for w in words) or 1.0
    grouped = group_lines(words, settings.same_line)
    gap = chunk_gap(grouped, height, settings)
    lines = [PhysLine(ws, min(w.top for w in ws), max(w.bottom for w in ws), _chunks(ws, gap))
             for ws in grouped]
    width = max(w.x1 for w in words) - min(w.x0 for w in words)
    for ln in lines:
        ln.dense = sum(c.x1 - c.x0 for c in ln.chunks) >= settings.dense_share * width
    if carry is not None:
        tables, start = _carried(lines, carry, height, gap, settings)
        if tables:
            return tables + _detect(lines, start, height, gap, settings)
    return _detect(lines, 0, height, gap, settings)


def _detect(
    lines: list[PhysLine[W]], start: int, height: float, gap: float, settings: UnruledSettings
) -> list[Table[W]]:
    multi = [k for k, ln in enumerate(lines)
             if len(ln.chunks) >= settings.min_chunks and not ln.dense and k >= start]
    tables: list[Table[W]] = []
    # candidate regions: runs of multi lines not too far apart
    groups: list[list[int]] = []
    for k in multi:
        if groups and k - groups[-1][-1] - 1 <= settings.max_between:
            groups[-1].append(k)
        else:
            groups.append([k])
    for group in groups:
        tables.extend(_region(lines, group, height, gap, settings))
    return tables


def _carried(
    lines: list[PhysLine[W]], carry: Columns, height: float, gap: float, settings: UnruledSettings
) -> tuple[list[Table[W]], int]:
    """The table of the previous page continued at the top of this one, and the next line's index.

    Text right of everything the table held on the previous page opens a column (a note column
    the previous page left empty).
    """
    k0 = 0
    if lines and len(lines[0].chunks) == 1 and _PAGE_NUMBER.fullmatch(lines[0].chunks[0].text):
        k0 = 1  # a page number over the table
    hard = [g for g in carry.gutters if g[2] == 0]
    end = k0
    while end < len(lines) and not lines[end].dense and not any(
            _crosses(c, g) for c in lines[end].chunks for g in hard):
        end += 1
    if end == k0:
        return [], 0
    # text that starts right of everything the table held on the previous page opens a column
    edge = carry.columns[-1][1]
    chunks = [c for ln in lines[k0:end] for c in ln.chunks]
    outside = [c.x0 for c in chunks if c.x0 > edge]
    inside = [c.x1 for c in chunks if c.x0 <= edge]
    extra: list[Gutter] = []
    if outside and inside and min(outside) - max(inside) >= gap:
        extra = [(max(inside), min(outside), 0)]
    if extra:
        gutters = (*carry.gutters, *extra)
        edge = max(max(w.x1 for ln in lines[k0:end] for w in ln.words), carry.columns[-1][1])
        edges = [carry.columns[0][0]] + [(g[0] + g[1]) / 2 for g in gutters] + [edge]
        carry = Columns(gutters, tuple(itertools.pairwise(edges)), carry.pitch)
    got = _build(lines, list(range(k0, end)), list(carry.gutters), height, settings, carry)
    if not got:
        return [], 0
    taken = {id(w) for row in got[0].rows for col in row for w in col}
    last = max(k for k, ln in enumerate(lines) if any(id(w) in taken for w in ln.words))
    return got, last + 1


def _region(
    lines: list[PhysLine[W]], multi: list[int], height: float, gap: float, settings: UnruledSettings
) -> list[Table[W]]:
    if len(multi) < settings.min_multi:
        return []
    ms = [lines[k] for k in multi]
    tolerance = int(settings.spanning_share * len(ms))
    gutters = _gutters(ms, gap, tolerance)
    if len(gutters) + 1 < settings.min_columns:
        return []
    hard = [g for g in gutters if g[2] == 0]
    # a narrative line between the multi lines splits the region
    for k in range(multi[0] + 1, multi[-1]):
        ln = lines[k]
        crossing = len(ln.chunks) == 1 and any(_crosses(ln.chunks[0], g) for g in hard)
        if k not in multi and (ln.dense or crossing):
            before, after = [m for m in multi if m < k], [m for m in multi if m > k]
            parts = (_region(lines, part, height, gap, settings) for part in (before, after))
            return [t for part in parts for t in part]
    return _build(lines, multi, gutters, height, settings)


def _build(
    lines: list[PhysLine[W]], multi: list[int], gutters: list[Gutter], height: float,
    settings: UnruledSettings, carried: Columns | None = None,
) -> list[Table[W]]:
    hard = [g for g in gutters if g[2] == 0]
    first, last = multi[0], multi[-1]

    def col(c: Chunk[W]) -> int:
        return _column(c.x0, gutters)

    # the pitch of a cell's lines: steps between chunks of one column
    tops: dict[int, list[float]] = {}
    for ln in lines[first : last + 1]:
        for c in ln.chunks:
            tops.setdefault(col(c), []).append(_top(c))
    steps = sorted(b - a for ts in tops.values() for a, b in itertools.pairwise(ts)
                   if 0.5 * height < b - a < 2.5 * height)
    if not steps and carried is None:
        return []
    pitch = steps[len(steps) // 3] if steps else carried.pitch if carried else height
    starts: dict[int, list[tuple[float, float]]] = {}
    for ln in lines[first : last + 1]:
        for c in ln.chunks:
            starts.setdefault(col(c), []).append((c.x0, c.x1))
    tol = settings.align_tolerance * height

    def aligned(c: Chunk[W]) -> bool:
        return any(abs(c.x0 - a) <= tol or abs(c.x1 - b) <= tol for a, b in starts.get(col(c), []))

    # below the last multi line: the last row's wrapped cells, and rows that keep to the columns
    while last + 1 < len(lines):
        nxt = lines[last + 1]
        if nxt.dense or any(_crosses(c, g) for c in nxt.chunks for g in hard):
            break
        below = [_top(c) - max(tops.get(col(c), [-1e9])) for c in nxt.chunks]
        figure = any(FIGURE.match(c.text) for c in nxt.chunks)
        wraps = not figure and all(0 < d <= settings.continue_gap * pitch for d in below)
        keeps = (len(nxt.chunks) >= 2 and all(aligned(c) for c in nxt.chunks)
                 and nxt.top - lines[last].bottom <= pitch)
        if not (wraps or keeps):
            break
        last += 1
        for c in nxt.chunks:
            tops.setdefault(col(c), []).append(_top(c))
    region = lines[first : last + 1]
    ncols = len(gutters) + 1
    # rows: a line with a figure or an id starts one, or a line with text under a blank in its column
    rows: list[list[PhysLine[W]]] = []
    seen: dict[int, tuple[float, bool]] = {}  # column -> top of its last chunk in the row, a figure
    for ln in region:
        if rows:
            row_top = max(t for t, _ in seen.values())
            # a figure starts a row unless it wraps the text right above it in its column
            # (numbers do not wrap onto a figure: "ร้อยละ" / "80.500" wraps, "10" / "20" does not)
            figures = [c for c in ln.chunks if FIGURE.match(c.text)]
            above = [seen.get(col(c)) for c in figures]
            fresh = [a is None or a[1] or _top(c) - a[0] > settings.continue_gap * pitch
                     for c, a in zip(figures, above, strict=True)]
            figure = len(figures) >= 2 or any(fresh)  # two never both wrap
            gapped = any(_top(c) - seen.get(col(c), (row_top, False))[0] > settings.row_gap * pitch
                         for c in ln.chunks)
            if not figure and not gapped:
                rows[-1].append(ln)
                for c in ln.chunks:
                    seen[col(c)] = (_top(c), bool(FIGURE.match(c.text)))
                continue
        rows.append([ln])
        seen = {col(c): (_top(c), bool(FIGURE.match(c.text))) for c in ln.chunks}
    cells: list[list[list[Chunk[W]]]] = []
    for row in rows:
        cols: list[list[Chunk[W]]] = [[] for _ in range(ncols)]
        for ln in row:
            for c in ln.chunks:
                cols[_column(c.x0, gutters)].append(c)
        cells.append(cols)
    if carried is None:
        # a unit printed apart right of its figures ("166,576,700   บาท") belongs to the figure's
        # cell: the column of one repeated word right of a numeric column is no column of its own
        for j in range(1, ncols):
            texts = {c.text for row in cells for c in row[j]}
            left = [c for row in cells for c in row[j - 1]]
            shown = sum(1 for c in left if FIGURE.match(c.text))
            numeric = shown >= settings.min_figure_share * max(len(left), 1)
            if len(texts) == 1 and not _DIGIT.search(next(iter(texts))) and left and numeric:
                return _build(lines, multi, gutters[: j - 1] + gutters[j:], height, settings)
    _merged_down(cells, rows, gutters, pitch, settings)
    # evidence
    # rows of a table name things: a row of figures only is a chart's ticks and data labels
    full = sum(1 for row in cells if sum(1 for col in row if col) >= settings.min_columns
               and any(_LETTER.search(c.text) for col in row for c in col))
    if carried:
        # a continued table: a row of two cells or more, or wrapped text of a cell left of the page
        if not any(sum(1 for col in row if col) >= 2 for row in cells) and not any(cells[0][1:]):
            return []
    elif full < settings.min_rows:
        return []
    supported = 0
    for j in range(ncols):
        chunks = [c for row in cells for c in row[j]]
        supported += len(chunks) >= 2
        figures = [c for c in chunks if FIGURE.match(c.text)]
        if len(figures) >= 3 and len(figures) >= settings.min_figure_share * len(chunks):
            if not _aligned([(c.x0, c.x1) for c in figures], settings.align_tolerance * height):
                return []
    if supported < settings.min_columns and carried is None:
        return []
    words = [w for ln in region for w in ln.words]
    bbox = (min(w.x0 for w in words), min(w.top for w in words), max(w.x1 for w in words),
            max(w.bottom for w in words))
    edges = [bbox[0]] + [(g[0] + g[1]) / 2 for g in gutters] + [bbox[2]]
    model = carried or Columns(tuple(gutters), tuple((edges[j], edges[j + 1]) for j in range(ncols)), pitch)
    out_rows = [[[w for c in col for w in c.words] for col in row] for row in cells]
    return [Table(bbox, model, [r for r in out_rows if any(r)])]


def _merged_down(
    cells: list[list[list[Chunk[W]]]], rows: list[list[PhysLine[W]]], gutters: list[Gutter],
    pitch: float, settings: UnruledSettings,
) -> None:
    """First-column text that runs on into the next row (a cell merged down over several rows,
    printed top-aligned) moves back to the row that started it.

    It runs on when the next row's first-column text starts on the row's first line, right under
    the previous row's last first-column line (one pitch), that line was full (ended near the
    column's right edge: the producer wrapped it), the text is no figure or id, and the row above
    holds a figure (a header row's cells do not run on into the body).
    """
    right = gutters[0][0] if gutters else 0.0
    for r in range(1, len(rows)):
        col = cells[r][0]
        above = cells[r - 1][0]
        if not col or not above or FIGURE.match(col[0].text.split()[0]):
            continue
        if not any(FIGURE.match(c.text) for cs in cells[r - 1] for c in cs):
            continue  # the row above is a header (no id, no figure): its cells do not run on
        first_top = min(w.top for w in col[0].words)
        if abs(first_top - rows[r][0].top) > 0.5 * pitch:
            continue
        prev = max(above, key=lambda c: min(w.top for w in c.words))
        prev_top = min(w.top for w in prev.words)
        widest = max(c.x1 for c in above + col)
        em = max(w.bottom - w.top for w in prev.words)
        short = widest - prev.x1 > em + (col[0].words[0].x1 - col[0].words[0].x0)
        if first_top - prev_top > settings.continue_gap * pitch or short or right <= 0:
            continue
        # a whole run of lines of this column until it breaks off
        moved = [col[0]]
        for c in col[1:]:
            if _top(c) - _top(moved[-1]) > settings.continue_gap * pitch:
                break
            moved.append(c)
        cells[r - 1][0] = above + moved
        cells[r][0] = col[len(moved):]
