// Every text the HTML report shows passes through here: details quote URLs and script errors.
export const escape = (text: unknown) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
