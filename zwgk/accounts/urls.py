from django.contrib.auth import views as auth_views
from django.urls import path

from zwgk.core import lazy

# Views named by path (zwgk.core.lazy.views): loading the URLconf imports no view module.
views = lazy.views("zwgk.accounts.views")


app_name = "accounts"

urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("workspace/roles/", views.roles, name="roles"),
    path("workspace/roles/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("workspace/roles/pending/<int:pk>/", views.decide_grant, name="decide_grant"),
    path("workspace/roles/reset-password/", views.reset_issue, name="reset_issue"),
    path("accounts/reset/<str:uidb64>/<str:token>/", views.reset_confirm, name="reset_confirm"),
]
