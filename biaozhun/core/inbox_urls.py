"""The inbox's URLs, included by ``core.urls`` under ``inbox/`` (names ``core:inbox…``)."""

from django.urls import path

from biaozhun.core import inbox_views

urlpatterns = [
    path("", inbox_views.inbox, name="inbox"),
    path("read-all/", inbox_views.inbox_mark_all_read, name="inbox_mark_all_read"),
    path("<uuid:public_id>/", inbox_views.inbox_detail, name="inbox_detail"),
]
