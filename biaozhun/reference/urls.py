from django.urls import path

from biaozhun.reference import views

app_name = "reference"

urlpatterns = [
    path("", views.index, name="index"),
    path("ccs/", views.ccs_list, name="ccs_list"),
    # CCS group codes contain a slash (K20/29), hence the path converter.
    path("ccs/<path:code>/", views.ccs_detail, name="ccs_detail"),
    path("ics/", views.ics_list, name="ics_list"),
    path("ics/<str:code>/", views.ics_detail, name="ics_detail"),
    path("hs/", views.hs_list, name="hs_list"),
    path("hs/<str:code>/", views.hs_detail, name="hs_detail"),
    path("industry-codes/", views.industry_code_list, name="industry_code_list"),
    path("industry-codes/<str:code>/", views.industry_code_detail, name="industry_code_detail"),
    path("divisions/", views.division_list, name="division_list"),
    path("divisions/<str:code>/", views.division_detail, name="division_detail"),
]
