"""救济途径：对决定不服的，如何申请行政复议、提起行政诉讼。

One place for the two remedies, their time limits and their wording, so every
notice that states a decision says the same thing. A notice keeps the lines as
they were on the day it was issued (``Notice.content["redress"]``).

- 行政复议: 60 days from learning of the decision (for the applicant, receiving
  the notice), under the 行政复议法; the county people's government decides
  applications about its departments (the 民政局) and the township governments.
- 行政诉讼: six months from learning of the decision, for going to the people's
  court directly, under the 行政诉讼法.
"""

from django.utils.translation import gettext as _

RECONSIDERATION_DAYS = 60
LITIGATION_MONTHS = 6


def redress_lines() -> list[str]:
    """The remedies as a notice states them, one sentence each."""
    return [
        _(
            "如不服本决定，可以自收到本告知书之日起%(days)s日内，依照"
            "《中华人民共和国行政复议法》向县人民政府申请行政复议；"
        )
        % {"days": RECONSIDERATION_DAYS},
        _(
            "也可以自收到本告知书之日起%(months)s个月内，依照"
            "《中华人民共和国行政诉讼法》向人民法院提起行政诉讼。"
        )
        % {"months": LITIGATION_MONTHS},
    ]
