/* kasir-pin.h — staff PIN hashing and random secret tokens.
 *
 * PINs are hashed with Argon2id (libsodium crypto_pwhash_str); the stored string carries
 * its own salt and cost parameters, so it can be verified anywhere. Tokens (terminal
 * tokens, enrollment codes) are 256 random bits in base64url; only their SHA-256 is ever
 * stored, so a leaked database does not leak a working token.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KASIR_PIN_ERROR (kasir_pin_error_quark ())

typedef enum
{
  KASIR_PIN_ERROR_INVALID, /* not 4 to 12 ASCII digits */
  KASIR_PIN_ERROR_FAILED,  /* hashing failed (out of memory) */
} KasirPinError;

GQuark    kasir_pin_error_quark (void);

/* Hashes a PIN of 4 to 12 ASCII digits. Returns a newly allocated crypto_pwhash_str
 * string, or NULL with an error. */
char     *kasir_pin_hash        (const char  *pin,
                                 GError     **error);
/* TRUE only if @pin matches @hash. A malformed hash or PIN is simply FALSE. */
gboolean  kasir_pin_verify      (const char  *hash,
                                 const char  *pin);

/* A new random token: 32 random bytes as 43 characters of unpadded base64url. */
char     *kasir_token_new       (void);
/* The lower-case hex SHA-256 of a token, as stored by the server. */
char     *kasir_token_hash      (const char  *token);

G_END_DECLS
