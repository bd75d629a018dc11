"""Thai digits (๐-๙) to Arabic digits.

>>> to_arabic("๒๕๖๔")
'2564'
"""

from __future__ import annotations

import re

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)
_THAI_DIGIT = re.compile(f"[{THAI_DIGITS}]")


def to_arabic(text: str) -> str:
    """Replace Thai digits by Arabic ones; the length of the text is unchanged."""
    # str.translate looks every character up in a dict: skip it when there is no Thai digit at all
    return text.translate(_TO_ARABIC) if _THAI_DIGIT.search(text) else text


def to_thai(text: str) -> str:
    """Replace Arabic digits by Thai ones (for tests and formatting).

    >>> to_thai("15/05/2564")
    '๑๕/๐๕/๒๕๖๔'
    """
    return text.translate(_TO_THAI)
