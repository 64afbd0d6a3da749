"""Forms of the declarations app, one module per part."""
