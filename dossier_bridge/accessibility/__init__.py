"""The RGAA audit of the portal (``docs/accessibility/``) and the accessibility statement built from it.

``audit`` reads the grid (every criterion × every page of the sample, with
its status and evidence) and says what is missing or inconsistent;
``statement`` computes what the law asks the statement to say (conformance
rate, level, non-conformities) so that ``/accessibilite`` cannot drift from
the grid.
"""
