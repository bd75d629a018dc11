"""A guard run before any PDF engine: no compressed stream may inflate beyond a limit.

A 6 MB PDF can hold a Flate stream that inflates to 6 GiB (a decompression bomb). PDFium loads a
page's whole content stream (and fonts, object streams, cross-reference streams) into memory, 2 GB
for 1 GiB of content; pdftotext inflates it as a stream (little memory, but 15 s per GiB). So before
either sees the file, :func:`check_streams` walks the file's streams (``N G obj << … >> stream``)
and inflates each Flate stream incrementally (``zlib.decompressobj``, at most :data:`CHUNK` bytes
of output at a time, the output thrown away), stopping at the limit. Memory stays at a few MB
whatever the file holds; the file is read through ``mmap``.

Covered: ``/FlateDecode`` (``/Fl``), alone or chained (``[/FlateDecode /FlateDecode]``, each stage
counted), after ``/ASCIIHexDecode`` or ``/ASCII85Decode``. Not covered (bounded by the worker's
``--max-memory`` instead): LZW and RunLength streams (rare; RunLength expands 128 times at most).
Images are left out when their declared raster (width × height × components × bits) is within the
limit: PDFium decodes an image line by line up to its declared size, whatever its stream holds, and
pdftotext does not decode images (both measured: a 100 × 100 image whose stream inflates to 1 GiB
renders in 0.02 s and 23 MB). So the guard costs next to nothing on a scan of JPEG or PNG pages.
"""

from __future__ import annotations

import base64
import binascii
import errno
import mmap
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

#: the default limit per stream (``PdfSettings.max_stream_bytes``, ``--max-inflate``)
DEFAULT_LIMIT = 256 * 2**20
#: output of one inflate step, and input fed per step
CHUNK = 16 * 2**20
FEED = 2**20
#: how far before ``stream`` its dictionary (and ``N G obj``) is looked for
DICT_WINDOW = 16384

_STREAM = re.compile(rb">>[\x00\t\n\f\r ]*stream(?:\r\n|\n|\r)")
_OBJ = re.compile(rb"(\d+)[\x00\t\n\f\r ]+(\d+)[\x00\t\n\f\r ]+obj\b")
_FILTER = re.compile(rb"/Filter[\x00\t\n\f\r ]*(\[[^\]]*\]|/[^\x00\t\n\f\r /\[\]<>()]+)")
_NAME = re.compile(rb"/([^\x00\t\n\f\r /\[\]<>()]+)")
_LENGTH = re.compile(rb"/Length[\x00\t\n\f\r ]+(\d+)(?![\x00\t\n\f\r ]+\d+[\x00\t\n\f\r ]+R)")
_IMAGE = re.compile(rb"/Subtype[\x00\t\n\f\r ]*/Image\b")
_DIRECT = rb"[\x00\t\n\f\r ]+(\d+)(?![\x00\t\n\f\r ]+\d+[\x00\t\n\f\r ]+R)"
_WIDTH = re.compile(rb"/Width" + _DIRECT)
_HEIGHT = re.compile(rb"/Height" + _DIRECT)
_BITS = re.compile(rb"/BitsPerComponent" + _DIRECT)
_ENDSTREAM = b"endstream"

_ABBREVIATIONS = {b"Fl": b"FlateDecode", b"AHx": b"ASCIIHexDecode", b"A85": b"ASCII85Decode"}


class StreamTooLarge(Exception):
    """A stream inflates beyond the limit; the message is one line a person can act on."""


def too_large(limit: int, obj: str | None) -> str:
    """The one-line error for a stream that inflates beyond ``limit`` bytes.

    >>> too_large(256 * 2**20, "4 0")  # doctest: +ELLIPSIS
    'a compressed stream (object 4 0) inflates beyond 256 MB, the limit per stream (--max-inflate): ...'
    """
    where = f" (object {obj})" if obj else ""
    return (f"a compressed stream{where} inflates beyond {limit / 2**20:g} MB, the limit per stream "
            "(--max-inflate): a decompression bomb or a damaged file; raise the limit only if the file "
            "is genuine")


def _filters(head: bytes) -> list[bytes]:
    found = _FILTER.search(head)
    if found is None:
        return []
    return [_ABBREVIATIONS.get(n, n) for n in _NAME.findall(found.group(1))]


def _declared_raster(head: bytes) -> int | None:
    """Bytes of an image's raster from its dictionary (an upper bound), or None when not stated."""
    width, height = _WIDTH.search(head), _HEIGHT.search(head)
    if width is None or height is None:
        return None
    bits = _BITS.search(head)
    components = 1 if b"/DeviceGray" in head else 3 if b"/DeviceRGB" in head else 4
    depth = max(8, int(bits.group(1)) if bits else 8)
    return int(width.group(1)) * int(height.group(1)) * components * depth // 8


