from django.urls import path

from biaozhun.core import audit_views

app_name = "audit"

urlpatterns = [
    path("", audit_views.event_list, name="event_list"),
    path("export/", audit_views.event_export, name="event_export"),
    path("<int:pk>/", audit_views.event_detail, name="event_detail"),
    path("object/<int:content_type_id>/<str:object_id>/", audit_views.object_history, name="object_history"),
]
