/**
 * The package's version, which names the relay's asset folder (`/assets/session-chat/<version>/`).
 * A node test checks that it equals package.json's `version`.
 */
export const PACKAGE_VERSION = '0.1.0';
