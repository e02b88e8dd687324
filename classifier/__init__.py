"""The trafficking classifier: knows text and labels, nothing of Scrapy or Elasticsearch."""

from classifier.model import TraffickingClassifier
from classifier.normalize import normalize

__all__ = ["TraffickingClassifier", "normalize"]
