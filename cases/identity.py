"""居民身份证号码与手机号码的校验和脱敏。"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# ASCII digits only: \d would also take other scripts' digits (١٢٣), which int()
# reads, so such a number passed the check digit yet named no real applicant.
_ID_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")
_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
_LANDLINE = re.compile(r"^0[0-9]{2,3}-?[0-9]{7,8}$")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
# What a form or the API takes as typed: 18 characters plus room for spaces and
# dashes, so a mistyped number gets the check-digit message, not "too long".
ID_NUMBER_TYPED_MAX = 30
# Province-level codes of GB/T 2260 are stable; finer codes change every year, so
# they are not checked here (a new county code must not turn an applicant away).
_PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82".split()
)


def normalise_id_number(value: str) -> str:
    return (value or "").strip().upper().replace(" ", "")


def id_number_problem(value: str) -> str | None:
    """Why an 18-digit resident ID number is invalid, or None (GB 11643-1999)."""
    number = normalise_id_number(value)
    if len(number) != 18:
        return _("身份证号码应为18位，当前为%(n)s位。") % {"n": len(number)}
    if not _ID_SHAPE.match(number):
        return _("身份证号码前17位应为数字，最后一位为数字或X。")
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return _("身份证号码中的出生日期不存在。")
    if born > date.today() or born.year < 1890:
        return _("身份证号码中的出生日期不合理。")
    total = sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS, strict=True))
    if _CHECK_CHARS[total % 11] != number[17]:
        return _("身份证号码校验位不正确，请核对。")
    if number[:2] not in _PROVINCES:
        return _("身份证号码前两位不是有效的省级行政区划代码。")
    return None


def validate_id_number(value: str) -> None:
    problem = id_number_problem(value)
    if problem:
        raise ValidationError(problem, code="invalid_id_number")


def validate_phone(value: str) -> None:
    number = (value or "").strip()
    if not (_MOBILE.match(number) or _LANDLINE.match(number)):
        raise ValidationError(
            _("电话号码应为11位手机号或带区号的固定电话。"), code="invalid_phone"
        )


def mask_id_number(value: str) -> str:
    """显示用：保留前6位和后4位。"""
    number = normalise_id_number(value)
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(value: str) -> str:
    number = (value or "").strip()
    if len(number) < 7:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]
