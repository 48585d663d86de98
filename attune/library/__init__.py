"""The library: plain-language pages for every sign, cause, strategy and activity."""
