"""Pages of the checking app, one module per part (see ``checking.urls``)."""
