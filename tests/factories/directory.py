import factory
from django.contrib.auth import get_user_model

from portal.models import AssistanceType, Department, ServicePoint, Township, Village


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"工作人员{n}")
    password = factory.django.Password("correct-horse-battery")


class TownshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Township
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"town-{n}")
    name = factory.Sequence(lambda n: f"第{n}镇")


class VillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Village
        django_get_or_create = ("code",)

    township = factory.SubFactory(TownshipFactory)
    code = factory.Sequence(lambda n: f"village-{n}")
    name = factory.Sequence(lambda n: f"第{n}村")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"dept-{n}")
    name = factory.Sequence(lambda n: f"第{n}部门")


class AssistanceTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssistanceType
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"type-{n}")
    name = factory.Sequence(lambda n: f"救助事项{n}")


class ServicePointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServicePoint
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"sp-{n}")
    name = factory.Sequence(lambda n: f"第{n}便民服务窗口")
    level = ServicePoint.Level.TOWNSHIP
    township = factory.SubFactory(TownshipFactory)
    address = "县城人民路1号"
