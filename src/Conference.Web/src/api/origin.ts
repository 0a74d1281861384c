/** The API is on the page's own origin (requests need an absolute URL outside a browser, e.g. in unit tests). */
export const apiOrigin: string = globalThis.location?.origin ?? "http://localhost";
