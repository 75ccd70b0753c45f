from django.urls import path

from zwgk.core import lazy

# Views named by path (zwgk.core.lazy.views): loading the URLconf imports no view module.
api = lazy.views("zwgk.datasets.api")
views = lazy.views("zwgk.datasets.views")


app_name = "datasets"

urlpatterns = [
    path("datasets/", views.index, name="index"),
    path("datasets/<int:pk>/", views.detail, name="detail"),
    path("datasets/<int:pk>/download.<str:fmt>", views.download, name="download"),
    path("datasets/<int:pk>/chain/<str:key>/", views.chain, name="chain"),
    path("api/v1/datasets/", api.datasets, name="api_datasets"),
    path("api/v1/datasets/<int:pk>/rows/", api.rows, name="api_rows"),
    path("workspace/datasets/", views.ws_list, name="ws_list"),
    path("workspace/datasets/import/", views.ws_import, name="ws_import"),
    path("workspace/datasets/<int:pk>/", views.ws_detail, name="ws_detail"),
    path("workspace/datasets/<int:pk>/download.<str:fmt>", views.ws_download, name="ws_download"),
    path("workspace/datasets/<int:pk>/source/", views.ws_source, name="ws_source"),
]
