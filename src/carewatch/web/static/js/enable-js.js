// Marks the page as JavaScript-enabled for the NHS.UK design system's progressive enhancement.
// A file, not an inline script, so the Content Security Policy can forbid inline scripts.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " nhsuk-frontend-supported" : "");
