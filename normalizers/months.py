"""The Thai month table, one place for dates and numbers.

>>> FULL_NAMES[9], ABBREVIATIONS[9]
('ตุลาคม', 'ต.ค.')
"""

from __future__ import annotations

# (ชื่อเต็ม, ชื่อย่อ, รูปอื่นที่พบ: ชื่อย่อแบบพูด / สะกดผิดที่พบบ่อย)
# (full name, dotted abbreviation, other forms met: spoken short forms, common misspellings)
MONTHS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("มกราคม", "ม.ค.", ("มกรา",)),
    ("กุมภาพันธ์", "ก.พ.", ("กุมภา",)),
    ("มีนาคม", "มี.ค.", ("มีนา",)),
    ("เมษายน", "เม.ย.", ("เมษา",)),
    ("พฤษภาคม", "พ.ค.", ("พฤษภา",)),
    ("มิถุนายน", "มิ.ย.", ("มิถุนา",)),
    ("กรกฎาคม", "ก.ค.", ("กรกฎา", "กรกฏาคม", "กรกฏา")),  # ฎ/ฏ สับสนบ่อย
    ("สิงหาคม", "ส.ค.", ("สิงหา",)),
    ("กันยายน", "ก.ย.", ("กันยา",)),
    ("ตุลาคม", "ต.ค.", ("ตุลา",)),
    ("พฤศจิกายน", "พ.ย.", ("พฤศจิกา",)),
    ("ธันวาคม", "ธ.ค.", ("ธันวา",)),
)
FULL_NAMES: tuple[str, ...] = tuple(full for full, _, _ in MONTHS)
ABBREVIATIONS: tuple[str, ...] = tuple(abbr for _, abbr, _ in MONTHS)
