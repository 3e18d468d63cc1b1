"""命令行的中文外壳：本项目每个管理命令的基类。

``manage.py 命令 --help`` 的标题（用法、位置参数、选项）、Django 每个命令都有的
标准选项（--verbosity、--settings …）的说明、参数错误（缺少必需的参数、无效的
选项……）、命令出错时的前缀和系统检查的结果，都由 argparse 和 Django 用英文写出。
``ChineseCommand`` 把它们换成中文；命令自己的说明和提示本来就用中文写。

argparse 的英文来自它自己的 gettext 域，不经过 Django 的消息目录，所以在这里
逐条对应：帮助的标题由格式器和分组标题给出，错误信息由解析器的 ``error()``
在输出前改写（``chinese_argparse_message``）。
"""

import re
import sys
from argparse import SUPPRESS, ArgumentParser
from unicodedata import east_asian_width

from django.core import checks
from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    DjangoHelpFormatter,
    SystemCheckError,
)
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class ChineseHelpFormatter(DjangoHelpFormatter):
    """“用法：”开头的帮助；命令自己的选项仍排在标准选项之前。"""

    def add_usage(self, usage, actions, groups, prefix=None):
        if prefix is None:
            prefix = _("用法：")
        super().add_usage(usage, actions, groups, prefix)

    def _format_action(self, action):
        """argparse pads by characters; a Chinese one takes two columns, so the
        gap after a Chinese value name is made that much shorter."""
        text = super()._format_action(action)
        head = " " * self._current_indent + self._format_action_invocation(action)
        wide = sum(east_asian_width(c) in "WF" for c in head)
        rest = text[len(head) :]
        if wide and text.startswith(head) and rest[: wide + 2].strip(" ") == "":
            text = head + rest[wide:]
        return text


def _value_kind(type_name: str) -> str:
    return {"int": _("整数"), "float": _("数字")}.get(type_name, _("取值"))


# argparse's English messages (Python 3.11–3.13) and what an operator reads
# instead. Each pattern matches one whole message; the groups keep what the
# operator typed and the option names.
_MESSAGES = (
    (
        r"the following arguments are required: (?P<names>.+)",
        lambda m: _("缺少必需的参数：%(names)s") % m.groupdict(),
    ),
    (
        r"invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)",
        lambda m: _("无效的选项 %(value)s（可选：%(choices)s）") % m.groupdict(),
    ),
    (
        r"invalid (?P<kind>\S+) value: (?P<value>.+)",
        lambda m: (
            _("%(value)s 不是有效的%(kind)s")
            % {"value": m["value"], "kind": _value_kind(m["kind"])}
        ),
    ),
    (r"expected one argument", lambda m: _("需要一个取值")),
    (r"expected at most one argument", lambda m: _("最多只能给一个取值")),
    (r"expected at least one argument", lambda m: _("至少要给一个取值")),
    (
        r"expected (?P<count>\d+) arguments?",
        lambda m: _("需要 %(count)s 个取值") % m.groupdict(),
    ),
    (
        r"not allowed with argument (?P<other>.+)",
        lambda m: _("不能与参数 %(other)s 同时使用") % m.groupdict(),
    ),
    (
        r"ignored explicit argument (?P<value>.+)",
        lambda m: _("不接受取值 %(value)s") % m.groupdict(),
    ),
    (
        r"one of the arguments (?P<names>.+) is required",
        lambda m: _("参数 %(names)s 必须给出其中一个") % m.groupdict(),
    ),
    (
        r"unrecognized arguments: (?P<values>.+)",
        lambda m: _("无法识别的参数：%(values)s") % m.groupdict(),
    ),
    (
        r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)",
        lambda m: _("选项 %(option)s 不明确，可能是：%(matches)s") % m.groupdict(),
    ),
    (
        r"unexpected option string: (?P<option>.+)",
        lambda m: _("意外的选项：%(option)s") % m.groupdict(),
    ),
)
_ARGUMENT = re.compile(r"argument (?P<name>.+?): (?P<message>.+)", re.S)


def chinese_argparse_message(message: str) -> str:
    """argparse 的一条英文错误信息的中文；不认识的（命令自己的中文信息）原样返回。"""
    message = str(message)
    if found := _ARGUMENT.fullmatch(message):
        return _("参数 %(name)s：%(message)s") % {
            "name": found["name"],
            "message": chinese_argparse_message(found["message"]),
        }
    for pattern, chinese in _MESSAGES:
        if found := re.fullmatch(pattern, message, re.S):
            return chinese(found)
    return message


class ChineseCommandParser(CommandParser):
    """错误信息用中文；从命令行调用时和 argparse 一样先打印用法，以状态 2 退出。"""

    def error(self, message):
        message = chinese_argparse_message(message)
        if self.called_from_command_line:
            self.print_usage(sys.stderr)
            self.exit(
                2,
                _("%(prog)s：错误：%(message)s\n")
                % {"prog": self.prog, "message": message},
            )
        raise CommandError(_("错误：%s") % message)


class CommandFailed(CommandError):
    """A command's CommandError as run_from_argv prints it: Django writes the
    exception class's name before the message, so this class is named in Chinese."""


CommandFailed.__name__ = CommandFailed.__qualname__ = "错误"


