"""HTTP side of the bridge: one blueprint per concern."""
