"""受理渠道：一门受理的每一种来件方式。"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WINDOW = "window", _("窗口受理")
    PHONE = "phone", _("电话")
    HOTLINE_12349 = "hotline_12349", _("12349热线")
    ONLINE = "online", _("网上申请")
    PETITION_TRANSFER = "petition_transfer", _("信访转办")
    ACTIVE_DISCOVERY = "active_discovery", _("主动发现")
    PROXY = "proxy", _("帮办代办")
