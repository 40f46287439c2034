/* kasir-fingerprint.h — the one way a server certificate is named to a person.
 *
 * The fingerprint is the SHA-256 of the certificate's DER encoding, written as 32
 * upper-case hex pairs joined by colons ("AB:CD:…", 95 characters), the form SSH and
 * browsers show. `kasir-server fingerprint` prints it and the till shows and pins it at
 * enrollment (trust on first use), so both sides must use this function.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KASIR_FINGERPRINT_LENGTH 95 /* characters, without the terminating NUL */

/* The fingerprint of a DER certificate; never NULL. */
char     *kasir_fingerprint_of_der    (const guint8 *der,
                                       gsize         length);
/* TRUE when @text is a fingerprint in the form above (any letter case). */
gboolean  kasir_fingerprint_is_valid  (const char   *text);
/* TRUE when both are valid and name the same certificate (letter case does not matter). */
gboolean  kasir_fingerprint_equal     (const char   *a,
                                       const char   *b);

G_END_DECLS
