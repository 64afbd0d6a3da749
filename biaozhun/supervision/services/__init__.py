"""Writes of the supervision app: ``plans`` (plans, seed, draw, publication) and ``inspections``
(inspections, rectification notices, re-inspections, reminders)."""
