"""Demo content for 青禾县, kept apart from the code that writes it."""
