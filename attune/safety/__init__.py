"""Safety: crisis resources, the quick exit help page, and (later) the private safety plan."""
