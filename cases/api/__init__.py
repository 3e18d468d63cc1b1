"""JSON API under /api/v1/ (django-ninja); OpenAPI at /api/v1/openapi.json.

Handlers stay thin: they parse, call a service or selector, and shape the answer.
Every error is JSON with a message a person can act on.
"""

from . import (
    attachments,
    casework,
    complaints,
    consultations,
    corrections,
    progress,
    recipients,
    reference,
    referrals,
)
from .base import api, unknown_endpoint

api.add_router("", reference.router)
api.add_router("", casework.router)
api.add_router("", progress.router)
api.add_router("", referrals.router)
api.add_router("", complaints.router)
api.add_router("", corrections.router)
api.add_router("", consultations.router)
api.add_router("", attachments.router)
api.add_router("", recipients.router)

__all__ = ["api", "unknown_endpoint"]
