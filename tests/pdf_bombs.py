"""Small PDFs for the resource caps: a Flate stream that inflates to GiBs, built in milliseconds."""

from __future__ import annotations

import zlib


def zeros_bomb(mib: int) -> bytes:
    """A zlib stream of ``mib`` MiB of zero bytes, about 1 KB per MiB (a 6 MB stream inflates to 6 GiB).

    Built from one compressed MiB repeated (each flushed to a byte boundary with a fresh dictionary),
    with the right Adler-32 at the end, so it is a valid stream that every inflater reads to the end.
    """
    mebibyte = b"\0" * 2**20
    packer = zlib.compressobj(9)
    first = packer.compress(mebibyte) + packer.flush(zlib.Z_FULL_FLUSH)
    middle = packer.compress(mebibyte) + packer.flush(zlib.Z_FULL_FLUSH)
    end = packer.flush(zlib.Z_FINISH)[:-4]
    adler = ((mib * 2**20) % 65521) << 16 | 1  # Adler-32 of zeros: A stays 1, B counts the bytes
    return first + middle * (mib - 1) + end + adler.to_bytes(4, "big")


def decoy_bomb(mib: int) -> bytes:
    """A zlib stream whose first block stores the bytes ``\\nendstream\\n``, then ``mib`` MiB of zeros:
    a scanner that takes the first ``endstream`` as the stream's end sees 13 bytes."""
    decoy = b"\nendstream\n"
    stored = b"\x00" + len(decoy).to_bytes(2, "little") + (0xFFFF - len(decoy)).to_bytes(2, "little") + decoy
    mebibyte = b"\0" * 2**20
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate: the header and checksum are ours
    first = packer.compress(mebibyte) + packer.flush(zlib.Z_FULL_FLUSH)
    middle = packer.compress(mebibyte) + packer.flush(zlib.Z_FULL_FLUSH)
    end = packer.flush(zlib.Z_FINISH)
    adler = zlib.adler32(b"\0" * (mib * 2**20), zlib.adler32(decoy))
    return b"\x78\x01" + stored + first + middle * (mib - 1) + end + adler.to_bytes(4, "big")


def pdf(objects: list[bytes]) -> bytes:
    """A minimal PDF from its objects (1 0 obj is the catalog)."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def stream(data: bytes, entries: bytes = b"/Filter /FlateDecode") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), entries) + data + b"\nendstream"


def page_pdf(contents: bytes, size: int = 595, entries: bytes = b"/Filter /FlateDecode",
             extra: list[bytes] | None = None, resources: bytes = b"") -> bytes:
    """One page whose content stream (object 4) is ``contents`` with the dictionary ``entries``."""
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 4 0 R %s >>"
                % (size, size, resources), stream(contents, entries), *(extra or [])])
