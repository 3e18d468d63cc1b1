"""The shared base (共用基础): small helpers that portal, cases and search all import.

Nothing here imports from those apps (``lint-imports`` checks it; see
docs/architecture.md). Each module has one job: ``workdays`` (the working-day
calendar every deadline is counted on), ``roles`` (the staff roles), ``stages``
(the stages of the procedure), ``transactions`` (work run once after commit),
``text`` (the one rule for typed text), and ``history`` (saving with the reason
a history row keeps).
"""
