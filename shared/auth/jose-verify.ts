/**
 * The part of jose the token verifier uses, loaded by it with the first token (a dynamic import
 * of 'jose' itself would take all of jose into the bundle: 61 KB instead of 18).
 */
export { createRemoteJWKSet, jwtVerify } from 'jose';
