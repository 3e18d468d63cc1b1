"""报表生成进度：命令行的进度条和后台任务的进度用同一种计数。

A report is made in ``report.step_count()`` steps (each section computed) and
one more, writing the file; ``Steps`` counts them as ``build_report`` reports
each title, and ``bar`` draws the count as text for the terminal.
"""

from dataclasses import dataclass

BAR_WIDTH = 24


@dataclass
class Steps:
    total: int
    done: int = 0
    title: str = ""

    def advance(self, title: str) -> None:
        """One more step begun: ``title`` is being computed."""
        self.done = min(self.done + 1, self.total)
        self.title = title

    @property
    def percent(self) -> int:
        """Steps finished, in whole percent: the step begun is not finished yet."""
        if not self.total:
            return 100
        return (100 * max(self.done - 1, 0)) // self.total


def bar(steps: Steps, width: int = BAR_WIDTH) -> str:
    """``[#######-----------------] 3/15``: the steps begun of all."""
    filled = width * steps.done // steps.total if steps.total else width
    return f"[{'#' * filled}{'-' * (width - filled)}] {steps.done}/{steps.total}"
