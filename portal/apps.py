from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("门户网站")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model

        from portal import admin_init, page_cache, permissions
        from portal.accounts import receivers as account_receivers
        from portal.offline import receivers
        from portal.search_fields import CJKAutocompleteField
        from portal.spreadsheets import listings

        receivers.connect()
        post_migrate.connect(
            permissions.setup_groups_after_migrate,
            dispatch_uid="portal.setup_groups_after_migrate",
        )
        # Wagtail's own list exports through the one export writer.
        listings.install()
        page_cache.connect_signals()
        account_receivers.connect()
        # Wagtail's own document and image models: their titles found mid-word in
        # the choosers and listings too (portal.search_backends). A model of our
        # own for them would mean moving every stored file for one index field.
        for model in (get_document_model(), get_image_model()):
            model.search_fields = [*model.search_fields, CJKAutocompleteField("title")]
        label_link_chooser_fields()
        check_admin_text_fields()
        # Choosers without an inline script (the CSP forbids them).
        admin_init.install_chooser_render()


def check_admin_text_fields():
    """Every text field of every Wagtail admin form refuses control characters.

    Our own models check their text in ``clean()`` (core.text.CheckedText);
    this reaches the ones Wagtail owns (document and image titles, collections,
    redirects, sites) and every form a page or snippet editor builds. Wagtail's
    own TextField override (its auto-height widget) is kept.
    """
    from django.db import models
    from wagtail.admin import widgets
    from wagtail.admin.forms.models import register_form_field_override

    from core.text import validate_text

    register_form_field_override(
        models.CharField, override={"validators": [validate_text]}
    )
    register_form_field_override(
        models.TextField,
        override={
            "widget": widgets.AdminAutoHeightTextInput,
            "validators": [validate_text],
        },
        exact_class=True,
    )


def label_link_chooser_fields():
    """Labels for the fields of Wagtail's link dialogs (rich text 链接 button),
    and for the page field of its workflow and group page-permission forms.

    Wagtail declares them without a label, so Django shows the field name in
    English ("Link text") and no catalogue can translate it.
    """
    from wagtail.admin.forms import choosers

    labels = {
        "link_text": _("链接文字"),
        "email_address": _("电子邮箱地址"),
        "subject": _("邮件主题"),
        "body": _("邮件正文"),
        "phone_number": _("电话号码"),
    }
    for form in (
        choosers.ExternalLinkChooserForm,
        choosers.AnchorLinkChooserForm,
        choosers.EmailLinkChooserForm,
        choosers.PhoneLinkChooserForm,
    ):
        for name, field in form.base_fields.items():
            if name in labels and field.label is None:
                field.label = labels[name]
    # The page picked in a workflow's page list and in a group's page
    # permissions (read out to screen readers as "Page").
    from wagtail.admin.forms.workflows import WorkflowPageForm
    from wagtail.users.forms import PagePermissionsForm

    for form in (WorkflowPageForm, PagePermissionsForm):
        if form.base_fields["page"].label is None:
            form.base_fields["page"].label = _("页面")
