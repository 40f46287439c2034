/* kasir-fingerprint.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "kasir-fingerprint.h"

char *
kasir_fingerprint_of_der (const guint8 *der,
                          gsize         length)
{
  static const char hex[] = "0123456789ABCDEF";
  guint8 digest[32];
  gsize digest_length = sizeof digest;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  GString *text = g_string_sized_new (KASIR_FINGERPRINT_LENGTH + 1);

  g_return_val_if_fail (der != NULL || length == 0, NULL);

  g_checksum_update (checksum, der, length);
  g_checksum_get_digest (checksum, digest, &digest_length);
  g_assert (digest_length == sizeof digest);
  for (gsize i = 0; i < sizeof digest; i++)
    {
      if (i > 0)
        g_string_append_c (text, ':');
      g_string_append_c (text, hex[digest[i] >> 4]);
      g_string_append_c (text, hex[digest[i] & 0xf]);
    }
  return g_string_free (text, FALSE);
}

gboolean
kasir_fingerprint_is_valid (const char *text)
{
  if (text == NULL || strlen (text) != KASIR_FINGERPRINT_LENGTH)
    return FALSE;
  for (gsize i = 0; i < KASIR_FINGERPRINT_LENGTH; i++)
    {
      if (i % 3 == 2)
        {
          if (text[i] != ':')
            return FALSE;
        }
      else if (!g_ascii_isxdigit (text[i]))
        return FALSE;
    }
  return TRUE;
}

gboolean
kasir_fingerprint_equal (const char *a,
                         const char *b)
{
  return kasir_fingerprint_is_valid (a) && kasir_fingerprint_is_valid (b) &&
         g_ascii_strcasecmp (a, b) == 0;
}
