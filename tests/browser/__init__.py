"""Browser tests: the application in headless Chromium."""
