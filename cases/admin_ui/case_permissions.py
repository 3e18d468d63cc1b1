"""Who may list, open and register case records in the admin (wagtail-modeladmin).

Its own module: the case list (``case_admin``), the record lists (``records``)
and the case pages (``views/pages``) all ask it, and the list also mounts those
pages' URLs.
"""

from wagtail_modeladmin.helpers import PermissionHelper

from cases.access import may


class RecordPermissionHelper(PermissionHelper):
    """Model permissions (given to the case roles) and the role itself, both.

    Records are changed only through their page's actions (services), never
    through a generic edit form, and never deleted.
    """

    def perm(self, action: str) -> str:
        return f"{self.opts.app_label}.{self.get_perm_codename(action)}"

    def user_can_list(self, user):
        return may(user, "case.view") and user.has_perm(self.perm("view"))

    def user_can_create(self, user):
        return may(user, "case.change") and user.has_perm(self.perm("add"))

    def user_can_inspect_obj(self, user, obj):
        return self.user_can_list(user)

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class CasePermissionHelper(RecordPermissionHelper):
    """Cases: the rule of every record (cases.view_case, cases.add_case)."""
