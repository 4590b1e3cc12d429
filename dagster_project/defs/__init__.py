"""Dagster wiring: assets (by group), asset checks, resources, jobs, schedules and sensors."""
