"""A hostile target: importing it calls sys.exit(3)."""
import sys

sys.exit(3)
