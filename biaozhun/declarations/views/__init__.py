"""Pages of the declarations app, one module per part (see ``declarations.urls``)."""
