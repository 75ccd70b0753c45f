from django.urls import path

from zwgk.core import lazy

# Views named by path (zwgk.core.lazy.views): loading the URLconf imports no view module.
views = lazy.views("zwgk.policymatch.views")


app_name = "policymatch"

urlpatterns = [
    path("policies/match/", views.match, name="match"),
    path("policies/match/subscribe/", views.subscribe, name="subscribe"),
    path("policies/subscriptions/<str:token>/", views.subscription, name="subscription"),
    path("policies/subscriptions/<str:token>/unsubscribe/", views.unsubscribe, name="unsubscribe"),
    path("policies/n/<str:token>/<str:channel>/", views.opened, name="opened"),
    path("workspace/policymatch/", views.workspace_list, name="workspace_list"),
    path("workspace/policymatch/records/<int:pk>/", views.workspace_edit, name="workspace_edit"),
    path(
        "workspace/policymatch/records/<int:pk>/leaflet/", views.workspace_leaflet, name="workspace_leaflet"
    ),
    path(
        "workspace/policymatch/records/<int:pk>/leaflet.<str:fmt>",
        views.workspace_leaflet_file,
        name="workspace_leaflet_file",
    ),
]
