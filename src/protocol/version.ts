/** Wire protocol version. A relay refuses a `hello` that names another version. */
export const PROTOCOL_VERSION = 1;
