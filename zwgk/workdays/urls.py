from django.urls import path

from zwgk.core import lazy

# Views named by path (zwgk.core.lazy.views): loading the URLconf imports no view module.
views = lazy.views("zwgk.workdays.views")


app_name = "workdays"

urlpatterns = [
    path("workspace/calendar/", views.schedules, name="schedules"),
]
