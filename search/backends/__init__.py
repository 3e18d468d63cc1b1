from ..errors import BackendUnavailable
from .base import get_search_backend

__all__ = ["BackendUnavailable", "get_search_backend"]
