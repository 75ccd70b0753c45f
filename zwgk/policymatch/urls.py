from django.urls import path

from zwgk.policymatch import views

app_name = "policymatch"

urlpatterns = [
    path("policies/match/", views.match, name="match"),
    path("policies/match/subscribe/", views.subscribe, name="subscribe"),
    path("policies/subscriptions/<str:token>/", views.subscription, name="subscription"),
    path("policies/subscriptions/<str:token>/unsubscribe/", views.unsubscribe, name="unsubscribe"),
    path("workspace/policymatch/", views.workspace_list, name="workspace_list"),
    path("workspace/policymatch/records/<int:pk>/", views.workspace_edit, name="workspace_edit"),
]
