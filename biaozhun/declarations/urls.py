"""URLs of the declarations app. Each part keeps its own block (and its own views module)."""

from django.urls import path

app_name = "declarations"

urlpatterns: list = []

# --- an enterprise declares: views/declaring.py -------------------------------------------------

# --- public disclosure, open data, migration: views/disclosure.py, views/migration.py -----------

# --- screening: the bureau's review queue, baselines, categories: views/screening.py ------------
