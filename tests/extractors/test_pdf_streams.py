"""The decompression guard run before any PDF engine (extractors.pdf_streams)."""

from __future__ import annotations

import base64
import binascii
import zlib
from pathlib import Path

import pytest
from pdf_bombs import decoy_bomb, page_pdf, stream, zeros_bomb

from extractors.api import ExtractionError, extract_document
from extractors.pdf_streams import StreamTooLarge, check_streams, too_large

PRODUCERS = sorted((Path(__file__).parents[1] / "producers" / "pdfs").glob("*.pdf"))
MIB = 2**20


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "f.pdf"
    path.write_bytes(data)
    return path


def test_content_stream_bomb_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, page_pdf(zeros_bomb(8)))
    with pytest.raises(StreamTooLarge) as e:
        check_streams(path, 4 * MIB)
    assert str(e.value) == (
        "a compressed stream (object 4 0) inflates beyond 4 MB, the limit per stream (--max-inflate): a "
        "decompression bomb or a damaged file; raise the limit only if the file is genuine")
    assert check_streams(path, 8 * MIB) == 1  # exactly at the limit: allowed
    assert check_streams(path, 0) == 0  # no check


@pytest.mark.parametrize("entries, encode", [
    (b"/Filter [/FlateDecode /FlateDecode]", lambda d: zlib.compress(d)),  # 16 KB inflating to 8 MB...
    (b"/Filter [/AHx /Fl]", lambda d: binascii.hexlify(d) + b">"),
    (b"/Filter [/ASCII85Decode /FlateDecode]", lambda d: base64.a85encode(d) + b"~>"),
    (b"/Length 99 0 R /Filter /FlateDecode", lambda d: d),  # the length elsewhere: read to endstream
])
def test_chained_and_armoured_bombs_refused(tmp_path: Path, entries: bytes, encode: object) -> None:
    data = encode(zeros_bomb(8))  # type: ignore[operator]
    path = _write(tmp_path, page_pdf(data, entries=entries))
    with pytest.raises(StreamTooLarge, match=r"^a compressed stream \(object 4 0\) inflates beyond 4 MB"):
        check_streams(path, 4 * MIB)


def test_a_lying_length_or_a_decoy_endstream_does_not_hide_a_bomb(tmp_path: Path) -> None:
    """PDFium reads on to the real ``endstream`` when ``/Length`` is wrong: so does the guard, and the
    inflater, not the file's markers, says where a Flate stream ends."""
    bomb = zeros_bomb(8)
    lying = page_pdf(bomb).replace(b"/Length %d " % len(bomb), b"/Length 10 ")
    with pytest.raises(StreamTooLarge, match=r"^a compressed stream \(object 4 0\) inflates beyond 4 MB"):
        check_streams(_write(tmp_path, lying), 4 * MIB)
    # a stored deflate block holding "endstream" before the bomb, behind a /Length stated elsewhere
    decoy = decoy_bomb(8)
    assert len(zlib.decompress(decoy)) == 8 * MIB + 11
    path = _write(tmp_path, page_pdf(decoy, entries=b"/Length 9 0 R /Filter /FlateDecode"))
    with pytest.raises(StreamTooLarge, match=r"^a compressed stream \(object 4 0\) inflates beyond 4 MB"):
        check_streams(path, 4 * MIB)

def test_images_read_up_to_their_declared_size_are_left_out(tmp_path: Path) -> None:
    """PDFium decodes a 100 x 100 image's first 10,000 bytes whatever its stream holds (measured: a 1 GiB
    stream renders in 0.02 s, 23 MB): no need to inflate it. Declared larger than the limit: inflated."""
    small = stream(zeros_bomb(8), b"/Type /XObject /Subtype /Image /Width 100 /Height 100 "
                                  b"/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode")
    path = _write(tmp_path, page_pdf(zlib.compress(b"q Q"), extra=[small]))
    assert check_streams(path, 4 * MIB) == 1  # the content stream only
    large = small.replace(b"/Width 100 /Height 100", b"/Width 4000 /Height 4000")
    path = _write(tmp_path, page_pdf(zlib.compress(b"q Q"), extra=[large]))
    with pytest.raises(StreamTooLarge, match=r"^a compressed stream \(object 5 0\) inflates beyond 4 MB"):
        check_streams(path, 4 * MIB)


def test_no_address_space_for_a_mapping_reads_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: a worker forked from a large process, over its RLIMIT_AS already, could not map even a
    1 KB file ("cannot read file: Cannot allocate memory"); the heap could still read it."""
    import errno
    import mmap

    def no_room(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOMEM, "Cannot allocate memory")

    monkeypatch.setattr(mmap, "mmap", no_room)
    path = _write(tmp_path, page_pdf(zeros_bomb(8)))
    with pytest.raises(StreamTooLarge, match=r"^a compressed stream \(object 4 0\) inflates beyond 4 MB"):
        check_streams(path, 4 * MIB)
    assert check_streams(path, 8 * MIB) == 1


def test_damaged_and_unfiltered_streams_pass(tmp_path: Path) -> None:
    path = _write(tmp_path, page_pdf(b"not zlib at all", extra=[stream(b"\0" * 100, b"")]))
    assert check_streams(path, 1) == 1
    assert too_large(2**30, None).startswith("a compressed stream inflates beyond 1024 MB")


#: Flate streams in each producer's PDF (as many as /FlateDecode occurs in the file)
FLATE_STREAMS = {"chromium": 9, "fpdf2": 9, "gs": 11, "libreoffice-garuda": 13, "libreoffice-laksaman": 12,
                 "reportlab": 10, "weasyprint": 11, "wkhtmltopdf": 5}


@pytest.mark.parametrize("path", PRODUCERS, ids=lambda p: p.name)
def test_every_producer_pdf_passes(path: Path) -> None:
    expected = FLATE_STREAMS.get(path.stem, FLATE_STREAMS.get(path.stem.split("-")[0]))
    assert check_streams(path) == expected


def test_extract_document_refuses_the_bomb_before_any_engine(tmp_path: Path) -> None:
    """Regression: PDFium took 2.1 GB and 15 s for a 1 GiB content stream; pdftotext 15 s per GiB."""
    path = _write(tmp_path, page_pdf(zeros_bomb(1024)))
    with pytest.raises(ExtractionError) as e:
        extract_document(path, "x")
    assert str(e.value) == too_large(256 * MIB, "4 0")
