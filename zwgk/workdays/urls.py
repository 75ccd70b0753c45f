from django.urls import path

from zwgk.workdays import views

app_name = "workdays"

urlpatterns = [
    path("workspace/calendar/", views.schedules, name="schedules"),
]
