// Starts the NHS.UK design system's components (header menu, skip link, details, ...).
import { initAll } from "/static/vendor/nhsuk/nhsuk-frontend.min.mjs";

initAll();
