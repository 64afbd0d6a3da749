"""Reads of the checking app, one module per part: ``catalogue`` (the set-based catalogue reads
behind every validity check), then one module per feature. Import from the module itself."""
