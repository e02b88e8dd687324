"""Commands analysts use: labels, training, model versions, evaluation, context."""