def _standard_options() -> dict[str, tuple[str, str | None]]:
    """Django 的标准选项：说明与取值的名称（无取值的为 None）。"""
    return {
        "--help": (_("显示本帮助并退出"), None),
        "--version": (_("显示版本号并退出"), None),
        "--verbosity": (
            _("输出的详细程度：0 最少，1 正常，2 详细，3 非常详细"),
            None,
        ),
        "--settings": (
            _("所用的设置模块；不给时读环境变量 `DJANGO_SETTINGS_MODULE`"),
            _("设置模块"),
        ),
        "--pythonpath": (_("另行加入模块搜索路径的目录"), _("目录")),
        "--traceback": (_("命令出错时显示完整的调用栈"), None),
        "--no-color": (_("输出不加颜色"), None),
        "--force-color": (_("总是给输出加颜色"), None),
        "--skip-checks": (_("跳过系统检查"), None),
    }


def chinese_parser(parser: ArgumentParser) -> ArgumentParser:
    """把 Django 建好的解析器改成中文：分组标题、标准选项的说明、错误信息。"""
    parser.__class__ = ChineseCommandParser
    parser._positionals.title = _("位置参数")
    parser._optionals.title = _("选项")
    # argparse formats only str: a command's lazy help (gettext_lazy) is made
    # text here, in the language active now.
    if parser.description:
        parser.description = str(parser.description)
    standard = _standard_options()
    for action in parser._actions:
        if action.help and action.help is not SUPPRESS:
            action.help = str(action.help)
        for option in action.option_strings:
            if option in standard:
                help_text, metavar = standard[option]
                if action.help is not SUPPRESS:
                    action.help = help_text
                if metavar:
                    action.metavar = metavar
    return parser


_ISSUE_GROUPS = (
    (checks.CRITICAL, None, gettext_lazy("严重错误")),
    (checks.ERROR, checks.CRITICAL, gettext_lazy("错误")),
    (checks.WARNING, checks.ERROR, gettext_lazy("警告")),
    (checks.INFO, checks.WARNING, gettext_lazy("提示")),
    (None, checks.INFO, gettext_lazy("调试")),
)


class ChineseCommandMixin:
    """帮助、参数错误、出错前缀、系统检查和迁移提示用中文的管理命令。

    Mixed in before BaseCommand (or a command class of Django's, e.g. runserver),
    so that its create_parser, execute, check and check_migrations are used.
    """

    def create_parser(self, prog_name, subcommand, **kwargs):
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        return chinese_parser(super().create_parser(prog_name, subcommand, **kwargs))

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except CommandError as error:
            if isinstance(error, (SystemCheckError, CommandFailed)):
                raise
            if not getattr(self, "_called_from_command_line", False):
                raise
            raise CommandFailed(*error.args, returncode=error.returncode) from error

    def check(
        self,
        app_configs=None,
        tags=None,
        display_num_errors=False,
        include_deployment_checks=False,
        fail_level=checks.ERROR,
        databases=None,
    ):
        """Django 的系统检查，结果用中文报告（各项检查自己的信息原样列出）。"""
        issues = checks.run_checks(
            app_configs=app_configs,
            tags=tags,
            include_deployment_checks=include_deployment_checks,
            databases=databases,
        )
        visible = [issue for issue in issues if not issue.is_silenced()]
        body = ""
        for low, high, title in _ISSUE_GROUPS:
            group = sorted(
                (
                    self.style.ERROR(str(issue))
                    if issue.is_serious()
                    else self.style.WARNING(str(issue))
                )
                for issue in visible
                if (low is None or issue.level >= low)
                and (high is None or issue.level < high)
            )
            if group:
                body += f"\n{title}：\n" + "\n".join(group) + "\n"
        header = _("系统检查发现以下问题：\n") if visible else ""
        footer = ""
        if display_num_errors:
            footer = ("\n" if visible else "") + _(
                "系统检查完成：%(found)s（%(silenced)s 个已设为忽略）。"
            ) % {
                "found": _("发现 %d 个问题") % len(visible)
                if visible
                else _("没有问题"),
                "silenced": len(issues) - len(visible),
            }
        if any(
            issue.is_serious(fail_level) and not issue.is_silenced() for issue in issues
        ):
            raise SystemCheckError(self.style.ERROR(header) + body + footer)
        message = header + body + footer
        if message:
            if visible:
                self.stderr.write(message, lambda x: x)
            else:
                self.stdout.write(message)

    def check_migrations(self):
        """数据库结构落后于代码时提醒（与 Django 的相同，用中文）。"""
        from django.core.exceptions import ImproperlyConfigured
        from django.db.migrations.executor import MigrationExecutor

        try:
            executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        except ImproperlyConfigured:
            return
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if not plan:
            return
        # Django names the apps by their labels, which are English words; the
        # count is what an operator needs before running migrate.
        self.stdout.write(
            self.style.NOTICE(
                _(
                    "\n数据库还有 %(count)s 个迁移没有执行，"
                    "在执行之前网站可能无法正常工作。"
                )
                % {"count": len(plan)}
            )
        )
        self.stdout.write(
            self.style.NOTICE(_("请运行 `python manage.py migrate` 执行迁移。"))
        )


class ChineseCommand(ChineseCommandMixin, BaseCommand):
    """本项目管理命令的基类（代替 django.core.management.BaseCommand）。"""
