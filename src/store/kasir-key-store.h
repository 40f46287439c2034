/* kasir-key-store.h — the database key and the terminal token in the user's keyring.
 *
 * Both secrets live only in the Secret Service (libsecret), never in a file or a log.
 * The database key is a random 256-bit raw key stored as 64 lower-case hex digits under
 * the schema "io.github.kasirpos.Kasir.DatabaseKey" with the attribute "path" (the
 * absolute path of the database file). The terminal token is stored under
 * "io.github.kasirpos.Kasir.TerminalToken" with the attributes "server" (base URL) and
 * "terminal" (terminal id as decimal text).
 *
 * These calls are synchronous D-Bus round trips: call them at startup or from a worker
 * thread, not on every keystroke.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KASIR_DATABASE_KEY_SIZE 32

#define KASIR_KEY_STORE_ERROR (kasir_key_store_error_quark ())

typedef enum
{
  KASIR_KEY_STORE_ERROR_UNAVAILABLE, /* no Secret Service, or it refused the request */
  KASIR_KEY_STORE_ERROR_CORRUPT,     /* a stored key that is not 64 hex digits */
} KasirKeyStoreError;

GQuark   kasir_key_store_error_quark              (void);

/* What state the keyring is in, for telling a person why a key could not be kept or
 * found: asked in a worker thread (D-Bus round trips). */
typedef enum
{
  KASIR_KEYRING_USABLE,        /* a default collection, unlocked: keys can be kept */
  KASIR_KEYRING_NO_SERVICE,    /* no Secret Service answers on the session bus */
  KASIR_KEYRING_NO_COLLECTION, /* the service has no default (login) collection */
  KASIR_KEYRING_LOCKED,        /* the default collection is locked and stayed locked */
  KASIR_KEYRING_REFUSED,       /* the service answered with an error */
} KasirKeyringState;

KasirKeyringState kasir_key_store_probe           (GCancellable  *cancellable);

/* Looks up the key for the database at @path (made absolute). Returns TRUE and fills
 * @key when found; returns FALSE with no error when the keyring has no key for it, and
 * FALSE with an error when the keyring cannot be asked or holds something unusable. */
gboolean kasir_key_store_lookup_database_key      (const char    *path,
                                                   guint8         key[KASIR_DATABASE_KEY_SIZE],
                                                   GCancellable  *cancellable,
                                                   GError       **error);
gboolean kasir_key_store_store_database_key       (const char    *path,
                                                   const guint8   key[KASIR_DATABASE_KEY_SIZE],
                                                   GCancellable  *cancellable,
                                                   GError       **error);
/* TRUE when no key is left for @path afterwards (whether or not one was there). */
gboolean kasir_key_store_clear_database_key       (const char    *path,
                                                   GCancellable  *cancellable,
                                                   GError       **error);

gboolean kasir_key_store_store_terminal_token     (const char    *server,
                                                   gint64         terminal_id,
                                                   const char    *token,
                                                   GCancellable  *cancellable,
                                                   GError       **error);
/* Returns the token in non-pageable memory (free it with kasir_key_store_free_secret), or
 * NULL: with no error when there is none, with an error when the keyring failed. */
char    *kasir_key_store_lookup_terminal_token    (const char    *server,
                                                   gint64         terminal_id,
                                                   GCancellable  *cancellable,
                                                   GError       **error);
gboolean kasir_key_store_clear_terminal_token     (const char    *server,
                                                   gint64         terminal_id,
                                                   GCancellable  *cancellable,
                                                   GError       **error);
/* Wipes and frees a secret returned above. NULL is allowed. */
void     kasir_key_store_free_secret              (char          *secret);

G_END_DECLS
