"""Automated RGAA checks of the browser suite: the sample, the checks, what they expect."""
