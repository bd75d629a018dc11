"""Rules on areas printed in text: area-conversion, area-units (facts in ``Document.areas``)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from extractors.records import Document
from normalizers.digits import to_arabic
from normalizers.errors import NormalizeError
from normalizers.numbers import parse_number
from pipeline.findings import Finding, fmt, make_finding, not_checked, num, severity_for
from pipeline.interval import overlap, read
from pipeline.rules.registry import rule

#: a printed number with its separators (the figure itself is judged by normalizers.numbers)
_NUMBER = re.compile(r"[0-9][0-9.,]*[0-9]|[0-9]")


def malformed(raw: str) -> list[str]:
    """The numbers in ``raw`` that are no well-formed figure ("2.222.52": a comma read as a point).

    >>> malformed("2.222.52 ตารางเมตร"), malformed("1 ไร่ 1 งาน 55.63 ตารางวา")
    (['2.222.52'], [])
    """
    out = []
    for m in _NUMBER.finditer(to_arabic(raw)):
        try:
            parse_number(m.group(0))
        except NormalizeError:
            out.append(m.group(0))
    return out


@rule("area-conversion")
def area_conversion(doc: Document) -> Iterator[Finding]:
    """"1 ไร่ 1 งาน 55.63 ตารางวา คิดเป็น 2,222.52 ตารางเมตร": the two must be one area.

    Reported is the printed m², expected the m² converted from ไร่-งาน-ตารางวา.
    """
    for st in doc.areas:
        trad, m2 = st.area, st.metric
        if m2 is None or overlap(read(trad, "rounded"), read(m2, "rounded")):
            continue
        bad = [t for m in (trad, m2) for t in malformed(m.raw)]
        if bad:
            # ตัวเลขที่รูปแบบผิด ("2.222.52": OCR อ่านจุลภาคเป็นจุด) ไม่มีค่าที่อ่านได้: ตรวจไม่ได้ (info)
            yield not_checked(
                "area-conversion",
                f"ไม่สามารถตรวจการแปลงหน่วยพื้นที่ {trad.raw} กับ {m2.raw}: ตัวเลข {', '.join(bad)}"
                " รูปแบบไม่ถูกต้อง (อาจอ่านผิดจากภาพ) ตรวจสอบกับต้นฉบับ",
                reported=None, prov=st.prov,
            )
            continue
        yield make_finding(
            "area-conversion",
            severity_for([trad, m2]),
            f"พื้นที่ {trad.raw} เท่ากับ {fmt(trad.value, 2)} ตารางเมตร "
            f"แต่พิมพ์ไว้ {m2.raw} (1 ไร่ = 4 งาน = 400 ตารางวา = 1,600 ตารางเมตร) "
            "โปรดตรวจสอบการแปลงหน่วย",
            reported=num(m2.value),
            expected=num(trad.value, max(2, trad.decimals)),
            prov=st.prov,
        )


@rule("area-units")
def area_units(doc: Document) -> Iterator[Finding]:
    """An implausible unit mix ("1 ไร่ 1 งาน 40.60 ตารางเมตร" where ตารางวา is meant): warning.

    Reported is the m² as written, expected the m² under the likely unit (None when the normalizer
    knows no likely reading, e.g. "1 ไร่ 5 งาน").
    """
    for st in doc.areas:
        area = st.area
        if not area.suspicious:
            continue
        likely = area.likely_value
        if likely is not None:
            why = (
                f"ใช้ตารางเมตรต่อท้ายไร่/งาน อ่านตามที่พิมพ์ได้ {fmt(area.value, 2)} ตารางเมตร "
                f"หากหมายถึงตารางวาจะเป็น {fmt(likely, 2)} ตารางเมตร"
            )
        else:
            why = f"อ่านตามที่พิมพ์ได้ {fmt(area.value, 2)} ตารางเมตร (1 ไร่ = 4 งาน, 1 งาน = 100 ตารางวา)"
        yield make_finding(
            "area-units",
            "warning",
            f"หน่วยพื้นที่ผสมกันผิดปกติ: \"{area.raw}\" {why} โปรดตรวจสอบหน่วย",
            reported=num(area.value),
            expected=None if likely is None else num(likely),
            prov=st.prov,
        )
