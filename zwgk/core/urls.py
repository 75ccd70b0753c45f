from django.urls import path

from zwgk.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("workspace/", views.workspace, name="workspace"),
    path("display/", views.display_mode, name="display_mode"),
]
