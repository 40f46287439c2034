/* kasir-pin.c — staff PIN hashing and random secret tokens.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kasir-pin.h"

#include <string.h>

#include <glib/gi18n.h>
#include <sodium.h>

#define PIN_MIN_DIGITS 4
#define PIN_MAX_DIGITS 12
#define TOKEN_BYTES    32

G_DEFINE_QUARK (kasir-pin-error-quark, kasir_pin_error)

static gboolean
ensure_sodium (void)
{
  static gsize result = 0;

  if (g_once_init_enter (&result))
    {
      /* 1 for ready, 2 for failed: g_once_init_leave needs a non-zero value. */
      g_once_init_leave (&result, sodium_init () >= 0 ? 1 : 2);
    }

  return result == 1;
}

static gboolean
pin_is_valid (const char *pin)
{
  gsize len;

  if (pin == NULL)
    return FALSE;

  len = strnlen (pin, PIN_MAX_DIGITS + 1);
  if (len < PIN_MIN_DIGITS || len > PIN_MAX_DIGITS)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (pin[i] < '0' || pin[i] > '9')
      return FALSE;

  return TRUE;
}

char *
kasir_pin_hash (const char  *pin,
                GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];
  char *result;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!pin_is_valid (pin))
    {
      g_set_error (error, KASIR_PIN_ERROR, KASIR_PIN_ERROR_INVALID,
                   _("A PIN is 4 to 12 digits"));
      return NULL;
    }

  if (!ensure_sodium ())
    {
      g_set_error (error, KASIR_PIN_ERROR, KASIR_PIN_ERROR_FAILED,
                   _("The PIN could not be protected"));
      return NULL;
    }

  /* Interactive limits keep a PIN check under a tenth of a second on a till, which is
   * what a cashier switching at the counter tolerates; the server also rate-limits. */
  if (crypto_pwhash_str (hash, pin, strlen (pin),
                         crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error (error, KASIR_PIN_ERROR, KASIR_PIN_ERROR_FAILED,
                   _("The PIN could not be protected"));
      return NULL;
    }

  result = g_strdup (hash);
  sodium_memzero (hash, sizeof hash);
  return result;
}

gboolean
kasir_pin_verify (const char *hash,
                  const char *pin)
{
  char copy[crypto_pwhash_STRBYTES];
  gsize hash_len;
  gboolean ok;

  if (hash == NULL || !pin_is_valid (pin) || !ensure_sodium ())
    return FALSE;

  /* crypto_pwhash_str_verify reads a NUL-terminated string of at most STRBYTES; a longer
   * one is not a hash we made. */
  hash_len = strnlen (hash, sizeof copy);
  if (hash_len == 0 || hash_len >= sizeof copy)
    return FALSE;

  memcpy (copy, hash, hash_len + 1);
  ok = crypto_pwhash_str_verify (copy, pin, strlen (pin)) == 0;
  sodium_memzero (copy, sizeof copy);

  return ok;
}

char *
kasir_token_new (void)
{
  guint8 bytes[TOKEN_BYTES];
  char encoded[sodium_base64_ENCODED_LEN (TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  char *result;

  if (!ensure_sodium ())
    g_error ("libsodium could not be initialized");

  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2base64 (encoded, sizeof encoded, bytes, sizeof bytes,
                     sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  result = g_strdup (encoded);

  sodium_memzero (bytes, sizeof bytes);
  sodium_memzero (encoded, sizeof encoded);

  return result;
}

char *
kasir_token_hash (const char *token)
{
  g_return_val_if_fail (token != NULL, NULL);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}
