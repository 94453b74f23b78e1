from django.urls import path

from dangbo.access.views import account, audit, scope, users

app_name = "access"

urlpatterns = [
    # The user's own account. /tai-khoan/xac-thuc/ is reachable before the second factor
    # (dangbo.access.middleware.ALLOWED_PREFIXES).
    path("tai-khoan/xac-thuc/", account.otp, name="otp"),
    path("tai-khoan/mat-khau/", account.password, name="password"),
    path("tai-khoan/api-token/", account.token, name="token"),
    path("tai-khoan/api-token/thu-hoi/", account.token_revoke, name="token-revoke"),
    # Working scope and unit pickers.
    path("pham-vi/chon/", scope.scope_switch, name="scope-switch"),
    path("pham-vi/tim/", scope.scope_search, name="scope-search"),
    path("pham-vi/don-vi/", scope.unit_picker, name="unit-picker"),
    # Users and grants.
    path("nguoi-dung/", users.user_list, name="user-list"),
    path("nguoi-dung/them/", users.user_create, name="user-create"),
    path("nguoi-dung/<int:pk>/", users.user_detail, name="user-detail"),
    path("nguoi-dung/<int:pk>/phan-quyen/them/", users.grant_add, name="grant-add"),
    path("nguoi-dung/<int:pk>/dat-lai-mat-khau/", users.password_reset, name="password-reset"),
    path("nguoi-dung/<int:pk>/kich-hoat/", users.user_active, name="user-active"),
    path("phan-quyen/<int:pk>/ket-thuc/", users.grant_end, name="grant-end"),
    # Audit log.
    path("nhat-ky/", audit.audit_log, name="audit-log"),
    path("nhat-ky/kiem-tra/", audit.audit_verify, name="audit-verify"),
]
