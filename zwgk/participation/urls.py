from django.urls import path

from zwgk.core import lazy

# Views named by path (zwgk.core.lazy.views): loading the URLconf imports no view module.
views = lazy.views("zwgk.participation.views")


app_name = "participation"

urlpatterns = [
    path("participation/", views.index, name="index"),
    path("participation/<int:pk>/", views.detail, name="detail"),
    path("api/v1/consultations/", views.api_list, name="api_list"),
    path("workspace/participation/", views.staff_list, name="staff_list"),
    path("workspace/participation/new/", views.edit, name="new"),
    path("workspace/participation/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("workspace/participation/<int:pk>/edit/", views.edit, name="edit"),
]
