"""Writing the Word document that gets circulated."""
