from django.urls import path

from . import access_log, security, two_factor

urlpatterns = [
    path("2fa/verify/", two_factor.VerifyView.as_view(), name="accounts_2fa_verify"),
    path("2fa/setup/", two_factor.SetupView.as_view(), name="accounts_2fa_setup"),
    path(
        "account-security/",
        security.AccountSecurityView.as_view(),
        name="accounts_security",
    ),
    path(
        "account-security/unlock/",
        security.UnlockView.as_view(),
        name="accounts_unlock",
    ),
    path(
        "account-security/reset-2fa/",
        security.ResetDeviceView.as_view(),
        name="accounts_otp_reset",
    ),
    path("access-log/", access_log.AccessLogView.as_view(), name="accounts_access_log"),
    path(
        "access-log/export.csv",
        access_log.AccessLogExportView.as_view(),
        name="accounts_access_log_csv",
    ),
]
