"""A record's page (its facts and the actions its state allows) and the create form.

Views parse a form, call one service, and show its result or its message; the
record is always found through its selector, so another township's number is 404.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cases.access import may
from cases.services import CaseError


@dataclass(frozen=True)
class Action:
    label: str
    form_class: type
    button: str = ""


class RecordMixin(WagtailAdminTemplateMixin):
    model_admin = None
    header_icon = "list-ul"

    def get_page_title(self):
        return self.model_admin.model._meta.verbose_name_plural

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": self.model_admin.url_helper.index_url,
                "label": self.model_admin.menu_label,
            },
            {"url": "", "label": self.crumb()},
        ]

    def crumb(self) -> str:
        return ""

    def may_change(self) -> bool:
        user = self.request.user
        return may(user, "case.change") and user.has_perm(
            self.model_admin.permission_helper.perm("change")
        )


class RecordPageView(RecordMixin, TemplateView):
    """GET shows the record; POST ``action=<name>`` runs one of ``actions``."""

    template_name = "cases/admin/record_page.html"
    actions: dict[str, Action] = {}
    selector = None

    def dispatch(self, request, *args, number: str, **kwargs):
        if not self.model_admin.permission_helper.user_can_list(request.user):
            raise PermissionDenied
        self.record = get_object_or_404(
            type(self).selector(request.user), number=number
        )
        return super().dispatch(request, *args, **kwargs)

    def crumb(self) -> str:
        return self.record.number

    def get_page_subtitle(self):
        return self.record.number

    def facts(self) -> list[dict]:
        raise NotImplementedError

    def linked(self, label, record, url_name: str, selector) -> dict:
        """A fact naming ``record`` by its number (empty when there is none),
        linked to its page when the user's ``selector`` finds it."""
        if record is None:
            return {"label": label, "text": ""}
        fact = {"label": label, "text": record.number}
        if selector(self.request.user).filter(pk=record.pk).exists():
            fact["url"] = reverse(url_name, args=[record.number])
        return fact

    def open_actions(self) -> list[str]:
        """The actions the record's state allows now (the services decide again)."""
        return list(self.actions)

    def perform(self, name: str, form) -> str:
        """Call the action's service; return the success message."""
        raise NotImplementedError

    def get_context_data(self, bound: tuple[str, object] | None = None, **kwargs):
        context = super().get_context_data(**kwargs)
        forms = []
        if self.may_change():
            for name in self.open_actions():
                action = self.actions[name]
                form = (
                    bound[1]
                    if bound and bound[0] == name
                    else self.make_form(name, None)
                )
                forms.append((name, action, form))
        context.update(
            record=self.record,
            facts=[f for f in [*self.facts(), self.filed_fact()] if f],
            forms=forms,
            may_change=self.may_change(),
            extra_template=getattr(self, "extra_template", None),
        )
        context.update(self.extra_context_data())
        return context

    def extra_context_data(self) -> dict:
        return {}

    def filed_fact(self) -> dict | None:
        """归档: the archive number, linked to the catalogue entry if readable."""
        from cases.selectors.archive import filing_of

        filing = filing_of(self.request.user, self.record)
        if filing is None:
            return None
        entry = filing["entry"]
        fact = {
            "label": _("档案号"),
            "text": _("%(number)s（%(category)s，保管期限%(retention)s，只读）")
            % {
                "number": entry.number,
                "category": entry.category.name,
                "retention": entry.retention_display,
            },
        }
        if filing["readable"]:
            fact["url"] = reverse("cases_admin_archive_entry", args=[entry.number])
        return fact

    def make_form(self, name: str, data):
        return self.actions[name].form_class(data, prefix=name)

    def post(self, request, *args, **kwargs):
        name = request.POST.get("action", "")
        if name not in self.actions:
            messages.error(request, _("未知的操作。"))
            return self.render_to_response(self.get_context_data(), status=400)
        form = self.make_form(name, request.POST)
        if not self.may_change():
            messages.error(request, _("您只能查阅，不能办理。"))
            return self.render_to_response(self.get_context_data(), status=403)
        if not form.is_valid():
            messages.error(request, _("请按提示修改后重新提交。"))
            return self.render_to_response(self.get_context_data(bound=(name, form)))
        try:
            message = self.perform(name, form)
        except CaseError as error:
            if error.field and error.field in form.fields:
                form.add_error(error.field, error.message)
            messages.error(request, error.message)
            self.record = type(self).selector(request.user).get(pk=self.record.pk)
            return self.render_to_response(
                self.get_context_data(bound=(name, form)), status=error.status
            )
        messages.success(request, message)
        return redirect(request.path)


class RecordCreateView(RecordMixin, TemplateView):
    """A create form; the service makes the record and the page shows it."""

    template_name = "cases/admin/record_form.html"
    form_class = None
    title = ""

    def dispatch(self, request, *args, **kwargs):
        if not self.model_admin.permission_helper.user_can_create(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def crumb(self) -> str:
        return self.title

    def get_page_subtitle(self):
        return self.title

    def make_form(self, data):
        return self.form_class(data, user=self.request.user)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.make_form(None)))

    def perform(self, form):
        """Call the service; return (record, success message)."""
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        status = 200
        if form.is_valid():
            try:
                record, message = self.perform(form)
            except CaseError as error:
                if error.field and error.field in form.fields:
                    form.add_error(error.field, error.message)
                else:
                    form.add_error(None, error.message)
                status = error.status
            else:
                messages.success(request, message)
                return redirect(self.model_admin.record_url_name, number=record.number)
        messages.error(request, _("未保存，请按提示修改后重新提交。"))
        return self.render_to_response(self.get_context_data(form=form), status=status)
