"""Views of the case admin, split by what they do."""
