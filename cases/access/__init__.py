"""Who may do what in the case module (访问权限): one policy, one table.

``actions.ACTIONS`` lists every action with the roles that may take it and the
reach that applies; ``policy`` answers from it for pages (``may``), services
(``require``) and scoping (``instances``, ``jurisdiction``); ``reach`` holds the
jurisdiction rules (township, village, county, AB角顶岗); ``actor`` reads the
person's roles and place once.
"""

from .actions import ACTIONS, Rule
from .actor import Actor, actor_for
from .policy import (
    holders,
    instances,
    jurisdiction,
    may,
    require,
    require_one,
    rule_for,
    why_not,
)
from .reach import Jurisdiction, Place, Reach

__all__ = [
    "ACTIONS",
    "Actor",
    "Jurisdiction",
    "Place",
    "Reach",
    "Rule",
    "actor_for",
    "why_not",
    "holders",
    "instances",
    "jurisdiction",
    "may",
    "require",
    "require_one",
    "rule_for",
]
