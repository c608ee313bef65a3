from django.contrib.auth import views as auth_views
from django.urls import path

from . import admin_views, views

app_name = "access"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/verify/", views.verify, name="verify"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("app/settings/2fa/", views.two_factor, name="two_factor"),
    path("language/", views.set_language, name="language"),
    path("app/settings/", views.my_settings, name="settings"),
    path("app/settings/tokens/", views.token_create, name="token_create"),
    path("app/settings/tokens/<id:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("app/admin/security/", admin_views.admin_home, name="admin_home"),
    path("app/admin/security/roles/<id:role_id>/", admin_views.role_edit, name="role_edit"),
    path("app/admin/security/status-locks/", admin_views.status_locks, name="status_locks"),
    path("app/admin/security/sharing-rules/", admin_views.sharing_rules, name="sharing_rules"),
    path("app/admin/security/sharing-rules/new/", admin_views.sharing_rule_edit, name="sharing_rule_new"),
    path("app/admin/security/sharing-rules/<id:rule_id>/", admin_views.sharing_rule_edit, name="sharing_rule_edit"),
    path(
        "app/admin/security/sharing-rules/<id:rule_id>/delete/",
        admin_views.sharing_rule_delete,
        name="sharing_rule_delete",
    ),
    path("app/admin/security/audit/", admin_views.audit_log, name="audit"),
    path("app/admin/security/roles/<id:role_id>/login/", admin_views.role_login, name="role_login"),
    path("app/admin/security/login/", admin_views.login_policy, name="login_policy"),
    path("app/admin/security/users/", admin_views.users, name="users"),
    path("app/admin/security/users/new/", admin_views.user_edit, name="user_new"),
    path("app/admin/security/users/<id:user_id>/", admin_views.user_edit, name="user_edit"),
    path("app/admin/security/users/<id:user_id>/reset-2fa/", admin_views.user_reset_2fa, name="user_reset_2fa"),
    path("app/admin/security/departments/", admin_views.departments, name="departments"),
    path("app/admin/security/explain/", admin_views.explain_access, name="explain"),
]
