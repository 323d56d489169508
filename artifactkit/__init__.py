"""artifactkit: engineering documents as dependable as code."""

__version__ = "0.1.0"
