"""Errors a user can fix. They leave the process as one JSON line on stderr with a distinct exit
code, so the Node worker can show the message as is instead of a stack trace. Both kinds share
exit code 3 ("read the JSON error on stderr"); the JSON `code` tells them apart. Anything else
exits 1 with a traceback."""

EXIT_USER_ERROR = 3


class TrainerError(Exception):
    """An error whose message is meant for the person who started the training."""

    exit_code = 1

    def __init__(self, code, message, details=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details or {}

    def to_json(self):
        body = {"code": self.code, "message": self.message}
        if self.details:
            body["details"] = self.details
        return {"error": body}


class ManifestError(TrainerError):
    exit_code = EXIT_USER_ERROR

    def __init__(self, field, message):
        super().__init__("invalid_manifest", f"Invalid manifest field '{field}': {message}", {"field": field})


class InsufficientDataError(TrainerError):
    exit_code = EXIT_USER_ERROR

    def __init__(self, message, details):
        super().__init__("insufficient_data", message, details)
