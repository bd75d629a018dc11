"""Remake the producer corpus: one report excerpt printed by the PDF producers Thai offices use.

    python tests/producers/make_corpus.py [--full OUTDIR]

The excerpt of the seed (a self-report form, the summary table ผลการประเมินผลการปฏิบัติราชการ and
an audit form แบบสรุปผลการตรวจติดตามประเมินผล) is written as ``excerpt.txt`` (the reference: OCR
text in the seed's format), as HTML (ruled tables, wrapped cells) and as .docx (python-docx), and
printed by each producer in each font into ``tests/producers/pdfs/<producer>-<font>.pdf``:

- chromium: headless ``--print-to-pdf`` of the HTML (Skia, as Chrome and Google Docs)
- libreoffice: Writer converting the .docx (``soffice --headless --convert-to pdf``)
- weasyprint, wkhtmltopdf: the HTML
- reportlab: the blocks drawn without shaping (a ReportLab-era generator)
- fpdf2: HarfBuzz-shaped, by ``tests/extractors/make_pdf.py``
- gs: Ghostscript ``pdfwrite`` re-distillation of the chromium PDF

``--full OUTDIR`` prints the whole seed by Chromium and LibreOffice into OUTDIR (50+ pages each;
too big to commit, the slow test makes them). The PDFs are deterministic enough to commit but not
byte-stable across tool versions: the test reads them, it never remakes them.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
for p in (str(ROOT), str(ROOT / "tests" / "extractors")):
    if p not in sys.path:
        sys.path.insert(0, p)

import make_pdf  # noqa: E402

SEED = ROOT / "raw_docs" / "bangrak_fy2564_ocr.txt"
PDFS = HERE / "pdfs"
EXCERPT = HERE / "excerpt.txt"
TLWG = Path("/usr/share/fonts/truetype/tlwg")
FONTS = {"laksaman": "Laksaman", "garuda": "Garuda"}
#: seed line ranges (1-based, inclusive) of the excerpt: a self-report form, the summary table,
#: the first audit form
RANGES = ((1, 28), (372, 432))
#: points, per producer: the whole seed at this size prints on 50+ pages (LibreOffice at 12 pt would
#: wrap "100.000" inside the 16 columns of the summary table: no office prints it so)
FULL_SIZE = {"chromium": 12.0, "libreoffice": 9.0}
PRODUCERS = ("chromium", "libreoffice", "weasyprint", "wkhtmltopdf", "reportlab", "fpdf2", "gs")


def excerpt(seed: Path = SEED) -> str:
    """The excerpt of the seed, in its own format (the reference text)."""
    lines = seed.read_text(encoding="utf-8").splitlines()
    out: list[str] = []
    for a, b in RANGES:
        out.extend(lines[a - 1 : b])
        out.append("")
    return "\n".join(out) + "\n"


# --- HTML -----------------------------------------------------------------------------------------


def to_html(text: str, family: str, size_pt: float = 9.0) -> str:
    """The blocks of the OCR text as an HTML page: paragraphs, ruled tables, page breaks."""
    items = make_pdf.blocks(text)
    cols = make_pdf._table_columns(items)
    css = (
        f"@page {{ size: A4 landscape; margin: 12mm; }}\n"
        f"body {{ font-family: '{family}'; font-size: {size_pt}pt; line-height: 1.35; }}\n"
        "table { border-collapse: collapse; width: 100%; margin: 4pt 0; page-break-inside: auto; }\n"
        "tr { page-break-inside: avoid; }\n"
        "td { border: 0.75pt solid black; padding: 2pt 3pt; vertical-align: top; }\n"
        "p { margin: 0 0 6pt 0; }\n"
        ".brk { page-break-before: always; }\n"
    )
    body: list[str] = []
    in_table = False
    for n, b in enumerate(items):
        if b.kind != "row" and in_table:
            body.append("</table>")
            in_table = False
        if b.kind == "break":
            body.append('<div class="brk"></div>')
        elif b.kind == "blank":
            continue
        elif b.kind == "text":
            body.append("<p>" + "<br>".join(map(html.escape, b.cells[0].split("\n"))) + "</p>")
        else:
            if not in_table:
                body.append("<table>")
                in_table = True
            cells = b.cells + [""] * (cols[n] - len(b.cells))
            tds = "".join(
                "<td>" + "<br>".join(html.escape(x) for x in c.split("\n")) + "</td>" for c in cells
            )
            body.append(f"<tr>{tds}</tr>")
    if in_table:
        body.append("</table>")
    return (
        '<!DOCTYPE html>\n<html lang="th"><head><meta charset="utf-8">'
        f"<style>{css}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


# --- .docx ----------------------------------------------------------------------------------------


def to_docx(text: str, family: str, out: Path, size_pt: float = 9.0) -> None:
    """The blocks as a Word document: landscape A4, paragraphs, tables with all borders."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_BREAK
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Mm(12))
    style = doc.styles["Normal"]
    style.font.name = family
    style.font.size = Pt(size_pt)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), family)
    rpr_cs = rpr.makeelement(qn("w:szCs"), {qn("w:val"): str(int(size_pt * 2))})
    rpr.append(rpr_cs)
    style.paragraph_format.space_after = Pt(6)
    items = make_pdf.blocks(text)
    cols = make_pdf._table_columns(items)
    table = None
    pending_break = False
    for n, b in enumerate(items):
        if b.kind != "row":
            table = None
        if b.kind == "break":
            pending_break = True
        elif b.kind == "blank":
            continue
        elif b.kind == "text":
            par = doc.add_paragraph(b.cells[0])
            if pending_break:
                par.paragraph_format.page_break_before = True
                pending_break = False
        else:
            if table is None:
                if pending_break:
                    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
                    pending_break = False
                table = doc.add_table(rows=0, cols=cols[n])
                table.style = "Table Grid"
            row = table.add_row()
            for k, c in enumerate(b.cells):
                cell = row.cells[k]
                pieces = c.split("\n")
                cell.paragraphs[0].text = pieces[0]
                for piece in pieces[1:]:
                    cell.add_paragraph(piece)
    doc.core_properties.author = "thaireport tests"
    doc.save(str(out))


