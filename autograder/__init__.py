"""Autograder for the deep-learning-theory course's coding assignments."""
