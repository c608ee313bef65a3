from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "access"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", views.set_language, name="language"),
    path("app/settings/", views.my_settings, name="settings"),
    path("app/settings/tokens/", views.token_create, name="token_create"),
    path("app/settings/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
]
