"""The public side of the case module: the online complaint form (网上投诉)."""
