"""The Content-Security-Policy the site promises, and a parser to compare with."""

BASE_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# /admin/ only: Wagtail's rich-text editor writes <style> elements.
ADMIN_POLICY = {**BASE_POLICY, "style-src-elem": ["'self'", "'unsafe-inline'"]}


def parse_csp(header: str) -> dict[str, list[str]]:
    policy = {}
    for directive in header.split(";"):
        name, *values = directive.split()
        assert name not in policy, f"{name} given twice"
        policy[name] = values
    return policy


def assert_no_outside_origin_and_no_unsafe_script(policy: dict[str, list[str]]):
    for name, values in policy.items():
        for value in values:
            assert "://" not in value and value not in {"*", "http:", "https:"}, (
                f"{name} allows an outside origin: {value}"
            )
            assert value != "'unsafe-eval'", name
            if value == "'unsafe-inline'":
                assert name == "style-src-elem", f"{name} allows inline code"
    assert policy["script-src"] == ["'self'"]
