// What a browser waits for on the reference app's page, on either target: its content-hashed
// script marks the body once it has run (fixtures/reference-app/src/routes/assets.ts).
export const REFERENCE_BROWSER_MARKER = '[data-script="ran"]';
