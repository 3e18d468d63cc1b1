"""runserver：开发用服务器，启动和出错时的提示用中文（`make run` 用它）。

Django 的 runserver（经 django.contrib.staticfiles 的，同时提供静态文件）用英文
打印系统检查、版本、地址和“不要用于正式环境”的提醒。portal 在 INSTALLED_APPS
中排在 django.contrib.staticfiles 之前，所以 ``manage.py runserver`` 用的是这里的
命令；它只换掉这些提示（inner_run、on_bind），服务本身仍是 Django 的。
"""

import errno
import os
import sys
from datetime import datetime

from django.conf import settings
from django.contrib.staticfiles.management.commands.runserver import (
    Command as StaticFilesRunserver,
)
from django.core.management.base import BaseCommand, CommandError
from django.core.servers.basehttp import run
from django.db import connections
from django.utils import autoreload
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.commands import ChineseCommandMixin

_OPTION_HELP = {
    "addrport": gettext_lazy("端口，或“地址:端口”（默认 127.0.0.1:8000）"),
    "use_ipv6": gettext_lazy("使用 IPv6 地址"),
    "use_threading": gettext_lazy("不用多线程处理请求"),
    "use_reloader": gettext_lazy("代码改动后不自动重新加载"),
    "use_static_handler": gettext_lazy("不自动提供静态文件"),
    "insecure_serving": gettext_lazy("关闭调试模式时也提供静态文件"),
}
_SOCKET_ERRORS = {
    errno.EACCES: gettext_lazy("没有权限使用这个端口。"),
    errno.EADDRINUSE: gettext_lazy("这个端口已被占用。"),
    errno.EADDRNOTAVAIL: gettext_lazy("无法使用这个地址。"),
}


class Command(ChineseCommandMixin, StaticFilesRunserver):
    help = gettext_lazy("启动开发用的网站服务器（同时提供静态文件）。")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        for action in parser._actions:
            if action.dest in _OPTION_HELP:
                action.help = _OPTION_HELP[action.dest]
            if action.dest == "addrport":
                action.metavar = _("地址:端口")

    def handle(self, *args, **options):
        try:
            return super().handle(*args, **options)
        except CommandError as error:
            raise CommandError(_address_error(str(error), options)) from error

    def inner_run(self, *args, **options):
        """Django's inner_run, saying the same in Chinese."""
        # An exception silenced in ManagementUtility.execute for the reloader's
        # child process is raised here.
        autoreload.raise_last_exception()
        shutdown_message = options.get("shutdown_message", "")
        if not options["skip_checks"]:
            self.stdout.write(_("正在进行系统检查……\n\n"))
            check_kwargs = BaseCommand.get_check_kwargs(self, options)
            check_kwargs["display_num_errors"] = True
            self.check(**check_kwargs)
        self.check_migrations()
        for conn in connections.all(initialized_only=True):
            conn.close()
        try:
            run(
                self.addr,
                int(self.port),
                self.get_handler(*args, **options),
                ipv6=self.use_ipv6,
                threading=options["use_threading"],
                on_bind=self.on_bind,
                server_cls=self.server_cls,
            )
        except OSError as error:
            reason = _SOCKET_ERRORS.get(error.errno, error)
            self.stderr.write(_("错误：%s") % reason)
            # sys.exit does not end the process from the reloader's thread.
            os._exit(1)
        except KeyboardInterrupt:
            if shutdown_message:
                self.stdout.write(shutdown_message)
            sys.exit(0)

    def on_bind(self, server_port):
        if self._raw_ipv6:
            addr = f"[{self.addr}]"
        elif self.addr == "0":
            addr = "0.0.0.0"  # noqa: S104 - the address the operator asked for
        else:
            addr = self.addr
        quit_keys = "Ctrl+Break" if sys.platform == "win32" else "Ctrl+C"
        self.stdout.write(
            "\n".join(
                (
                    datetime.now().strftime(_("%Y年%m月%d日 %H:%M:%S")),
                    _("Django %(version)s，设置模块 `%(settings)s`")
                    % {
                        "version": self.get_version(),
                        "settings": settings.SETTINGS_MODULE,
                    },
                    _("开发服务器已启动：%(url)s")
                    % {"url": f"{self.protocol}://{addr}:{server_port}/"},
                    _("按 %(keys)s 停止服务器。") % {"keys": quit_keys},
                )
            )
        )
        if os.environ.get("DJANGO_RUNSERVER_HIDE_WARNING") != "true":
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "注意：这是开发用的服务器，不能用于正式环境；正式部署用 "
                        "`gunicorn` 等应用服务器，见 docs/deploy.md。"
                    )
                )
            )


def _address_error(message: str, options: dict) -> str:
    """Django's runserver refusals, in Chinese (the rest unchanged)."""
    given = options.get("addrport") or ""
    if "ALLOWED_HOSTS" in message:
        return _("关闭调试模式（DEBUG）时必须设置 `ALLOWED_HOSTS`。")
    if "does not support IPv6" in message:
        return _("本机不支持 IPv6。")
    if "not a valid IPv6 address" in message:
        return _("“%s”不是有效的 IPv6 地址。") % given
    if "not a valid port number" in message:
        return _("“%s”不是有效的端口或“地址:端口”。") % given
    return message
