"""Holdfast churn-model trainer: fits XGBoost, RandomForest and logistic regression on a
point-in-time training set, reports honest (nested) cross-validated and out-of-time metrics,
and exports every candidate as ONNX plus a JSON description for TreeSHAP explanations."""
