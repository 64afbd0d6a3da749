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
    The facet and sort columns are copies of the edition's, as of its last indexing (like the
    tantivy index's), so that a search reads this one table: joining the editions was measured to
    double the time of a common word's search.
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
    level = models.CharField(_("level"), max_length=16, blank=True)
    status = models.CharField(_("status"), max_length=16, blank=True)
    nature = models.CharField(_("nature"), max_length=16, blank=True)
    ccs_class = models.CharField(_("CCS class"), max_length=1, blank=True)
    ics_field = models.CharField(_("ICS field"), max_length=2, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)

    class Meta:
        verbose_name = _("edition search document")
        verbose_name_plural = _("edition search documents")

    def __str__(self) -> str:
        return str(self.edition_id)
