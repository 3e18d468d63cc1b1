"""选择工作人员：窗口A岗、B岗、顶岗人和乡镇负责人按“姓名（岗位·乡镇）”选择。

The admin forms of the directory (snippets) list users by account name unless
told otherwise; this base form relabels every user field's choices, in name
order, so an administrator picks a person, not a login.
"""

from django.contrib.auth import get_user_model
from django.forms import ModelChoiceField
from wagtail.admin.forms import WagtailAdminModelForm


class StaffChoosingForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .people import person_labels  # the directory's own models load first

        users = [
            field
            for field in self.fields.values()
            if isinstance(field, ModelChoiceField)
            and field.queryset.model is get_user_model()
        ]
        if not users:
            return
        labels = person_labels()
        for field in users:
            field.queryset = field.queryset.filter(pk__in=labels)
            field.label_from_instance = lambda user: labels.get(user.pk, str(user))
            # Ordered by the label, so people of one surname stand together.
            field.choices = sorted(
                field.choices, key=lambda choice: (choice[0] != "", str(choice[1]))
            )
