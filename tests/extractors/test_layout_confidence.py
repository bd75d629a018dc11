"""OCR cell confidences reach the figures read from those cells (extractors/layout/confidence.py)."""

from __future__ import annotations

from extractors.layout.confidence import ocr_confidence
from extractors.layout.state import Walk
from extractors.records import Document, Figure, Indicator, Provenance, Row, Total
from extractors.templates import load_templates
from pipeline.scoring import run_checks


def _doc() -> Document:
    prov = Provenance("scan.pdf", 2, 7, "5.1\t10\t90.561\t9.157", source="ocr")
    row = Indicator("summary", "5.1", 5, prov, weight=Figure(10, 0, "10"), score=Figure(90.561, 3, "90.561"),
                    weighted_score=Figure(9.157, 3, "9.157"))
    total = Total("summary", "component", 5, Provenance("scan.pdf", 2, 8, "รวม\t9.157", source="ocr"),
                  reported=Figure(9.157, 3, "9.157"))
    return Document("d", "scan.pdf", "pdf-scanned", indicators=[row], totals=[total])


def _rows(conf: float) -> list[Row]:
    return [
        Row(line=7, raw="", cells=["5.1", "10", "90.561", "9.157"], is_table=True, page=2,
            cell_confidences=[None, 0.99, 0.97, conf]),
        Row(line=8, raw="", cells=["รวม", "9.157"], is_table=True, page=2, cell_confidences=[None, 0.95]),
    ]


def test_cell_confidence_copied_to_figures() -> None:
    doc = _doc()
    ocr_confidence(Walk(doc, load_templates()[0]), _rows(0.41))
    ind = doc.indicators[0]
    assert (ind.weight.confidence, ind.score.confidence, ind.weighted_score.confidence) == (0.99, 0.97, 0.41)  # type: ignore[union-attr]
    assert (ind.weight.certain, ind.weighted_score.certain) == (True, False)  # type: ignore[union-attr]
    assert doc.totals[0].reported == Figure(9.157, 3, "9.157", confidence=0.95)


def test_a_misread_figure_gives_a_warning_not_an_error() -> None:
    # 90.561 × 10 / 100 = 9.056, printed 9.157: an error when read with certainty, a warning when the
    # OCR was unsure of the printed figure
    sure, unsure = _doc(), _doc()
    ocr_confidence(Walk(sure, load_templates()[0]), _rows(0.99))
    ocr_confidence(Walk(unsure, load_templates()[0]), _rows(0.41))
    pick = lambda d: [(f.rule, f.severity) for f in run_checks(d) if f.rule == "weighted-score"]  # noqa: E731
    assert pick(sure) == [("weighted-score", "error")]
    assert pick(unsure) == [("weighted-score", "warning")]


def test_text_inputs_untouched() -> None:
    doc = _doc()
    plain = Row(line=7, raw="", cells=["5.1", "10"], is_table=True, page=2)
    ocr_confidence(Walk(doc, load_templates()[0]), [plain])
    assert doc.indicators[0].score == Figure(90.561, 3, "90.561")
