"""Settings of the PDF and scan readers, as frozen records passed in (defaults: the tuned values).

A caller that wants other values makes its own record (``dataclasses.replace(OCR, workers=1)``) and
passes it down; nothing is read from module globals at call time, so two reads in one process can
use different settings and a test needs no monkeypatching.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class LineSettings:
    """Rebuilding lines from characters or words, in units of the line's height."""

    #: a wider gap between two characters is a space
    space_gap: float = 0.15
    #: a wider gap is a column break (a new cell) in untabled text
    tab_gap: float = 2.5
    #: baselines closer than this belong to one line
    baseline_tolerance: float = 0.35
    #: a mark substitute floats when its ink starts this far above the baseline
    float_above: float = 0.45
    #: share of a mark's width over the base before it in the stream to stay there
    previous_overlap: float = 0.5
    #: a blank of this many line heights between two lines of a cell parts sub-rows
    sub_row_gap: float = 1.0
    #: lines further apart than this many times the page's usual line pitch part paragraphs
    paragraph_pitch: float = 1.2
    #: a line starting this many line heights off the paragraph's left edge parts it
    paragraph_indent: float = 1.0


@dataclass(frozen=True, slots=True)
class TableSettings:
    """Finding ruled tables (pdfplumber's cell algorithm on ruling edges), in points."""

    #: snap / join / intersection tolerance
    tolerance: float = 3.0
    #: shorter ruling pieces are ignored
    min_edge: float = 3.0


@dataclass(frozen=True, slots=True)
class OcrSettings:
    """Rendering, Tesseract and rebuilding lines of scanned pages."""

    lang: str = "tha+eng"
    dpi: int = 300
    #: one uniform block of text: keeps table rows on one line
    psm: int = 6
    #: per page
    timeout_s: float = 120.0
    #: Tesseracts at once (each single-threaded)
    workers: int = 2
    #: run Tesseract in this process, models kept loaded (extractors.tess_api), when the library
    #: loads; else (or False) one ``tesseract`` process per page. The words are the same.
    in_process: bool = True
    #: a word gap wider than this share of the line height is a space
    space_gap: float = 0.3
    # tha กลับคำเป็นตัวอักษรทีละตัว ช่องว่างภายในคำกว้างได้ถึงราว 0.55 เท่าความสูงบรรทัด
    # (the tha model gives one "word" per glyph cluster, gaps inside a Thai word reach ~0.55 height)
    thai_space_gap: float = 0.6
    #: wider than this is a column break
    tab_gap: float = 2.5
    #: Tesseract's -1 marks non-word rows
    min_confidence: float = 0.0
    #: re-read Thai-digit numbers from the glyphs (extractors.ocr_digits)
    reread_digits: bool = True
    #: candidate words closer than this share of the line height are one number
    digit_gap: float = 0.6
    #: a word less confident than this ...
    junk_conf: float = 60.0
    #: ... and shorter than this share of the page's median word is a speck
    junk_height: float = 0.6
    #: a line whose median word is shorter than this share of the page's is specks
    junk_line_height: float = 0.65
    #: so is a line recognised with less confidence than this on average
    junk_line_conf: float = 50.0
    #: gray levels below this are ink when looking for ruling lines
    dark: int = 160
    #: ... on a grey page (before it is binarised): a faint ruling is a long run of light grey
    faint_rule: int = 200
    #: a horizontal ruling is at least this long (inches); no letter is as wide
    h_rule_in: float = 0.25
    #: a vertical one at least this long: longer than a letter, shorter than a table row
    v_rule_in: float = 0.18
    #: a ruling's erased fringe: one pixel per this many dpi either side
    rule_margin_dpi: int = 100
    #: the constrained re-reading of numeric table cells (extractors.ocr_numbers)
    reread_numbers: bool = True
    #: table cells with ink and no word read again on their own (extractors.ocr_empty)
    reread_empty: bool = True
    number_lang: str = "eng"
    number_chars: str = "0123456789.,%-"
    #: inside a table cell, a word of marks only ("." "|" "'") less confident than this is grain
    cell_mark_conf: float = 80.0
    #: breaks in a ruling up to this long (inches) are bridged (broken or faint rules)
    rule_bridge_in: float = 0.08
    #: page preparation (extractors.scan_grid): threshold a grey page to bilevel ...
    binarise: bool = True
    #: ... gray levels below this are ink when binarising and despeckling
    ink_level: int = 160
    #: ... remove grain: an ink pixel with at most this many ink pixels in its 5 x 5 box
    despeckle: bool = True
    speck_neighbours: int = 5
    #: ... turn a tilted page straight (degrees at most either way; smaller tilts are left)
    deskew: bool = True
    max_skew: float = 3.0
    min_skew: float = 0.05
    #: ink pixels sampled to measure the tilt
    skew_sample: int = 60000
    #: render an image-only page at its scan's own resolution (between these dpi), not ``dpi``
    native_dpi: bool = True
    min_native_dpi: int = 150


@dataclass(frozen=True, slots=True)
class PdfSettings:
    """Reading a PDF: when a page goes to OCR, and the settings of each step."""

    #: fewer letters over a page-size image: the text is a stamp, OCR the page
    thin_text_letters: int = 40
    #: images covering this share of the page make it a scan
    page_image_share: float = 0.5
    #: a compressed stream inflating beyond this many bytes refuses the file (a decompression bomb;
    #: extractors.pdf_streams); 0: no check
    max_stream_bytes: int = 256 * 2**20
    #: a page that would render for OCR (at ``ocr.dpi``) above this many pixels refuses the file: 400
    #: million is ~3x an A0 sheet; 14400 x 14400 pt (the largest a PDF allows) would be 3,600 million
    max_page_pixels: int = 400_000_000
    lines: LineSettings = field(default_factory=LineSettings)
    tables: TableSettings = field(default_factory=TableSettings)
    ocr: OcrSettings = field(default_factory=OcrSettings)


LINES = LineSettings()
TABLES = TableSettings()
OCR = OcrSettings()
PDF = PdfSettings()
