"""claimgrid: cross-check news reports claim by claim."""
__version__ = "0.1.0"
