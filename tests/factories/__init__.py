from .directory import (
    AssistanceTypeFactory,
    DepartmentFactory,
    ServicePointFactory,
    TownshipFactory,
    UserFactory,
    VillageFactory,
)
from .pages import build_site, make_guide, make_policy

__all__ = [
    "AssistanceTypeFactory",
    "DepartmentFactory",
    "ServicePointFactory",
    "TownshipFactory",
    "UserFactory",
    "VillageFactory",
    "build_site",
    "make_guide",
    "make_policy",
]
