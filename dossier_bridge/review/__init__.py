"""Staff review of family requests: the queue and the three decisions."""
