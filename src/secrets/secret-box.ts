import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

import { ConfigError } from '../shared/errors.js';

/**
 * Encrypts secrets at rest (the JOMOsoft client secret, the SMTP password) with AES-256-GCM.
 * The stored form is `v1:<iv>:<tag>:<ciphertext>`, base64url, so a database dump shows no secret
 * and a tampered value fails to open instead of decrypting to garbage.
 */
export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
}

const VERSION = 'v1';

export function secretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new ConfigError('the secret key must be 32 bytes');

  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url'));

      return [VERSION, ...parts].join(':');
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split(':');
      if (version !== VERSION || !iv || !tag || body === undefined) {
        throw new ConfigError('a stored secret is not in the expected form');
      }

      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      try {
        return Buffer.concat([
          decipher.update(Buffer.from(body, 'base64url')),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new ConfigError(
          'a stored secret cannot be decrypted: ' +
            'the secret key differs from the one it was stored with',
        );
      }
    },
  };
}

/**
 * The master key: WAWI_SECRET_KEY (64 hex characters) when set, which several instances sharing
 * one PostgreSQL must use; otherwise a key file made on first start, readable by its owner only.
 */
export function loadSecretKey(options: { hexKey?: string; keyFile: string }): Buffer {
  if (options.hexKey) return Buffer.from(options.hexKey, 'hex');

  if (!existsSync(options.keyFile)) {
    mkdirSync(dirname(options.keyFile), { recursive: true });
    writeFileSync(options.keyFile, randomBytes(32).toString('hex') + '\n', {
      mode: 0o600,
      flag: 'wx',
    });
    chmodSync(options.keyFile, 0o600);
  }

  const text = readFileSync(options.keyFile, 'utf8').trim();
  if (!/^[0-9a-fA-F]{64}$/.test(text)) {
    throw new ConfigError(`${options.keyFile} does not hold a 64-character hexadecimal key`);
  }
  return Buffer.from(text, 'hex');
}
