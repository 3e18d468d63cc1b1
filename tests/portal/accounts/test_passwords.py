"""密码策略: each rule refuses what it is for, and the demo password passes them all."""

import pytest
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from portal.demo import DEMO_PASSWORD
from portal.models import PasswordHistory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def refusal(password, user=None) -> str:
    with pytest.raises(ValidationError) as caught:
        validate_password(password, user)
    return " ".join(caught.value.messages)


def change(user, password) -> SetPasswordForm:
    form = SetPasswordForm(user, {"new_password1": password, "new_password2": password})
    if form.is_valid():
        form.save()
    return form


def test_demo_password_passes_every_rule():
    validate_password(DEMO_PASSWORD, UserFactory(username="demo-clerk-1"))


def test_password_shorter_than_ten_characters_is_refused():
    assert refusal("Ab1!xyzQ") == "密码太短，至少要10个字符。"


def test_password_with_fewer_than_three_character_classes_is_refused():
    message = refusal("lowercase-only-words")  # lower + symbol: two classes
    assert "大写字母、小写字母、数字、符号四类中的至少3类" in message
    assert "大写字母" in refusal("ALLUPPER2026XYZ")  # upper + digit


def test_three_character_classes_are_enough():
    validate_password("Qinghe county 2026")  # upper, lower, digit and spaces
    validate_password("qinghe-county-2026")  # lower, symbol, digit


def test_common_password_is_refused():
    assert refusal("Password123") == "这个密码太常见了。"


def test_all_digit_password_is_refused():
    assert "密码只包含数字。" in refusal("20261123301799")


def test_password_like_the_username_is_refused():
    user = UserFactory(username="liuhaiyan", first_name="刘", last_name="海燕")
    assert "太相似" in refusal("Liuhaiyan-2026", user)


def test_setting_a_password_keeps_its_hash_in_the_history():
    user = UserFactory()
    user.set_password("Qinghe-First-2026")
    user.save()
    entry = PasswordHistory.objects.get(user=user)
    assert entry.password == user.password
    assert "Qinghe-First-2026" not in entry.password


def test_reusing_one_of_the_last_five_passwords_is_refused():
    user = UserFactory()
    for n in range(1, 6):
        assert change(user, f"Qinghe-Pass-{n}00x").is_valid()
    form = change(user, "Qinghe-Pass-100x")
    assert not form.is_valid()
    assert "新密码不能与最近5次使用过的密码相同。" in form.errors["new_password2"]
    user.refresh_from_db()
    assert user.check_password("Qinghe-Pass-500x")


def test_a_password_older_than_the_last_five_may_come_back():
    user = UserFactory()
    for n in range(1, 7):
        assert change(user, f"Qinghe-Pass-{n}00x").is_valid()
    assert PasswordHistory.objects.filter(user=user).count() == 5
    assert change(user, "Qinghe-Pass-100x").is_valid()


def test_the_current_password_is_refused_even_without_history():
    """Accounts seeded with a hash set directly have no history row yet."""
    user = UserFactory()  # factory password: correct-horse-battery
    assert not PasswordHistory.objects.filter(user=user).exists()
    form = change(user, "correct-horse-battery")
    assert "新密码不能与当前密码相同。" in form.errors["new_password2"]


def test_history_length_follows_the_accounts_setting(settings):
    settings.ACCOUNTS = {**settings.ACCOUNTS, "PASSWORD_HISTORY": 2}
    user = UserFactory()
    for n in range(1, 4):
        assert change(user, f"Qinghe-Pass-{n}00x").is_valid()
    assert change(user, "Qinghe-Pass-100x").is_valid()


def test_wagtail_user_form_applies_the_history_rule(client):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    user = UserFactory(username="clerk-x")
    change(user, "Qinghe-Pass-100x")
    change(user, "Qinghe-Pass-200x")
    client.force_login(admin)
    response = client.post(
        f"/admin/users/edit/{user.pk}/",
        {
            "username": "clerk-x",
            "email": "clerk-x@example.org",
            "first_name": "何",
            "last_name": "丽娟",
            "password1": "Qinghe-Pass-100x",
            "password2": "Qinghe-Pass-100x",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "新密码不能与最近5次使用过的密码相同。" in response.content.decode()
