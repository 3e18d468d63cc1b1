"""Who may list, open and register cases in the admin (wagtail-modeladmin's helper).

Its own module: the case list (``case_admin``) and the case pages
(``views/pages``) both ask it, and the list also mounts those pages' URLs.
"""

from wagtail_modeladmin.helpers import PermissionHelper

from cases.access import actor_for


class CasePermissionHelper(PermissionHelper):
    """Model permissions (given to the case roles) and the role itself, both.

    Cases are changed only through the case page's actions, never through a
    generic edit form, and never deleted.
    """

    def user_can_list(self, user):
        return actor_for(user).has_case_role and user.has_perm("cases.view_case")

    def user_can_create(self, user):
        return actor_for(user).may_change_cases and user.has_perm("cases.add_case")

    def user_can_inspect_obj(self, user, obj):
        return self.user_can_list(user)

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False
