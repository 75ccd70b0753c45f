from django.urls import path

from zwgk.core import lazy

# Views named by path (zwgk.core.lazy.views): loading the URLconf imports no view module.
views = lazy.views("zwgk.audit.views")


app_name = "audit"

urlpatterns = [
    path("workspace/audit/", views.event_list, name="list"),
]
