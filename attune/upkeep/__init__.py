"""Keeping a server: backups and restore, the status report and the metrics page.

These read every app (people, subscriptions, deliveries, reminders, the task queue), so they sit
above the apps, called only by the entry points (`attune backup`, `attune restore`, `attune
status`, the metrics URL). The pieces the apps themselves use to run tasks (worker leases,
sending once) stay below, in attune/operations.
"""
