"""The shared base (共用基础): helpers that portal, cases and search may all import.

Nothing here imports from those apps. Each module has one job: the one rule for
typed text (``core.text``), and, as the layering is written down, the working
calendar, roles and transaction helpers.
"""
