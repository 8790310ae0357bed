"""Pipeline components that fill the semantic layers of a Doc."""
