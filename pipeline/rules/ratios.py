"""Rules on figures of running text: percent-ratio, quantity-sum.

They verify the facts extraction read (``Document.ratios``, ``Document.list_totals``;
extractors/text_facts.py): counts are exact, other figures stand for every value that rounds to them.
"""

from __future__ import annotations

from collections.abc import Iterator

from extractors.records import Document, Figure, ListTotal, Measure, Ratio
from pipeline.findings import Finding, Severity, fmt, make_finding, num, severity_for
from pipeline.interval import Interval, add, agrees, div, overlap, parts_total, read, scale
from pipeline.rules.registry import rule

#: m² per ตารางวา: the rounding step of an area total whose likely unit is ตารางวา
WA_M2 = 4.0


def _pct_agrees(printed: Figure, computed: Interval) -> bool:
    """Rounded, or cut off after the printed decimals (some forms truncate)."""
    if agrees(printed, computed):
        return True
    unit = 10.0 ** (-printed.decimals)
    return overlap(Interval(printed.value, printed.value + unit), computed)


def _ratio_finding(ratio: Ratio) -> Finding | None:
    """``ratio.percent`` against 100 × part / whole; None when it agrees."""
    printed = ratio.percent
    a, b = ratio.first, ratio.second
    orders = [(b, a)] if ratio.whole == "first" else [(a, b)] if ratio.whole == "second" else [(a, b), (b, a)]
    results: list[tuple[Measure, Measure, Interval]] = []
    for part, whole in orders:
        w = read(whole, "rounded")
        if w.lo <= 0 <= w.hi:
            continue
        r = scale(div(read(part, "rounded"), w), 100.0)
        if _pct_agrees(printed, r):
            return None
        results.append((part, whole, r))
    if not results:
        return None
    part, whole, _ = min(results, key=lambda t: abs(t[2].mid - printed.value))
    # roles told by จาก / เป้าหมาย: the document contradicts itself; else a human should look
    severity: Severity = severity_for([printed, part, whole], structure_known=len(orders) == 1)
    exp = 100.0 * part.value / whole.value
    return make_finding(
        "percent-ratio",
        severity,
        f"ร้อยละที่พิมพ์ ({printed.raw}) ไม่ตรงกับที่คำนวณจากตัวเลขที่อ้างถึง: "
        f"{part.raw} / {whole.raw} × 100 = {fmt(exp, printed.decimals + 2)} "
        "โปรดตรวจสอบตัวเลขหรือการคำนวณ",
        reported=printed.value,
        expected=num(exp, printed.decimals + 2),
        prov=ratio.prov,
    )


@rule("percent-ratio")
def percent_ratio(doc: Document) -> Iterator[Finding]:
    """A printed percentage is 100 × part / whole of the two figures it is computed from.

    Error when a word (จาก / เป้าหมาย) tells which figure is the whole; warning when neither order
    agrees and nothing tells.
    """
    for ratio in doc.ratios:
        found = _ratio_finding(ratio)
        if found is not None:
            yield found


def _likely_total_agrees(lt: ListTotal) -> bool:
    """The total printed in a wrong unit mix adds up under its likely unit."""
    total = lt.total
    if not total.suspicious or total.likely_value is None:
        return False
    half = 0.5 * 10.0 ** (-total.decimals) * WA_M2
    likely = Interval(total.likely_value - half, total.likely_value + half)
    return overlap(likely, add(*(read(p, "rounded") for p in lt.parts)))


@rule("quantity-sum")
def quantity_sum(doc: Document) -> Iterator[Finding]:
    """Listed parts against their printed total; areas compared in m² with intervals.

    A whole figure in a list with decimals is read at the list's precision; when the parts add up
    only if whole figures were rounded values, a warning.
    """
    for lt in doc.list_totals:
        # ยอดรวมที่ใช้หน่วยพื้นที่ผสมผิด ("1 ไร่ 1 งาน 55.63 ตารางเมตร" ที่หมายถึงตารางวา) และผลรวมของรายการ
        # ตรงกับค่าที่น่าจะหมายถึง: เป็นเรื่องหน่วย (area-units แจ้งแล้ว) ไม่ใช่ยอดรวมผิด
        if _likely_total_agrees(lt):
            continue
        verdict = parts_total(lt.parts, lt.total, "list", fallback="rounded", prefixes=lt.prefixes)
        if verdict.agrees:
            continue
        # ตัวเลขจำนวนเต็มถือว่าไม่ได้ปัดเศษ (ตัดศูนย์ท้ายทศนิยมออก) หากปัดเศษมาจริงก็อาจรวมได้ตรง: แจ้งเตือนเท่านั้น
        rounded_whole = verdict.loosely
        total = lt.total
        decimals = max(p.decimals for p in lt.parts)
        exp = sum(p.value for p in lt.parts)
        yield make_finding(
            "quantity-sum",
            "warning" if rounded_whole else severity_for([*lt.parts, total]),
            f"ยอดรวมที่พิมพ์ ({total.raw}) ไม่เท่ากับผลรวมของ {len(lt.parts)} รายการ{lt.how} "
            f"({' + '.join(p.raw for p in lt.parts)} = {fmt(exp)} {total.unit}) "
            "โปรดตรวจสอบตัวเลขแต่ละรายการหรือยอดรวม"
            + (" (จะตรงกันได้ก็ต่อเมื่อตัวเลขจำนวนเต็มในรายการเป็นค่าที่ปัดเศษมาแล้ว)" if rounded_whole else ""),
            reported=num(total.value),
            expected=num(exp, max(decimals, 2) if total.kind == "area" else decimals),
            prov=lt.prov,
        )
