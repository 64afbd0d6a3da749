from django.urls import path

from biaozhun.standards.views import age, catalogue, imports, topics

app_name = "standards"

urlpatterns = [
    path("", catalogue.search_page, name="search"),
    path("export.xlsx", catalogue.search_export, name="search_export"),
    path("browse/ccs/", catalogue.browse_ccs, name="browse_ccs"),
    path("browse/ics/", catalogue.browse_ics, name="browse_ics"),
    path("imports/", imports.import_list, name="import_list"),
    path("imports/new/", imports.import_upload, name="import_upload"),
    path("imports/<uuid:public_id>/", imports.import_detail, name="import_detail"),
    path(
        "imports/<uuid:public_id>/rejections.xlsx", imports.import_rejections_export, name="import_rejections"
    ),
    path("topics/", topics.topic_list, name="topic_list"),
    path("topics/new/", topics.topic_new, name="topic_new"),
    path("topics/<slug:slug>/", topics.topic_detail, name="topic_detail"),
    path("topics/<slug:slug>/export.xlsx", topics.topic_export, name="topic_export"),
    path("topics/<slug:slug>/edit/", topics.topic_edit, name="topic_edit"),
    path("topics/<slug:slug>/overrides/", topics.topic_overrides, name="topic_overrides"),
    path(
        "topics/<slug:slug>/overrides/<int:pk>/remove/",
        topics.topic_override_remove,
        name="topic_override_remove",
    ),
    path("age/", age.age_page, name="age"),
    path("age/export.xlsx", age.age_export, name="age_export"),
    # Numbers contain slashes (GB/T 1.1-2020): the number is the rest of the path.
    path("<path:number>/", catalogue.detail_page, name="detail"),
]
