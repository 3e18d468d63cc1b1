"""What the OpenAPI document promises beyond what django-ninja derives.

Generated clients (openapi-python-client, openapi-typescript, @hey-api/openapi-ts)
read the document, not the handlers' docstrings. What every operation shares is
stated here once, so no endpoint can forget it:

- ``servers``: the site's base URL (BASE_URL); paths already start with /api/v1.
- ``security: []`` on public operations, so a client sends no token to them
  (ninja leaves the key out, which generators read as "unspecified").
- 400 (unreadable JSON) and 415 (not ``application/json``) on every operation
  that takes a JSON body; 422 is declared by each operation with its fields.
- the ``Retry-After`` header on every 429, and ``Idempotent-Replayed`` on the
  success of every operation that takes an ``Idempotency-Key``.
"""

from django.conf import settings

ERROR_SCHEMA = "#/components/schemas/ErrorOut"

RETRY_AFTER = {
    "description": "多少秒后可以再试（整数秒）。",
    "required": True,
    "schema": {"type": "integer", "minimum": 1},
}
IDEMPOTENT_REPLAYED = {
    "description": (
        "值为 true 时，这是同一 Idempotency-Key、同一内容的重试："
        "返回的是第一次请求的结果，没有再登记一件。第一次请求的响应不带此头。"
    ),
    "required": False,
    "schema": {"type": "string", "enum": ["true"]},
}
BODY_ERRORS = {
    "400": "请求体不是有效的 JSON。",
    "415": "请求体须为 JSON，Content-Type: application/json。",
}
_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def server_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def complete(document: dict) -> dict:
    """The document ninja built, with what the API does for every operation."""
    document["servers"] = [{"url": server_url(), "description": "本平台"}]
    for operations in document.get("paths", {}).values():
        for method, operation in operations.items():
            if method in _METHODS:
                _complete_operation(operation)
    return document


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": ERROR_SCHEMA}}},
    }


def _complete_operation(operation: dict) -> None:
    operation.setdefault("security", [])
    # ninja keys responses by int; the JSON document by string.
    responses = {str(status): r for status, r in operation["responses"].items()}
    operation["responses"] = responses
    if "requestBody" in operation:
        for status, description in BODY_ERRORS.items():
            responses.setdefault(status, _error(description))
    if "429" in responses:
        responses["429"].setdefault("headers", {})["Retry-After"] = RETRY_AFTER
    header_names = {
        parameter.get("name", "").lower()
        for parameter in operation.get("parameters", [])
        if parameter.get("in") == "header"
    }
    if "idempotency-key" in header_names:
        for status, response in responses.items():
            if status.startswith("2"):
                headers = response.setdefault("headers", {})
                headers["Idempotent-Replayed"] = IDEMPOTENT_REPLAYED
