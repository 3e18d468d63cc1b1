"""Search fields of Wagtail's page and snippet index that know Chinese (core.cjk)."""

from wagtail.search import index

from core.cjk import autocomplete_text


class CJKAutocompleteField(index.AutocompleteField):
    """An AutocompleteField whose text also holds its Chinese bigrams.

    Added beside Wagtail's own AutocompleteField of the same name (pages,
    documents, images), whose entries Wagtail's checks expect to find unchanged.
    """

    def get_value(self, obj):
        value = super().get_value(obj)
        return autocomplete_text(value) if isinstance(value, str) else value
