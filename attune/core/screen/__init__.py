"""The free-text safety screen, one part per module.

tiers (what a screen answers), text (normalising), phrases (the phrase layer), encoder and int8
(the sentence encoder), heads (the classifiers), model (the model layer), signs (suggestions),
screening (running the layers), examples, training and evaluation. Importing the package or
screening loads no numpy: the model loads when a process first screens text.
"""