# --- producers ------------------------------------------------------------------------------------


def _run(cmd: list[str], **kw: object) -> None:
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600, **kw)  # type: ignore[call-overload]


def chromium(page: Path, out: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        _run([
            "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={out}", page.as_uri(),
        ])


def libreoffice(docx: Path, out: Path) -> None:
    with tempfile.TemporaryDirectory() as work:
        _run(["soffice", f"-env:UserInstallation=file://{work}/profile", "--headless", "--convert-to", "pdf",
              "--outdir", work, str(docx)])
        shutil.move(str(Path(work) / (docx.stem + ".pdf")), out)


def weasyprint(page: Path, out: Path) -> None:
    import weasyprint as wp

    wp.HTML(filename=str(page)).write_pdf(str(out))


def wkhtmltopdf(page: Path, out: Path) -> None:
    _run(["wkhtmltopdf", "--quiet", "-O", "Landscape", "-s", "A4", "--enable-local-file-access",
          str(page), str(out)])


def reportlab(text: str, font: Path, out: Path) -> None:
    """The blocks drawn with ReportLab's platypus: no shaping, marks at their default offsets."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(TTFont(font.stem, str(font)))
    style = ParagraphStyle("thai", fontName=font.stem, fontSize=9, leading=12, wordWrap="CJK", spaceAfter=6)
    items = make_pdf.blocks(text)
    cols = make_pdf._table_columns(items)
    doc = SimpleDocTemplate(str(out), pagesize=landscape(A4), leftMargin=34, rightMargin=34, topMargin=34,
                            bottomMargin=34, invariant=True, author="thaireport tests")
    story: list[object] = []
    rows: list[list[object]] = []
    width = landscape(A4)[0] - 68

    def flush() -> None:
        if rows:
            n = max(len(r) for r in rows)
            data = [r + [""] * (n - len(r)) for r in rows]
            t = Table(data, colWidths=[width / n] * n, repeatRows=0)
            t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.append(t)
            rows.clear()

    for n, b in enumerate(items):
        if b.kind != "row":
            flush()
        if b.kind == "break":
            story.append(PageBreak())
        elif b.kind == "text":
            story.append(Paragraph("<br/>".join(map(html.escape, b.cells[0].split("\n"))), style))
        elif b.kind == "row":
            cells = b.cells + [""] * (cols[n] - len(b.cells))
            rows.append([Paragraph("<br/>".join(map(html.escape, c.split("\n"))), style) for c in cells])
    flush()
    doc.build(story)


def ghostscript(src: Path, out: Path) -> None:
    _run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite", f"-sOutputFile={out}",
          str(src)])


def make_all(text: str, dest: Path, fonts: dict[str, str] = FONTS, producers: tuple[str, ...] = PRODUCERS,
             stem: str = "", size_pt: float = 9.0) -> list[Path]:
    """Print ``text`` by each producer in each font into ``dest``; returns the PDFs made."""
    dest.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    with tempfile.TemporaryDirectory() as work:
        w = Path(work)
        for key, family in fonts.items():
            page = w / f"{key}.html"
            page.write_text(to_html(text, family, size_pt), encoding="utf-8")
            docx = w / f"{key}.docx"
            to_docx(text, family, docx, size_pt)
            for prod in producers:
                out = dest / f"{stem}{prod}-{key}.pdf"
                if prod == "chromium":
                    chromium(page, out)
                elif prod == "libreoffice":
                    libreoffice(docx, out)
                elif prod == "weasyprint":
                    weasyprint(page, out)
                elif prod == "wkhtmltopdf":
                    wkhtmltopdf(page, out)
                elif prod == "reportlab":
                    reportlab(text, TLWG / f"{family}.ttf", out)
                elif prod == "fpdf2":
                    make_pdf.render(text, out, shaped=True, font=TLWG / f"{family}.ttf")
                elif prod == "gs":
                    src = dest / f"{stem}chromium-{key}.pdf"
                    if not src.exists():
                        chromium(page, w / "src.pdf")
                        src = w / "src.pdf"
                    ghostscript(src, out)
                made.append(out)
                print(f"{out.name}: {out.stat().st_size // 1024} KiB", flush=True)
    return made


def main(argv: list[str]) -> int:
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1633046400")
    if argv[:1] == ["--full"]:
        for producer, size in FULL_SIZE.items():
            make_all(SEED.read_text(encoding="utf-8"), Path(argv[1]), {"laksaman": "Laksaman"}, (producer,),
                     stem="seed-", size_pt=size)
        return 0
    text = excerpt()
    EXCERPT.write_text(text, encoding="utf-8")
    make_all(text, PDFS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
