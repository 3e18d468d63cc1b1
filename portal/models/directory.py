"""The directory the portal publishes and the case module relies on.

Townships, villages, service points, departments and assistance types each carry a
stable ``code``: other programs (the provincial platform, the API) refer to them by
it, so a code never changes once published.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from core.fields import staff_field
from core.text import CheckedText
from portal.search_fields import CJKAutocompleteField
from portal.staff_choosers import StaffChoosingForm

code_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9_-]{0,39}$",
    _("编码只能包含小写字母、数字、下划线和连字符，且以字母或数字开头。"),
)


class CodedModel(CheckedText, models.Model):
    code = models.CharField(
        _("编码"), max_length=40, unique=True, validators=[code_validator]
    )
    name = models.CharField(_("名称"), max_length=100)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    # What the admin's choosers and listings match as typed, also mid-name
    # (portal.search_backends).
    autocomplete_fields = [CJKAutocompleteField("name"), CJKAutocompleteField("code")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class Township(index.Indexed, CodedModel):
    """乡镇（街道）：一门受理窗口所在的层级。"""

    base_form_class = StaffChoosingForm

    # 分管负责人: alerted when a window of the township has neither its A nor
    # its B at work on a working day (cases.services.alerts).
    head = staff_field(
        _("乡镇负责人"),
        related_name="townships_headed",
        optional=True,
        on_delete=models.SET_NULL,
    )

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("head"),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.FilterField("code"),
        *CodedModel.autocomplete_fields,
    ]

    class Meta(CodedModel.Meta):
        verbose_name = _("乡镇（街道）")
        verbose_name_plural = _("乡镇（街道）")


class Village(index.Indexed, CodedModel):
    """村（社区）：民政服务站与协理员所在的层级。"""

    township = models.ForeignKey(
        Township,
        on_delete=models.PROTECT,
        related_name="villages",
        verbose_name=_("所属乡镇"),
    )

    panels = [
        FieldPanel("township"),
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.FilterField("township"),
        *CodedModel.autocomplete_fields,
    ]

    class Meta(CodedModel.Meta):
        verbose_name = _("村（社区）")
        verbose_name_plural = _("村（社区）")

    def __str__(self) -> str:
        return f"{self.township.name}{self.name}"


class Department(index.Indexed, CodedModel):
    """协同办理部门：分办、转办的去向（教育、住建、人社、医保……）。"""

    responsibilities = models.TextField(_("职责"), blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("responsibilities"),
        FieldPanel("phone"),
        FieldPanel("address"),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("responsibilities"),
        *CodedModel.autocomplete_fields,
    ]

    class Meta(CodedModel.Meta):
        verbose_name = _("部门")
        verbose_name_plural = _("部门")


def _working_days_field(label, default):
    return models.PositiveSmallIntegerField(
        label,
        default=default,
        validators=[MinValueValidator(0), MaxValueValidator(365)],
        help_text=_("单位：工作日"),
    )


class AssistanceType(index.Indexed, CodedModel):
    """救助事项。默认时限取自各地“一门受理”方案：受理1、调查核实5、回复1个工作日。

    服务指南发布后，案件按指南所列时限办理；这里的数值是指南未写明时的缺省值。
    """

    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assistance_types",
        verbose_name=_("主管部门"),
    )
    description = models.TextField(_("简介"), blank=True)
    acceptance_days = _working_days_field(_("受理时限"), 1)
    investigation_days = _working_days_field(_("调查核实时限"), 5)
    reply_days = _working_days_field(_("回复时限"), 1)
    public_notice_days = models.PositiveSmallIntegerField(
        _("公示天数"),
        default=0,
        validators=[MaxValueValidator(60)],
        help_text=_("0 表示该事项无需公示"),
    )
    max_extension_days = _working_days_field(_("延期上限"), 10)

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("department"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("acceptance_days"),
                FieldPanel("investigation_days"),
                FieldPanel("reply_days"),
                FieldPanel("public_notice_days"),
                FieldPanel("max_extension_days"),
            ],
            heading=_("默认办理时限"),
        ),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("description"),
        *CodedModel.autocomplete_fields,
    ]

    class Meta(CodedModel.Meta):
        verbose_name = _("救助事项")
        verbose_name_plural = _("救助事项")


class ServicePoint(index.Indexed, CodedModel):
    """服务网点：县级大厅、乡镇一门受理窗口、村民政服务站。"""

    base_form_class = StaffChoosingForm

    class Level(models.TextChoices):
        COUNTY = "county", _("县级")
        TOWNSHIP = "township", _("乡镇（街道）")
        VILLAGE = "village", _("村（社区）")

    level = models.CharField(_("层级"), max_length=10, choices=Level.choices)
    township = models.ForeignKey(
        Township,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_points",
        verbose_name=_("乡镇"),
    )
    village = models.ForeignKey(
        Village,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_points",
        verbose_name=_("村（社区）"),
    )
    address = models.CharField(_("地址"), max_length=200)
    opening_hours = models.CharField(_("办公时间"), max_length=200, blank=True)
    phone = models.CharField(_("电话"), max_length=40, blank=True)
    staff_a = staff_field(
        _("A岗责任人"),
        related_name="service_points_as_a",
        optional=True,
        on_delete=models.SET_NULL,
    )
    staff_b = staff_field(
        _("B岗责任人"),
        related_name="service_points_as_b",
        optional=True,
        on_delete=models.SET_NULL,
    )
    substitute = staff_field(
        _("指定顶岗人"),
        related_name="service_points_as_substitute",
        optional=True,
        on_delete=models.SET_NULL,
        help_text=_("A岗、B岗在同一工作日均不在岗时，由其受理新的申请。"),
    )

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("level"),
        FieldPanel("township"),
        FieldPanel("village"),
        FieldPanel("address"),
        FieldPanel("opening_hours"),
        FieldPanel("phone"),
        MultiFieldPanel(
            [
                FieldPanel("staff_a"),
                FieldPanel("staff_b"),
                FieldPanel("substitute"),
            ],
            heading=_("AB角"),
        ),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("address"),
        index.FilterField("level"),
        *CodedModel.autocomplete_fields,
        CJKAutocompleteField("address"),
    ]

    class Meta(CodedModel.Meta):
        verbose_name = _("服务网点")
        verbose_name_plural = _("服务网点")
        ordering = ["sort_order", "level", "code"]

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        errors = {}
        if self.level != self.Level.COUNTY and not self.township_id:
            errors["township"] = _("乡镇和村级网点必须选择所属乡镇。")
        if self.level == self.Level.VILLAGE and not self.village_id:
            errors["village"] = _("村级网点必须选择所属村（社区）。")
        if (
            self.village_id
            and self.township_id
            and self.village.township_id != self.township_id
        ):
            errors["village"] = _("所选村（社区）不属于所选乡镇。")
        errors.update(self._ab_errors())
        if errors:
            raise ValidationError(errors)

    def _ab_errors(self) -> dict:
        """AB角: every window has an A and a B, two people; the substitute is a
        third, of the window's own township."""
        errors = {}
        if not self.staff_a_id:
            errors["staff_a"] = _("每个窗口都须设A岗责任人。")
        if not self.staff_b_id:
            errors["staff_b"] = _("每个窗口都须设B岗责任人，A岗不在岗时由其顶岗。")
        elif self.staff_a_id == self.staff_b_id:
            errors["staff_b"] = _("A岗和B岗不能是同一人。")
        if self.substitute_id:
            if self.substitute_id in (self.staff_a_id, self.staff_b_id):
                errors["substitute"] = _("指定顶岗人须是A岗、B岗以外的第三人。")
            elif (
                self.township_id
                and not StaffProfile.objects.filter(
                    user_id=self.substitute_id, township_id=self.township_id
                ).exists()
            ):
                errors["substitute"] = _("指定顶岗人须是本乡镇的工作人员。")
        return errors

    @property
    def unstaffed(self) -> bool:
        """A岗、B岗均不在岗 (StaffProfile.is_absent); a post left empty counts
        as absent."""
        return not any(
            user is not None and not _is_absent(user)
            for user in (self.staff_a, self.staff_b)
        )

    @property
    def acting_substitute(self):
        """Who takes intake while neither A nor B is at work: the named
        substitute, unless they are away too."""
        if self.unstaffed and self.substitute and not _is_absent(self.substitute):
            return self.substitute
        return None

    @staticmethod
    def staff_display_name(user) -> str:
        if user is None:
            return ""
        # Chinese names are written without a space between surname and given name.
        return f"{user.first_name}{user.last_name}".strip() or user.get_username()


def _is_absent(user) -> bool:
    profile = getattr(user, "staff_profile", None)
    return bool(profile and profile.is_absent)


class StaffProfile(models.Model):
    """工作人员的辖区：乡镇经办人看本乡镇，村协理员看本村。"""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_profile",
        verbose_name=_("用户"),
    )
    township = models.ForeignKey(
        Township,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("所属乡镇"),
    )
    village = models.ForeignKey(
        Village,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("所属村（社区）"),
    )
    phone = models.CharField(_("电话"), max_length=40, blank=True)
    is_absent = models.BooleanField(
        _("不在岗"),
        default=False,
        help_text=_("A岗不在岗时，由B岗顶岗办理其案件。"),
    )

    panels = [
        FieldPanel("user"),
        FieldPanel("township"),
        FieldPanel("village"),
        FieldPanel("phone"),
        FieldPanel("is_absent"),
    ]

    class Meta:
        verbose_name = _("工作人员辖区")
        verbose_name_plural = _("工作人员辖区")

    def __str__(self) -> str:
        return ServicePoint.staff_display_name(self.user)
