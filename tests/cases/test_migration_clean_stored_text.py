"""cases 0010 and portal 0006: text stored before the rule of typed text.

The data is made the way the code before the rule made it: the real services,
with the cleaning step of ``cases.services.text`` taken out for the occasion,
so the invisible characters reach the records and their history as they did.
Runs on SQLite and on PostgreSQL alike (set DATABASE_URL for the latter).
"""

import io

import pytest
from django.core.management import call_command
from wagtail.models import ModelLogEntry

from cases.models import Applicant, Case
from cases.services import text as text_module
from cases.services.intake import ApplicantData
from portal.models import Township
from tests.factories.api import with_check_digit
from tests.factories.cases import VALID_ID, received_case
from tests.factories.directory import TownshipFactory
from tests.factories.migration_states import latest_targets, migrate
from tests.factories.older_schema import (
    use_the_code_of_the_time,
    use_the_directory_of_the_time,
)
from tests.factories.staff import clerk

TARGETS = [("cases", "0010_clean_stored_text"), ("portal", "0006_clean_directory_text")]
BEFORE = [("cases", "0009_applicant_per_case"), ("portal", "0005_shared_cache_table")]
REASON = "数据迁移：输入文本规范化（去除不可见字符，统一为NFC）"
OTHER_ID = with_check_digit("11010519500101001")

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def before_cleaning(monkeypatch, settings, migration_states):
    settings.ARCHIVE_INDEX_APPLY = "worker"
    migration_states.migrate_back_to(BEFORE, key=__name__)
    monkeypatch.setattr(text_module, "quiet_clean", lambda value: value or "")
    use_the_code_of_the_time(monkeypatch)
    use_the_directory_of_the_time(monkeypatch)
    yield
    monkeypatch.undo()
    migration_states.back_to_latest()


def test_stored_text_is_cleaned_and_the_change_is_in_the_history(before_cleaning):
    east = TownshipFactory(code="east", name="东\u200b岭\u202e镇")
    dirty = received_case(
        clerk(east),
        east,
        applicant=ApplicantData(
            name="王\u200b小\ufeff明",
            id_number=VALID_ID,
            phone="13900000000",
            address="东岭镇Jose\u0301路\u20283号",
        ),
    )
    clean = received_case(
        clerk(east),
        east,
        applicant=ApplicantData(
            name="李桂兰", id_number=OTHER_ID, phone="13900000001", address="东岭镇1组"
        ),
    )
    assert Applicant.objects.get(pk=dirty.applicant_id).name == "王\u200b小\ufeff明"
    versions_before = Applicant.history.filter(id=dirty.applicant_id).count()

    migrate(TARGETS)

    applicant = Applicant.objects.get(pk=dirty.applicant_id)
    assert applicant.name == "王小明"
    assert applicant.address == "东岭镇José路\n3号"
    made = Applicant.history.filter(history_change_reason=REASON)
    assert [(h.id, h.history_type, h.name) for h in made] == [
        (dirty.applicant_id, "~", "王小明")
    ]
    assert made.get().history_user is None
    # Earlier versions keep what was stored at the time.
    assert (
        Applicant.history.filter(id=dirty.applicant_id).count() == versions_before + 1
    )
    assert Applicant.history.filter(name="王\u200b小\ufeff明").exists()
    # A record with nothing to clean gets no new version.
    assert not Applicant.history.filter(
        id=clean.applicant_id, history_change_reason=REASON
    ).exists()
    assert not Case.history.filter(history_change_reason=REASON).exists()

    assert Township.objects.get(code="east").name == "东岭镇"
    logged = ModelLogEntry.objects.get(object_id=str(east.pk), action="wagtail.edit")
    assert logged.data["comment"] == REASON

    out = io.StringIO()
    # The check reads every chained table, the later ones too (cases 0011 on).
    migrate(latest_targets())
    call_command("verify_history", stdout=out)
    assert "哈希链完整" in out.getvalue()
