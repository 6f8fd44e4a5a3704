"""Computations that return plain data (tensors, arrays, small dataclasses) for the figures."""
