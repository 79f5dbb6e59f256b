"""Operating zhiku: the server, health checks, backup and restore (the top layer of apps)."""
