"""The PostgreSQL backend's table: one ``tsvector`` of search terms per edition.

Declared here, beside the backend that writes it, and imported by ``standards.models`` so that it
belongs to the app and gets migrations. On SQLite the table exists but stays empty (the tantivy
backend is used there); its GIN index is created by the migration on PostgreSQL only, which is why
it is not in ``Meta.indexes`` (SQLite cannot create a GIN index).
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

GIN_INDEX_NAME = "edition_search_document_gin"


class EditionSearchDocument(models.Model):
    """The search terms of one edition, written only by ``standards.search`` (never by hand).

    ``document`` holds the tokens of ``search.tokenize`` with their weights (title A, English title
    and keywords B, the number's words C, drafting organisations D) and the number and
    classification keys; ``number_sort`` orders results by number the same way on every backend.
    """

    edition = models.OneToOneField(
        "standards.Edition",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    document = SearchVectorField(_("search terms"))
    number_sort = models.CharField(_("number sort key"), max_length=400)

    class Meta:
        verbose_name = _("edition search document")
        verbose_name_plural = _("edition search documents")

    def __str__(self) -> str:
        return str(self.edition_id)
