"""Declarative templates (section titles, labels, headers) per form family and year."""
