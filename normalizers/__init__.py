"""Pure functions from Thai report text to typed values (no I/O, no imports of our other packages)."""

from normalizers.dates import DateSpan, find_dates
from normalizers.quantities import Quantity, find_quantities

__all__ = ["DateSpan", "Quantity", "find_dates", "find_quantities"]
