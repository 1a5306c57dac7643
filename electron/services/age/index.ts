/**
 * age v1 (https://age-encryption.org/v1) on node:crypto: X25519 and scrypt
 * recipients, whole buffers, streams, files and random access.
 */
export { AgeError, isAgeError, type AgeErrorCode } from './errors';
export {
  generateX25519Identity,
  recipientFromIdentity,
  parseIdentity,
  parseRecipient,
} from './keys';
export type { X25519Identity } from './keys';
export { formatIdentityFile, parseIdentityFile } from './identity-file';
export type { DecryptBy, EncryptTo } from './header-keys';
export { DEFAULT_ENCRYPT_LOG_N, DEFAULT_MAX_LOG_N } from './scrypt-stanza';
export { encrypt, decrypt } from './buffer-api';
export { encryptChunks } from './encrypt-chunks';
export { decryptChunks } from './decrypt-chunks';
export { createEncryptStream, createDecryptStream } from './streams';
export { encryptFile, decryptFile, type FileOperationOptions, type FileProgress } from './file-api';
export { openRandomAccess, type RandomAccessReader } from './random-access';
