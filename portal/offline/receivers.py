"""Wagtail's publish signals drive editions; connected in PortalConfig.ready."""

from django.db.models.signals import pre_delete
from wagtail.signals import page_published, page_unpublished

from portal.models import PrintablePage


def _on_published(sender, instance, revision=None, **kwargs):
    from .editions import edition_record_publication

    edition_record_publication(instance, revision)


def _on_unpublished(sender, instance, **kwargs):
    from .editions import edition_withdraw

    edition_withdraw(instance)


def _on_delete(sender, instance, **kwargs):
    # Deleting a live page sends no unpublish signal; its copies still come down.
    if isinstance(instance, PrintablePage):
        from .editions import edition_withdraw

        edition_withdraw(instance)


def connect() -> None:
    from portal.models import ComplaintChannelPage, PolicyPage, ServiceGuidePage

    for model in (PolicyPage, ServiceGuidePage, ComplaintChannelPage):
        uid = f"offline-sync-{model._meta.label_lower}"
        page_published.connect(_on_published, sender=model, dispatch_uid=uid)
        page_unpublished.connect(_on_unpublished, sender=model, dispatch_uid=uid)
        pre_delete.connect(_on_delete, sender=model, dispatch_uid=uid)
