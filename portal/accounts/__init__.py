"""工作人员账号安全：登录锁定、密码策略、双因素认证、会话超时与访问记录。

Small modules, each with one job: ``conf`` (the ACCOUNTS settings), ``log``
(the access log), ``lockout`` (django-axes with a limit per account and per
address), ``passwords`` (validators and history), ``twofactor`` (TOTP devices),
``middleware`` (idle expiry, the 2FA gate), ``receivers`` (auth signals),
``admin_ui`` (the pages). Portal code, so nothing here imports the case module.
"""
