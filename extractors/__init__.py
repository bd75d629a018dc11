"""From input files to typed records with provenance (see extractors.records)."""
