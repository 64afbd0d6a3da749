"""URLs of the checking app. Each part keeps its own block (and its own views module)."""

from django.urls import path

app_name = "checking"

urlpatterns: list = []

# --- validity checks of lists: views/checks.py -------------------------------------------------

# --- references in documents: views/documents.py -----------------------------------------------

# --- watchlists, controlled-standards lists: views/watches.py ----------------------------------

# --- standard texts for enterprises, the ledger: views/texts.py --------------------------------
