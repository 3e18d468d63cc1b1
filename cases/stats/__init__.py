"""统计：限时办结、受理、审批、转办、投诉与回访的数字，全部由系统记录算出。

Hand-made statistical reports are abolished (全面取消手工报表): every figure here
is an aggregate the database computes from the case records. The dashboard, the
Excel and print reports and the ``stats_report`` command all render the same
``report.Report``.
"""
