"""Reads of the declarations app, one module per part. Import from the module itself."""
