"""The trafficking classifier: knows text and labels, nothing of Scrapy or Elasticsearch.

Importing the package (or a light module of it, such as `classifier.normalize`, which every search uses) does not
load scikit-learn and SciPy: `TraffickingClassifier` is imported on first use (PEP 562)."""

__all__ = ["TraffickingClassifier"]


def __getattr__(name: str):
    if name == "TraffickingClassifier":
        from classifier.model import TraffickingClassifier

        return TraffickingClassifier
    raise AttributeError(f"module 'classifier' has no attribute {name!r}")
