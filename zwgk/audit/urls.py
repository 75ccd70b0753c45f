from django.urls import path

from zwgk.audit import views

app_name = "audit"

urlpatterns = [
    path("workspace/audit/", views.event_list, name="list"),
]
