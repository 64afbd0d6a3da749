"""Forms of the checking app, one module per part (``checks``, ``documents``, ``watches``, ``texts``)."""
