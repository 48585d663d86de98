"""Progress over time: the weekly pulse, honest trends, and reminders."""
