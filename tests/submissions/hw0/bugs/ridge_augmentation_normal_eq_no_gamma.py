# Bug: solves least squares on X alone, forgetting the augmented rows; fails ridge_via_augmentation against the reference.
import numpy as np


def ridge_via_augmentation(X, y, Gamma):
    return np.linalg.lstsq(X, y, rcond=None)[0]
