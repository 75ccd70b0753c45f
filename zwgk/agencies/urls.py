from django.urls import path

from zwgk.agencies import views

app_name = "agencies"

urlpatterns = [
    path("agencies/", views.directory, name="directory"),
    path("agencies/<str:code>/", views.detail, name="detail"),
    path("workspace/agency/switch/", views.switch, name="switch"),
    path("workspace/agency/contact/", views.edit_contact, name="edit_contact"),
]
