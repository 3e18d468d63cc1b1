"""Calling the JSON API as an integrator would: a token, a client, a body."""

import json
from dataclasses import dataclass

from django.test import Client
from wagtail.models import APIToken

from portal.models import AssistanceType, Township, Village

from .cases import VALID_ID
from .directory import AssistanceTypeFactory, TownshipFactory, VillageFactory


@dataclass
class County:
    """Two townships, a village in the first, one assistance type."""

    east: Township
    west: Township
    village: Village
    dibao: AssistanceType


def county() -> County:
    east = TownshipFactory(code="east", name="东岭镇")
    return County(
        east=east,
        west=TownshipFactory(code="west", name="西河乡"),
        village=VillageFactory(code="east-sz", name="上庄村", township=east),
        dibao=AssistanceTypeFactory(code="dibao", name="最低生活保障"),
    )


def token_for(user, name: str = "测试") -> str:
    _, plaintext = APIToken.create_token(user=user, name=name)
    return plaintext


class ApiClient:
    """A test client that sends JSON and the bearer token on every request."""

    def __init__(self, user=None, *, token: str | None = None):
        self.client = Client()
        self.headers = {}
        if user is not None or token is not None:
            self.headers["Authorization"] = f"Bearer {token or token_for(user)}"

    def get(self, path: str, **params):
        return self.client.get(f"/api/v1{path}", params, headers=self.headers)

    def post(self, path: str, body=None, *, raw: bytes | str | None = None, **headers):
        data = raw if raw is not None else json.dumps(body, ensure_ascii=False)
        return self.client.post(
            f"/api/v1{path}",
            data=data,
            content_type="application/json",
            headers={**self.headers, **headers},
        )


def case_body(township, assistance_type, **overrides) -> dict:
    body = {
        "assistance_type": assistance_type.code,
        "channel": "online",
        "township": township.code,
        "applicant": {
            "name": "李桂兰",
            "id_number": VALID_ID,
            "phone": "13912345678",
            "address": "青禾县东岭镇上庄村5组",
        },
        "description": "丈夫因病去世，家中无劳动力，申请最低生活保障。",
    }
    body.update(overrides)
    return body


def with_check_digit(first17: str) -> str:
    """A resident ID number whose check digit is right (GB 11643-1999)."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]
