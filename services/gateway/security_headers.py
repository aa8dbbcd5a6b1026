"""The headers the gateway's answers carry, by kind of answer."""

# API answers hold personal data: nothing stores them, and no browser guesses their type.
API_HEADERS = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}

# The portal has no inline scripts or styles, talks only to its own origin and is never framed. It frames
# only PDFs it fetched itself with the token (blob: URLs of its own origin), to show a contract beside a decision.
CONTENT_SECURITY_POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                           "frame-src 'self' blob:; "
                           "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
PORTAL_HEADERS = {
    "Cache-Control": "no-cache",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
