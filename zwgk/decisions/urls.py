from django.urls import path

from zwgk.core import lazy

# Views named by path (zwgk.core.lazy.views): loading the URLconf imports no view module.
views = lazy.views("zwgk.decisions.views")


app_name = "decisions"

urlpatterns = [
    path("decisions/", views.index, name="index"),
    path("decisions/<int:pk>/", views.detail, name="detail"),
    path("api/v1/decisions/", views.api_list, name="api_list"),
    path("workspace/decisions/", views.staff_index, name="staff_index"),
    path("workspace/decisions/<int:pk>/", views.staff_decision, name="staff_decision"),
    path("workspace/decisions/catalogues/new/", views.staff_catalogue, name="staff_catalogue_new"),
    path("workspace/decisions/catalogues/<int:pk>/", views.staff_catalogue, name="staff_catalogue"),
    path(
        "workspace/decisions/catalogues/<int:catalogue_pk>/items/new/",
        views.staff_decision_edit,
        name="staff_decision_new",
    ),
    path(
        "workspace/decisions/catalogues/<int:catalogue_pk>/items/<int:pk>/",
        views.staff_decision_edit,
        name="staff_decision_edit",
    ),
]
