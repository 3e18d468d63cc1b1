from .base import BackendUnavailable, get_search_backend

__all__ = ["BackendUnavailable", "get_search_backend"]
