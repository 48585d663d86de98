"""Activities: the guided exercises that carry out each strategy, and the runner that leads them."""
