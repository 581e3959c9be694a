"""One form class per editable thing."""
