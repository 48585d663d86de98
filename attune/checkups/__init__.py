"""Check-ups: taking the check-up section by section, the report and plan, and history."""
