"""python manage.py issue_token USERNAME — print a new API token for that user.

The token (Wagtail's APIToken) acts as the user: it reaches exactly the cases
their role and jurisdiction allow. Only a digest is stored, so the printed token
is the only copy; revoke it in the admin when the integration ends.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import APIToken

from core.commands import ChineseCommand


class Command(ChineseCommand):
    help = gettext_lazy(
        "为指定用户签发接口令牌（请求头 `Authorization: Bearer <令牌>`）。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "username", metavar="用户名", help=gettext_lazy("令牌签发给哪个用户")
        )
        parser.add_argument(
            "--name",
            default="",
            metavar="用途",
            help=gettext_lazy("令牌用途，如“省级平台推送”；默认为用户名加签发日期。"),
        )

    def handle(self, *args, username, name, **options):
        User = get_user_model()
        user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
        if user is None:
            raise CommandError(_("没有用户名为“%(name)s”的用户。") % {"name": username})
        if not user.is_active:
            raise CommandError(
                _("用户“%(name)s”已停用，不能签发令牌。") % {"name": username}
            )
        label = (name or "").strip()[:255] or f"{username} issue_token"
        token, plaintext = APIToken.create_token(user=user, name=label)
        if options["verbosity"] >= 1:
            self.stderr.write(
                _("已签发令牌“%(label)s”（%(user)s，前缀 %(prefix)s），仅显示一次：")
                % {"user": username, "label": label, "prefix": token.prefix}
            )
        self.stdout.write(plaintext)
