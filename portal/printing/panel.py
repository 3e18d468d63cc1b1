"""海报 PDF 无法生成 on the admin home page: what is missing and what to run,
so staff hear of it before the public meets the poster link's 503."""

from portal.admin_pages import HomePanel

from .pdf import unavailable_reason


class PosterProblemPanel(HomePanel):
    name = "poster_problem"
    order = 60
    template_name = "portal/print/problem_panel.html"

    def get_context_data(self, parent_context=None):
        return {"reason": unavailable_reason()}

    def is_shown(self) -> bool:
        return unavailable_reason() is not None