def _inflate(chunks: Iterator[bytes], limit: int, obj: str | None) -> Iterator[bytes]:
    """Inflate a zlib stream piece by piece; StreamTooLarge past ``limit`` bytes of output."""
    d = zlib.decompressobj()
    total = 0
    for chunk in chunks:
        while chunk:
            try:
                out = d.decompress(chunk, CHUNK)
            except zlib.error:
                return  # damaged: the engines say what they say
            total += len(out)
            if total > limit:
                raise StreamTooLarge(too_large(limit, obj))
            if out:
                yield out
            if d.eof:
                return
            chunk = d.unconsumed_tail


def _feed(buf: mmap.mmap | bytes, start: int, end: int) -> Iterator[bytes]:
    for k in range(start, end, FEED):
        yield buf[k:min(k + FEED, end)]


def _check(buf: mmap.mmap | bytes, start: int, filters: list[bytes], limit: int, obj: str | None) -> None:
    """Inflate the stream starting at ``start``; its end is where its own data ends (the zlib stream's
    end, an armour's end-of-data mark), not its ``/Length`` nor the next ``endstream``, either of which
    a crafted file can make lie while PDFium reads on."""
    chunks: Iterator[bytes] = _feed(buf, start, len(buf))
    k = 0
    if filters and filters[0] in (b"ASCIIHexDecode", b"ASCII85Decode"):
        hexa = filters[0] == b"ASCIIHexDecode"
        stop = buf.find(b">" if hexa else b"~>", start)
        stop = len(buf) if stop < 0 else stop
        if stop - start > limit // 4:
            return  # not covered: a very long armoured stream (bounded by --max-memory)
        text = buf[start:stop]
        try:
            if hexa:
                raw = binascii.unhexlify(b"".join(text.split()).ljust(2, b"0"))
            else:
                raw = base64.a85decode(text, ignorechars=b" \t\n\r\x00\x0c")
        except (ValueError, binascii.Error):
            return
        chunks, k = iter([raw]), 1
    flates = 0
    while k < len(filters) and filters[k] == b"FlateDecode":
        chunks = _inflate(chunks, limit, obj)
        flates += 1
        k += 1
    if flates:
        for _ in chunks:
            pass


def check_streams(path: Path, limit: int = DEFAULT_LIMIT) -> int:
    """Raise :class:`StreamTooLarge` when a Flate stream of the PDF inflates beyond ``limit`` bytes.

    Returns the number of streams inflated to check them (0 when ``limit`` is 0: no check).
    OSError when the file cannot be read.
    """
    if limit <= 0:
        return 0
    with path.open("rb") as fh:
        try:
            mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # an empty file
            return 0
        except OSError as e:
            if e.errno != errno.ENOMEM:
                raise
            # no address space left for a mapping (a worker near --max-memory): read the file, which
            # the heap may still hold; MemoryError otherwise, reported as out of memory
            return _scan(fh.read(), limit)
    with mapped:
        return _scan(mapped, limit)


def _scan(buf: mmap.mmap | bytes, limit: int) -> int:
    checked = 0
    pos = 0
    while (found := _STREAM.search(buf, pos)) is not None:
        start = found.end()
        window = max(0, found.start() - DICT_WINDOW)
        at = buf.rfind(b"obj", window, found.start())  # "N G obj" that opens the stream
        objs = list(_OBJ.finditer(buf, max(0, at - 48), at + 3)) if at >= 0 else []
        head = buf[objs[-1].end() if objs else window:found.start() + 2]
        obj = f"{objs[-1].group(1).decode()} {objs[-1].group(2).decode()}" if objs else None
        length = _LENGTH.search(head)
        end = start + int(length.group(1)) if length else -1
        if end < start or not buf[end:end + 64].lstrip(b"\x00\t\n\x0c\r ").startswith(_ENDSTREAM):
            end = buf.find(_ENDSTREAM, start)  # no direct /Length, or a wrong one
        pos = end if end >= start else len(buf)  # where the next stream is looked for
        filters = _filters(head)
        if b"FlateDecode" not in filters:
            continue
        if _IMAGE.search(head):
            raster = _declared_raster(head)
            if raster is not None and raster <= limit:
                continue  # decoded up to its declared size only (module docstring)
        checked += 1
        _check(buf, start, filters, limit, obj)
    return checked
