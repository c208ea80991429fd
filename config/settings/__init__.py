"""Settings: ``base`` holds what every environment shares; ``dev``, ``test`` and
``production`` each change only what differs. Environment variables switch on the real
parts (PostgreSQL, S3, Redis); with none set the site runs on SQLite and local files."""
