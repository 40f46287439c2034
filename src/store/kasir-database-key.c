/* kasir-database-key.c — keying one SQLCipher connection to the till's database: the
 * raw key and every cipher setting the file depends on. The database and its
 * checkpoint worker key their connections the same way.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-store"

#include "config.h"

#include <stdlib.h>
#include <glib/gi18n.h>
#include <sodium.h>

#include "kasir-database-private.h"

static gboolean
key_pragma (sqlite3     *db,
            const char  *sql,
            GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_FAILED, "%s: %s", sql,
                   sqlite3_errmsg (db));
      return FALSE;
    }
  return TRUE;
}

static int
cipher_major_version (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  int major = 0;

  if (sqlite3_prepare_v2 (db, "PRAGMA cipher_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);

      if (text != NULL)
        major = atoi (text);
    }
  sqlite3_finalize (stmt);

  return major;
}

/* Keys the connection and pins every cipher setting the file depends on. Must run before
 * anything reads the file. */
gboolean
kasir_database_key_connection (sqlite3       *db,
                               const guint8   key[KASIR_DATABASE_KEY_SIZE],
                               GError       **error)
{
  /* PRAGMA key = "x'<64 hex>'" : 11 + 64 + 3 bytes and a NUL. */
  char sql[96];
  char hex[KASIR_DATABASE_KEY_SIZE * 2 + 1];
  int rc;

  sodium_bin2hex (hex, sizeof hex, key, KASIR_DATABASE_KEY_SIZE);
  g_snprintf (sql, sizeof sql, "PRAGMA key = \"x'%s'\"", hex);
  rc = sqlite3_exec (db, sql, NULL, NULL, NULL);
  sodium_memzero (hex, sizeof hex);
  sodium_memzero (sql, sizeof sql);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_FAILED,
                   _("Could not set the database key: %s"), sqlite3_errstr (rc));
      return FALSE;
    }

  /* SQLCipher 4 changed the defaults (SHA512 HMAC and KDF, 4096-byte pages); it knows
   * cipher_hmac_algorithm and cipher_kdf_algorithm, 3.4 does not and would ignore them.
   * Pinning the SQLCipher 3 algorithms there keeps one file format for both builds. */
  if (cipher_major_version (db) >= 4)
    {
      if (!key_pragma (db, "PRAGMA cipher_hmac_algorithm = HMAC_SHA1", error) ||
          !key_pragma (db, "PRAGMA cipher_kdf_algorithm = PBKDF2_HMAC_SHA1", error))
        return FALSE;
    }

  for (const char * const *pragma = kasir_database_cipher_settings (); *pragma != NULL; pragma++)
    if (!key_pragma (db, *pragma, error))
      return FALSE;
  return TRUE;
}

const char * const *
kasir_database_cipher_settings (void)
{
  /* Understood by SQLCipher 3.4 and 4 alike. A raw key skips PBKDF2 altogether, so
   * kdf_iter is not used today; it is pinned to SQLCipher 3's value so that the settings
   * are complete and identical on both builds. */
  static const char * const settings[] = {
    "PRAGMA cipher_page_size = 4096",
    "PRAGMA kdf_iter = 64000",
    "PRAGMA cipher_use_hmac = ON",
    NULL
  };

  return settings;
}

