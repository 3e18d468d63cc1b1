"""The case module's admin routes: path() converters, every one resolves, and a
number that names nothing (or is not a number) is a 404, never a 500."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RoutePattern

UNKNOWN = "JZ2099999999"
SAMPLE = {
    "number": "JZ2026000123",
    "notice_number": "SL2026000001",
    "extension_id": 7,
    "correction_id": 8,
    "archive_number": "2026-YW-000123",
    "attachment_id": 9,
    "objection_id": 10,
    "job_id": "4f0c2a9e8b7d4c1fa3e2d6b5c8a9f012",
}
MALFORMED = ["jz2026000123", "JZ20", "JZ2026000123000", "JZ-2026", "%E4%B8%80", "0"]


def case_admin_routes() -> list[tuple[str, URLPattern]]:
    """(full route, pattern) of every named view of cases/admin_ui."""

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
                continue
            view = getattr(pattern.callback, "view_class", pattern.callback)
            if pattern.name and view.__module__.startswith("cases.admin_ui"):
                yield prefix + str(pattern.pattern), pattern

    return list(walk(get_resolver().url_patterns, "/"))


def sample_kwargs(pattern: URLPattern) -> dict:
    return {name: SAMPLE[name] for name in pattern.pattern.converters}


def test_every_case_admin_route_is_a_path_with_converters():
    routes = case_admin_routes()
    assert len(routes) >= 20
    regex_routes = [
        route for route, p in routes if not isinstance(p.pattern, RoutePattern)
    ]
    assert regex_routes == []


def test_every_case_admin_route_resolves_to_its_view():
    for route, pattern in case_admin_routes():
        url = reverse(pattern.name, kwargs=sample_kwargs(pattern))
        match = resolve(url)
        assert match.url_name == pattern.name, route
        assert match.func.view_class is pattern.callback.view_class, route
        assert match.kwargs == sample_kwargs(pattern), route


def test_record_numbers_reach_the_views_as_written():
    match = resolve("/admin/cases/case/JZ2026000123/notices/SL2026000001/")
    assert match.kwargs == {"number": "JZ2026000123", "notice_number": "SL2026000001"}


@pytest.mark.parametrize("malformed", MALFORMED)
def test_malformed_number_reaches_no_case_view(malformed):
    """Only Wagtail's catch-all (its admin 404 page) matches."""
    for path in [
        f"/admin/cases/case/{malformed}/",
        f"/admin/cases/referral/{malformed}/",
        f"/admin/cases/complaint/{malformed}/",
        f"/admin/cases/lead/{malformed}/",
        f"/admin/cases/registrationentry/{malformed}/",
        f"/admin/cases/archiveentry/{malformed}/",
    ]:
        match = resolve(path)
        assert match.url_name is None and match.route == "admin/.*/$", path


def number_routes() -> list[tuple[str, URLPattern]]:
    return [(r, p) for r, p in case_admin_routes() if p.pattern.converters]


# Per argument, values that name nothing: an unknown number, an id that does
# not exist, one past what the database column holds.
UNKNOWN_VALUES = {
    "number": [UNKNOWN],
    "notice_number": ["SL2099999999"],
    "extension_id": [12345, 9**20],
    "correction_id": [12345, 9**20],
    "archive_number": ["2099-YW-999999", "2026-ZZ-000001"],
    "attachment_id": [12345, 9**20],
    "objection_id": [12345, 9**20],
    "job_id": ["0" * 32, "x" * 300, "..", "'; DROP TABLE x;--"],
}


@pytest.mark.django_db
def test_unknown_numbers_are_not_found_on_every_route(login, staff, case):
    """Each argument in turn names nothing, the others a real record."""
    client = login(staff["clerk"])
    real = {
        "number": case.number,
        "notice_number": case.notices.first().number,
        "extension_id": 1,
        "correction_id": 1,
        "archive_number": "2026-YW-000001",
        "attachment_id": 1,
        "objection_id": 1,
        "job_id": "0" * 32,
    }
    routes = number_routes()
    assert routes
    for route, pattern in routes:
        names = pattern.pattern.converters
        for name in names:
            for unknown in UNKNOWN_VALUES[name]:
                kwargs = {n: real[n] for n in names} | {name: unknown}
                url = reverse(pattern.name, kwargs=kwargs)
                for method in (client.get, client.post):
                    status = method(url).status_code
                    assert status in {404, 405}, (route, url, method.__name__, status)


@pytest.mark.django_db
def test_malformed_numbers_are_not_found_in_the_admin(login, staff):
    client = login(staff["clerk"])
    for malformed in MALFORMED:
        for path in [
            f"/admin/cases/case/{malformed}/",
            f"/admin/cases/case/{malformed}/transition/",
            f"/admin/cases/referral/{malformed}/",
            f"/admin/cases/complaint/{malformed}/",
        ]:
            assert client.get(path).status_code == 404, path
            assert client.post(path).status_code == 404, path
