from django.urls import path

from zwgk.core import lazy

# Views named by path (zwgk.core.lazy.views): loading the URLconf imports no view module.
views = lazy.views("zwgk.agencies.views")


app_name = "agencies"

urlpatterns = [
    path("agencies/", views.directory, name="directory"),
    path("agencies/<str:code>/", views.detail, name="detail"),
    path("workspace/agency/switch/", views.switch, name="switch"),
    path("workspace/agency/contact/", views.edit_contact, name="edit_contact"),
]
