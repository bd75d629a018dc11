"""Text facts (extractors/text_facts.py): each statement of running text read as a typed record
with the page, line and bbox of its line, and its item's excerpt as raw text."""

from __future__ import annotations

import datetime as dt

from extractors.layout.measurements import measurements
from extractors.layout.state import Walk
from extractors.records import (
    AreaStatement,
    DateMention,
    DateRecord,
    DayCount,
    Document,
    Figure,
    Line,
    ListTotal,
    Measure,
    Provenance,
    Ratio,
)
from extractors.templates import load_templates
from extractors.text_facts import add_text_facts

BOX = (10.0, 20.0, 300.0, 32.0)


def _doc(*texts: str) -> Document:
    lines = [Line(3, n, t, t, BOX, "text_layer") for n, t in enumerate(texts, 1)]
    doc = Document("d", "r.pdf", "pdf-text", lines=lines)
    measurements(Walk(doc, load_templates()[0]), [])  # quantities and dates, then add_text_facts
    return doc


def _prov(line: int, raw: str) -> Provenance:
    return Provenance("r.pdf", 3, line, raw, "text_layer", BOX)


def _count(value: float, unit: str) -> Measure:
    return Measure("count", unit, value, 0, f"{value:g} {unit}")


def test_ratio_with_its_whole_marked() -> None:
    text = "ผ่านการตรวจ 624 ร้าน จาก 733 ร้าน คิดเป็น ร้อยละ 85.13"
    assert _doc(text).ratios == [
        Ratio(Figure(85.13, 2, "ร้อยละ 85.13"), _count(624, "ร้าน"), _count(733, "ร้าน"), "second",
              _prov(1, text))
    ]


def test_list_total_read_over_the_items_of_a_line() -> None:
    doc = _doc("ดำเนินการ จำนวน 10 แห่ง ดังนี้\n1. เขตเหนือ 4 แห่ง\n2. เขตใต้ 7 แห่ง")
    assert doc.list_totals == [
        ListTotal(_count(10, "แห่ง"), (_count(4, "แห่ง"), _count(7, "แห่ง")), "ที่แจกแจงไว้",
                  _prov(1, "ดำเนินการ จำนวน 10 แห่ง ดังนี้"))
    ]


def test_day_count_beside_its_range() -> None:
    text = "ระยะเวลา 1 พฤษภาคม - 31 สิงหาคม 2564 จำนวน 120 วัน"
    assert _doc(text).day_counts == [
        DayCount(120, "120 วัน", "1 พฤษภาคม - 31 สิงหาคม 2564", 123, 123, _prov(1, text))
    ]


def test_areas_restated_and_in_a_unit_mix_each_in_its_cell() -> None:
    cell1 = "ขนาดพื้นที่ 1 ไร่ 1 งาน 55.63 ตารางวา คิดเป็น 2,262.52 ตารางเมตร"
    cell2 = "จำนวน 1 ไร่ 1 งาน 40.60 ตารางเมตร"
    doc = _doc(f"{cell1}\t{cell2}")
    assert doc.areas == [
        AreaStatement(Measure("area", "m2", 2222.52, 2, "1 ไร่ 1 งาน 55.63 ตารางวา", 4.0), _prov(1, cell1),
                      Measure("area", "m2", 2262.52, 2, "2,262.52 ตารางเมตร")),
        AreaStatement(Measure("area", "m2", 2040.6, 2, "1 ไร่ 1 งาน 40.60 ตารางเมตร", 1.0,
                              "ไร่/งาน followed by ตารางเมตร (ตารางวา meant?)", 2162.4), _prov(1, cell2)),
    ]


def test_date_mentions_in_context_and_history() -> None:
    text = "ก่อตั้งเมื่อวันที่ ๑ สิงหาคม ๒๕๒๐"
    doc = _doc(text)
    day = dt.date(1977, 8, 1)
    assert doc.date_mentions == [
        DateMention(DateRecord("๑ สิงหาคม ๒๕๒๐", day, day, "day", _prov(1, text)), _prov(1, text), True)
    ]


def test_a_repeated_record_is_placed_at_its_own_occurrence() -> None:
    """Each record's excerpt is centred on its own place in the line, found left to right."""
    filler = "ก" * 200
    text = f"1 ไร่ 1 งาน 40.60 ตารางเมตร {filler} 1 ไร่ 1 งาน 40.60 ตารางเมตร"
    doc = _doc(text)
    raws = [a.prov.raw for a in doc.areas]
    assert [r.startswith("1 ไร่") for r in raws] == [True, False]
    assert raws[1].startswith("…") and raws[1].endswith("40.60 ตารางเมตร")


def test_no_facts_in_plain_prose() -> None:
    doc = _doc("สำนักงานเขตบางรักจัดกิจกรรมเพื่อประชาชน")
    add_text_facts(doc)
    assert (doc.ratios, doc.list_totals, doc.day_counts, doc.areas, doc.date_mentions) == ([], [], [], [], [])


def test_a_fact_in_a_cell_carries_the_cell_box() -> None:
    """With the reader's cells (Line.cells, cell_bboxes), a fact points at its cell, not its line."""
    cell_box = (150.0, 20.0, 300.0, 32.0)
    text = "ขนาดพื้นที่ 1 ไร่ 1 งาน 55.63 ตารางวา คิดเป็น 2,262.52 ตารางเมตร"
    line = Line.of_cells(3, 1, ("พื้นที่", text), f"พื้นที่ {text}", BOX, "text_layer", (None, cell_box))
    doc = Document("d", "r.pdf", "pdf-text", lines=[line])
    measurements(Walk(doc, load_templates()[0]), [])
    assert [(a.prov.raw, a.prov.bbox, a.area.value) for a in doc.areas] == [(text, cell_box, 2222.52)]
