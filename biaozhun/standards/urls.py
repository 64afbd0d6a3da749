from django.urls import path

from biaozhun.standards.views import catalogue, imports

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
    # Numbers contain slashes (GB/T 1.1-2020): the number is the rest of the path.
    path("<path:number>/", catalogue.detail_page, name="detail"),
]
