"""Everything downstream of extraction: scoring checks, outputs, the run and the CLI."""
