/** Largest request accepted from the renderer on either transport. */
export const MAX_REQUEST_BYTES = 1024 * 1024;
